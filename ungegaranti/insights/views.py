from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.downloads import csv_response, csv_streaming_response, xlsx_response
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry, Municipality, Track
from ungegaranti.core.permissions import policy_required, role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import access_log_record
from ungegaranti.people.models import School, SchoolDistrict

from .cost_selectors import budgets_of, cost_overview
from .dashboards import PUBLIC_CHARTS, Chart, Filters, chart_of, dashboard, school_years_of
from .disclosure import Hidden, display
from .forms import BudgetForm
from .models import FigureRefresh
from .permissions import can_set_budget, can_view_dashboards, sees_exact_counts
from .research import COLUMNS, research_rows
from .selectors import figures_refreshed_at, municipality_overview
from .services import budget_set


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


@role_required(Role.RESEARCHER)
def research_export(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "insights/research_export.html", {"columns": COLUMNS})


@role_required(Role.RESEARCHER)
def research_export_csv(request: AuthenticatedRequest) -> StreamingHttpResponse:
    municipality = request.user.municipality
    assert municipality is not None  # every role login belongs to a municipality
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        action=AccessLogEntry.Action.EXPORT,
        purpose=_("Pseudonymiseret forskningsudtræk"),
        path=request.path,
    )
    return csv_streaming_response(
        filename=f"ungegaranti-forskning-{municipality.code}.csv",
        header=COLUMNS,
        rows=research_rows(municipality=municipality),
    )


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
