"""Request types for views, so the type checker knows what the middleware puts on a request."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class Request(HttpRequest):
    """Any request (anonymous visitors included), with django-htmx's details."""

    htmx: HtmxDetails


class AuthenticatedRequest(Request):
    """A request behind login (role_required/login_required): the user is a real User."""

    user: User
