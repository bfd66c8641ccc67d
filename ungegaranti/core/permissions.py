"""Role checks shared by every app. Object-level policies live in each app's permissions.py."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .roles import STAFF_ROLES, Role


def has_role(user: Any, *roles: Role) -> bool:
    return bool(user.is_authenticated and user.role in {r.value for r in roles})


def is_staff_role(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in STAFF_ROLES)


def can_view_history(user: Any, obj: Any) -> bool:
    """The secretariat reads the audit trail ("Historik") of its own municipality's objects."""
    return has_role(user, Role.SECRETARIAT) and (
        getattr(obj, "municipality_id", None) == user.municipality_id
    )


def role_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous users go to the login page; logged-in users of another role get 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def policy_required(
    policy: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Like role_required, but asks an app's scope policy (`can_book_for_classes(user)`), so that
    the roles behind it are named once, in the app's permissions.py."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not policy(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
