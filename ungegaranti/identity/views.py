"""The login page (a button per route and municipality, the password form for demo and
break-glass accounts), the round trip to each broker, and the refusal page."""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ungegaranti.core.assurance import SESSION_KEY as LEVEL_KEY
from ungegaranti.core.http import Request
from ungegaranti.core.models import Municipality
from ungegaranti.core.services import access_log_login_refused

from .config import KOMBIT, OIDC_ROUTES, Route, municipalities_with_routes, route_for
from .oidc import OIDC_ERRORS, oidc_claims, oidc_start
from .saml import saml_identity, saml_start_url, sp_metadata_xml
from .services import LOGIN_SERVICES, LoginRefused, LoginResult, login_kombit

logger = logging.getLogger(__name__)

NEXT_KEY = "login_next"
ROUTE_KEY = "login_route"


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
        self.request.session[ROUTE_KEY] = "password"
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
