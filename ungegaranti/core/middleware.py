"""The Permissions-Policy header (Django sets the other security headers itself), and the
access-log entry of a refused write."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessLogEntry
from .services import access_log_record

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def permissions_policy(features: dict[str, list[str]]) -> str:
    """{"camera": [], "geolocation": ["self"]} -> 'camera=(), geolocation=(self)'."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RefusedWriteLogMiddleware:
    """A logged-in user's write that was refused (403, or 404 for an object outside their scope)
    is an attempt in the access log, with its path, so the monthly review sees it. A view that
    logged the refusal itself (reading a young person outside the scope) is not logged twice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = timezone.now()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in WRITE_METHODS
            and response.status_code in (403, 404)
            and user is not None
            and user.is_authenticated
            and not AccessLogEntry.objects.filter(
                action=AccessLogEntry.Action.DENIED,
                path=request.path[:300],
                created_at__gte=started,
            ).exists()
        ):
            access_log_record(
                user=user,  # type: ignore[arg-type]
                action=AccessLogEntry.Action.DENIED,
                purpose=_("Afvist ændring (%(method)s, svar %(status)d)")
                % {"method": request.method, "status": response.status_code},
                path=request.path,
            )
        return response
