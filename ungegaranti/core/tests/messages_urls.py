"""The project's URLs plus one page that shows a message of each level (for test_messages)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def all_levels(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Tilbuddet er gemt.")
    messages.info(request, "Der er nyt fra kommunen.")
    messages.warning(request, "Perioden slutter snart.")
    messages.error(request, "Perioden blev ikke ændret.")
    return render(request, "core/base.html")


urlpatterns = [*project_urlpatterns, path("test-beskeder/", all_levels)]
