from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

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
    template = "core/_job_status.html" if request.htmx else "core/job_status.html"
    return render(request, template, {"job": job})
