from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ungegaranti.people.selectors import young_people_visible_to

from .forms import AccessLogSearchForm
from .home import home_context
from .http import AuthenticatedRequest, Request
from .models import BackgroundJob
from .permissions import role_required
from .roles import Role
from .selectors import access_log_for_subjects, access_log_search


def home(request: Request) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/home/public.html")
    template = f"core/home/{request.user.role.lower()}.html" if request.user.role else None
    if template is None:
        raise Http404
    return render(request, template, home_context(request.user))


@role_required(Role.YOUNG_PERSON, Role.GUARDIAN)
def my_access_log(request: AuthenticatedRequest) -> HttpResponse:
    """Dates and purposes of staff lookups on one's own data (or one's minor children's)."""
    subjects = list(young_people_visible_to(user=request.user))
    entries = Paginator(access_log_for_subjects(subjects=subjects), 50).get_page(
        request.GET.get("side")
    )
    return render(request, "core/my_access_log.html", {"entries": entries, "subjects": subjects})


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
