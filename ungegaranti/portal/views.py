from django.http import Http404, HttpResponse
from django.shortcuts import render

from ungegaranti.core.http import Request

from .home import home_context


def home(request: Request) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/home/public.html")
    if not request.user.role:
        raise Http404
    template = f"portal/home/{request.user.role.lower()}.html"
    return render(request, template, home_context(request.user))
