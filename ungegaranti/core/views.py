from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import AccessLogSearchForm
from .http import AuthenticatedRequest
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
