import sys

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from .forms import AccessLogSearchForm
from .http import AuthenticatedRequest, Request
from .models import BackgroundJob
from .permissions import role_required
from .roles import Role
from .selectors import access_log_search


@role_required(Role.SECRETARIAT)
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_log_search(municipality=request.user.municipality, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    template = "core/_access_log_table.html" if request.htmx else "core/access_log.html"
    return render(request, template, {"form": form, "entries": page})


@login_required
def job_status(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    job = BackgroundJob.objects.filter(uuid=uuid, created_by=request.user).first()
    if job is None:
        raise Http404
    # A job that finished where its result is shown (an allocation run: the round's runs)
    # takes its starter there; the poll follows with HTMX's redirect header.
    next_url = job.result.get("next_url", "") if job.status == job.Status.SUCCEEDED else ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        if request.htmx:
            return HttpResponse(headers={"HX-Redirect": next_url})
        return redirect(next_url)
    template = "core/_job_status.html" if request.htmx else "core/job_status.html"
    return render(request, template, {"job": job})


def server_error(request: Request) -> HttpResponse:
    """500, or when the database is away (a restart, a failover) 503 with a Danish "try again"
    page and Retry-After: nothing was saved, and a moment later it works again. Neither page
    asks the database or the request context."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        return HttpResponse(
            loader.get_template("503.html").render(), status=503, headers={"Retry-After": "30"}
        )
    return defaults.server_error(request)
