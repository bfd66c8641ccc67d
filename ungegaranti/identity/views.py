"""The login page (a button per route and municipality, the password form for demo and
break-glass accounts), the round trip to each broker, and the refusal page."""

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.util import random_hex

from ungegaranti.core.assurance import SESSION_KEY as LEVEL_KEY
from ungegaranti.core.http import AuthenticatedRequest, Request
from ungegaranti.core.models import Municipality
from ungegaranti.core.services import access_log_login_refused, user_sessions_end

from .config import KOMBIT, OIDC_ROUTES, Route, municipalities_with_routes, route_for
from .forms import TotpCodeForm
from .oidc import OIDC_ERRORS, oidc_claims, oidc_start
from .saml import saml_identity, saml_start_url, sp_metadata_xml
from .services import LOGIN_SERVICES, LoginRefused, LoginResult, login_kombit, totp_device_confirm
from .twofactor import (
    CODE_OWED_KEY,
    PASSWORD_ROUTE,
    PENDING_KEY_SESSION,
    ROUTE_KEY,
    confirmed_device,
    is_password_session,
    provisioning_uri,
    qr_svg,
    secret_for_typing,
    totp_required,
)

logger = logging.getLogger(__name__)

NEXT_KEY = "login_next"


class LoginPage(LoginView):
    """The four routes of each municipality; below them the local password login, which only
    accounts with a password have (demo and break-glass: broker logins get none)."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "municipalities": municipalities_with_routes(),
        }

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session.pop(LEVEL_KEY, None)  # the local login's own level applies
        self.request.session[ROUTE_KEY] = PASSWORD_ROUTE
        if totp_required(form.get_user()):
            self.request.session[CODE_OWED_KEY] = True
        return response


def _route_or_404(municipality_code: str, kind: str) -> tuple[Municipality, Route]:
    municipality = get_object_or_404(Municipality, code=municipality_code)
    route = route_for(municipality_code, kind)
    if route is None:
        raise Http404
    return municipality, route


def start(request: Request, municipality_code: str, route: str) -> HttpResponse:
    municipality, chosen = _route_or_404(municipality_code, route)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        request.session[NEXT_KEY] = next_url
    try:
        if chosen.kind == KOMBIT:
            return redirect(saml_start_url(chosen, request, relay_state=municipality.code))
        return oidc_start(chosen, request)
    except OIDC_ERRORS as error:
        logger.warning(
            "login route %s of %s is unreachable: %s", chosen.kind, municipality.code, error
        )
        return render(
            request,
            "identity/unavailable.html",
            {"route": chosen, "municipality": municipality},
            status=503,
        )


def _complete(request: Request, route: Route, result: LoginResult) -> HttpResponse:
    next_url = request.session.pop(NEXT_KEY, "")
    auth_login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[LEVEL_KEY] = int(result.level)
    request.session[ROUTE_KEY] = route.kind
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _refuse(
    request: Request,
    municipality: Municipality,
    route: Route,
    *,
    message: str,
    reason: str,
    no_match: bool = False,
) -> HttpResponse:
    access_log_login_refused(
        municipality=municipality, route=route.label, reason=reason, path=request.path
    )
    return render(
        request,
        "identity/refused.html",
        {"message": message, "route": route, "municipality": municipality, "no_match": no_match},
        status=403,
    )


def _untrusted(
    request: Request, municipality: Municipality, route: Route, error: Exception
) -> HttpResponse:
    return _refuse(
        request,
        municipality,
        route,
        message=_(
            "Svaret fra %(route)s kunne ikke godkendes, så du er ikke logget ind. Det kan "
            "skyldes, at login-siden blev åbnet to gange, eller at der gik for lang tid. Prøv "
            "at logge ind igen."
        )
        % {"route": route.label},
        reason=f"{route.label}: {type(error).__name__} {str(error)[:80]}",
    )


def oidc_callback(request: Request, municipality_code: str, route: str) -> HttpResponse:
    municipality, chosen = _route_or_404(municipality_code, route)
    if chosen.kind not in OIDC_ROUTES:
        raise Http404
    try:
        claims = oidc_claims(chosen, request)
    except OIDC_ERRORS as error:
        return _untrusted(request, municipality, chosen, error)
    try:
        result = LOGIN_SERVICES[chosen.kind](route=chosen, municipality=municipality, claims=claims)
    except LoginRefused as refusal:
        return _refuse(
            request,
            municipality,
            chosen,
            message=refusal.message,
            reason=refusal.reason,
            no_match=refusal.no_match,
        )
    return _complete(request, chosen, result)


@csrf_exempt  # posted by the IdP's page; the signed assertion and InResponseTo protect it
@require_POST
def saml_acs(request: Request, municipality_code: str) -> HttpResponse:
    municipality, chosen = _route_or_404(municipality_code, KOMBIT)
    try:
        subject, privileges, names, level = saml_identity(chosen, request)
    except Exception as error:  # noqa: BLE001  (pysaml2 raises many kinds on untrusted input)
        return _untrusted(request, municipality, chosen, error)
    try:
        result = login_kombit(
            route=chosen,
            municipality=municipality,
            subject=subject,
            privileges=privileges,
            attributes=names,
            level=level,
        )
    except LoginRefused as refusal:
        return _refuse(
            request,
            municipality,
            chosen,
            message=refusal.message,
            reason=refusal.reason,
            no_match=refusal.no_match,
        )
    return _complete(request, chosen, result)


def saml_metadata(request: Request, municipality_code: str) -> HttpResponse:
    _municipality, chosen = _route_or_404(municipality_code, KOMBIT)
    return HttpResponse(
        sp_metadata_xml(chosen, request), content_type="application/samlmetadata+xml"
    )


def _next_or(request: Request, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return default


@login_required
def account_security(request: AuthenticatedRequest) -> HttpResponse:
    """Your logins: two-factor for a local account, and logging out on every device."""
    return render(
        request,
        "identity/account_security.html",
        {
            "password_session": is_password_session(request),
            "has_totp": confirmed_device(request.user) is not None,
            "totp_required": totp_required(request.user),
        },
    )


@login_required
def totp_enrol(request: AuthenticatedRequest) -> HttpResponse:
    """Set up TOTP: scan the QR code (or type the key) into an authenticator app, then give
    one code from it. A session that owes the code of an existing device must give that first:
    knowing the password is not enough to replace the device."""
    next_url = _next_or(request, reverse("identity:account_security"))
    if request.session.get(CODE_OWED_KEY) and confirmed_device(request.user):
        return redirect(f"{reverse('identity:totp_verify')}?{urlencode({'next': next_url})}")
    key = request.session.get(PENDING_KEY_SESSION) or random_hex(20)
    request.session[PENDING_KEY_SESSION] = key
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(
                user=request.user,
                key=key,
                token=form.cleaned_data["token"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)
            request.session.pop(PENDING_KEY_SESSION, None)
            request.session.pop(CODE_OWED_KEY, None)
            messages.success(request, _("Totrinsbekræftelse er slået til for dit login."))
            return redirect(next_url)
    uri = provisioning_uri(request.user, key)
    return render(
        request,
        "identity/totp_enrol.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr_svg(uri)),  # noqa: S308  (our own SVG of our own text)
            "secret": secret_for_typing(key),
            "next": next_url,
            "required": totp_required(request.user),
        },
    )


@login_required
def totp_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of a password login: the code from the person's app. django-otp
    throttles wrong codes (each one doubles the wait); each is written to the access log."""
    next_url = _next_or(request, settings.LOGIN_REDIRECT_URL)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('identity:totp_enrol')}?{urlencode({'next': next_url})}")
    if not request.session.get(CODE_OWED_KEY):
        return redirect(next_url)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, throttle = device.verify_is_allowed()
        if not allowed:
            wait = int((throttle or {}).get("locked_until", timezone.now()).timestamp())
            seconds = max(1, wait - int(timezone.now().timestamp()))
            form.add_error(
                None,
                _("For mange forkerte koder. Vent %(seconds)d sekunder, og prøv igen.")
                % {"seconds": seconds},
            )
        elif device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            request.session.pop(CODE_OWED_KEY, None)
            return redirect(next_url)
        else:
            access_log_login_refused(
                municipality=request.user.municipality,
                route="TOTP",
                reason=f"forkert TOTP-kode for {request.user.username}",
                path=request.path,
            )
            form.add_error(None, _("Koden passer ikke. Prøv igen med den kode, appen viser nu."))
    return render(request, "identity/totp_verify.html", {"form": form, "next": next_url})


@require_POST
@login_required
def logout_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    """End every session of this user, on every device, this one too."""
    user_sessions_end(user=request.user, acting_user=request.user)
    logout(request)
    messages.success(request, _("Du er logget ud på alle dine enheder."))
    return redirect("login")


def locked_out_logged(sender: object, request: Any, username: str, **kwargs: Any) -> None:
    """django-axes' signal: a username has just been locked out after too many wrong
    passwords. The access-log review sees it."""
    access_log_login_refused(
        municipality=None,
        route="adgangskode",
        reason=f"for mange forkerte adgangskoder for {username}; låst",
        path=getattr(request, "path", ""),
    )


def locked_out(
    request: Request, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out username: a Danish page, 429 Too Many Requests."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "identity/locked_out.html",
        {
            "username": username,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
