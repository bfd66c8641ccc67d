"""Session rules of every request: an idle session ends, and a password session that owes a
TOTP code reaches no page but the code's own (and logging out)."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ungegaranti.core.roles import STAFF_ROLES

from .twofactor import confirmed_device, session_needs_code

LAST_SEEN_KEY = "last_seen"
# Writing the session on every request costs a database write; once a minute is precise enough.
LAST_SEEN_RESOLUTION = 60

# Pages a session that still owes its TOTP code may open.
OPEN_WITHOUT_CODE = frozenset(
    {
        "logout",
        "set_language",
        "identity:totp_verify",
        "identity:totp_enrol",
        "core:health_live",
        "core:health_ready",
        "core:metrics",
    }
)


def idle_limit_seconds(user: Any) -> int:
    if user.role in STAFF_ROLES or user.is_superuser:
        return int(settings.SESSION_IDLE_SECONDS_STAFF)
    return int(settings.SESSION_IDLE_SECONDS)


def last_seen_at_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Start the idle clock at login (the user_logged_in signal), so that the first pages
    after it need no session write."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


def _go(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


class IdleTimeoutMiddleware:
    """Log out a session that has not been used for its limit: 30 minutes for staff (a
    screen left open in a staff room), two hours for everyone else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = idle_limit_seconds(user)
            if last_seen is not None and now - int(last_seen) > limit:
                logout(request)
                messages.info(
                    request,
                    _(
                        "Du er blevet logget ud, fordi siden ikke har været brugt i "
                        "%(minutes)d minutter. Log ind igen for at fortsætte."
                    )
                    % {"minutes": limit // 60},
                )
                response = redirect_to_login(request.get_full_path())
                return _go(request, response["Location"])
            if last_seen is None or now - int(last_seen) >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """A password session that needs TOTP (identity/twofactor.py) is sent to enter its code,
    or to set TOTP up when it has none yet, before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_WITHOUT_CODE:
            return None
        if not session_needs_code(request):
            return None
        name = "identity:totp_verify" if confirmed_device(request.user) else "identity:totp_enrol"
        return _go(request, f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
