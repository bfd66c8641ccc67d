from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.downloads import csv_response, xlsx_response
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry, Municipality, Track
from ungegaranti.core.permissions import policy_required
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import access_log_record
from ungegaranti.people.models import School, SchoolDistrict

from .cost_selectors import budgets_of, cost_overview
from .dashboards import PUBLIC_CHARTS, Chart, Filters, chart_of, dashboard, school_years_of
from .disclosure import Hidden, display
from .forms import BudgetForm, ResearchProjectForm
from .models import FigureRefresh
from .permissions import (
    can_register_research_project,
    can_set_budget,
    can_use_research_exports,
    can_view_dashboards,
    sees_exact_counts,
)
from .research import ResearchExportRefusedError
from .selectors import (
    figures_refreshed_at,
    get_research_export_for_user_or_404,
    get_research_project_for_user_or_404,
    municipality_overview,
    research_exports_of,
    research_projects_of,
    research_projects_registered,
)
from .services import budget_set, research_project_register
from .services import research_export_request as research_export_request_service


def _filters(request: AuthenticatedRequest, municipality: Any) -> tuple[Filters, dict[str, Any]]:
    """The dashboard's filters from the query string; unknown values fall back to none."""
    today = timezone.localdate()
    years = school_years_of(municipality=municipality) or [school_year_of(today)]
    try:
        year = int(request.GET.get("skoleaar", ""))
    except ValueError:
        year = school_year_of(today)
    if year not in years:
        year = school_year_of(today) if school_year_of(today) in years else years[0]
    districts = list(SchoolDistrict.objects.filter(municipality=municipality).order_by("name"))
    schools = list(School.objects.filter(municipality=municipality).order_by("name"))
    district = next((d for d in districts if str(d.uuid) == request.GET.get("distrikt")), None)
    school = next((s for s in schools if str(s.uuid) == request.GET.get("skole")), None)
    track = request.GET.get("spor", "")
    if track not in Track.Kind.values:
        track = ""
    options = {
        "years": years,
        "districts": districts,
        "schools": schools,
        "tracks": list(Track.objects.filter(municipality=municipality).order_by("kind")),
    }
    return Filters(school_year=year, district=district, school=school, track=track), options


@policy_required(can_view_dashboards)
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    """The dashboard: every track's charts, or one track's (the track owner's view)."""
    municipality = request.user.municipality
    filters, options = _filters(request, municipality)
    exact = sees_exact_counts(request.user)
    context = {
        "charts": dashboard(municipality=municipality, filters=filters, exact=exact),
        "filters": filters,
        "query": request.GET.urlencode(),
        "exact": exact,
        "track": next((t for t in options["tracks"] if t.kind == filters.track), None),
        "refreshed_at": figures_refreshed_at(municipality=municipality),
        **options,
    }
    return render(request, "insights/dashboard.html", context)


def _chart_download(request: AuthenticatedRequest, key: str) -> tuple[Chart, list[Any], Any]:
    municipality = request.user.municipality
    filters, _options = _filters(request, municipality)
    chart = chart_of(
        municipality=municipality, filters=filters, key=key, exact=sees_exact_counts(request.user)
    )
    if chart is None:
        raise Http404
    header = [str(chart.spec.row_heading), *chart.columns]
    rows = [
        [label, *(display(c) if isinstance(c, Hidden) else c for c in cells)]
        for label, cells in chart.rows
    ]
    return chart, header, rows


@policy_required(can_view_dashboards)
def chart_csv(request: AuthenticatedRequest, key: str) -> HttpResponse:
    chart, header, rows = _chart_download(request, key)
    return csv_response(filename=f"{key}.csv", header=header, rows=rows)


@policy_required(can_view_dashboards)
def chart_xlsx(request: AuthenticatedRequest, key: str) -> HttpResponse:
    chart, header, rows = _chart_download(request, key)
    return xlsx_response(
        filename=f"{key}.xlsx", header=header, rows=rows, sheet=str(chart.spec.title)
    )


def public_index(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.filter(
        pk__in=FigureRefresh.objects.values("municipality_id")
    ).order_by("name")
    return render(request, "insights/public_index.html", {"municipalities": municipalities})


def public_figures(request: HttpRequest, code: str) -> HttpResponse:
    """ "Ungegarantien i tal": headline figures and the protected charts, for anyone."""
    municipality = get_object_or_404(Municipality, code=code)
    today = timezone.localdate()
    filters = Filters(school_year=school_year_of(today))
    charts = dashboard(municipality=municipality, filters=filters, exact=False)
    context = {
        "municipality": municipality,
        "overview": municipality_overview(municipality=municipality),
        "charts": [c for c in charts if c.spec.key in PUBLIC_CHARTS],
        "refreshed_at": figures_refreshed_at(municipality=municipality),
        "filters": filters,
    }
    return render(request, "insights/public_figures.html", context)


def _denied(request: AuthenticatedRequest, purpose: str) -> Http404:
    """A project or export outside the researcher's own: 404, and the attempt is logged."""
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        action=AccessLogEntry.Action.DENIED,
        purpose=purpose,
        path=request.path,
    )
    return Http404()


@policy_required(can_use_research_exports)
def research_export(request: AuthenticatedRequest) -> HttpResponse:
    """The researcher's page: their projects, ordering an export, the finished ones."""
    user = request.user
    projects = research_projects_of(user=user)
    context = {
        "projects": projects,
        "exports": research_exports_of(user=user),
        "today": timezone.localdate(),
    }
    return render(request, "insights/research_export.html", context)


@require_POST
@policy_required(can_use_research_exports)
def research_export_request(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    try:
        project = get_research_project_for_user_or_404(request.user, uuid)
    except Http404:
        raise _denied(
            request, _("Bestilling af forskningsudtræk uden for egne projekter")
        ) from None
    try:
        export = research_export_request_service(
            project=project,
            acting_user=request.user,  # type: ignore[arg-type]
            path=request.path,
        )
    except ResearchExportRefusedError as refused:
        messages.error(request, str(refused))
        return redirect("insights:research_export")
    assert export.job is not None
    messages.info(request, _("Udtrækket er bestilt og dannes i baggrunden."))
    return redirect("core:job_status", uuid=export.job.uuid)


@policy_required(can_use_research_exports)
def research_export_download(request: AuthenticatedRequest, uuid: str) -> FileResponse:
    try:
        export = get_research_export_for_user_or_404(request.user, uuid)
    except Http404:
        raise _denied(request, _("Hentning af forskningsudtræk uden for egne projekter")) from None
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        action=AccessLogEntry.Action.EXPORT,
        purpose=_("Forskningsudtræk hentet: %(name)s (%(ref)s)")
        % {"name": export.project.name, "ref": export.project.approval_reference},
        path=request.path,
    )
    return FileResponse(
        export.archive.open("rb"),
        as_attachment=True,
        filename=f"forskning-{export.project.municipality.code}-{export.created_at:%Y-%m}-"
        f"{str(export.uuid)[:8]}.zip",
        content_type="application/zip",
    )


@policy_required(can_register_research_project)
def research_projects(request: AuthenticatedRequest) -> HttpResponse:
    """The secretariat's register of research projects, with the form to add one."""
    municipality = request.user.municipality
    form = ResearchProjectForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            project = research_project_register(
                municipality=municipality,
                acting_user=request.user,  # type: ignore[arg-type]
                **{**form.cleaned_data, "researchers": list(form.cleaned_data["researchers"])},
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request, _("Projektet %(name)s er registreret.") % {"name": project.name}
            )
            return redirect("insights:research_projects")
    context = {"form": form, "projects": research_projects_registered(municipality=municipality)}
    return render(request, "insights/research_projects.html", context)


@policy_required(can_view_dashboards)
def costs(request: AuthenticatedRequest) -> HttpResponse:
    """The cost model; the secretariat enters the year's budget on the same page."""
    municipality = request.user.municipality
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar") or today.year)
    except ValueError:
        year = today.year
    form = None
    if can_set_budget(request.user, municipality):
        form = BudgetForm(request.POST or None, initial={"year": year})
        if request.method == "POST" and form.is_valid():
            budget_set(
                municipality=municipality,
                year=form.cleaned_data["year"],
                amount_dkk=form.cleaned_data["amount"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Budgettet er gemt."))
            return redirect(f"{reverse('insights:costs')}?aar={form.cleaned_data['year']}")
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "overview": cost_overview(municipality=municipality, year=year),
        "budgets": budgets_of(municipality=municipality),
        "form": form,
        "years": list(range(today.year + 1, 2018, -1)),
    }
    return render(request, "insights/costs.html", context)
