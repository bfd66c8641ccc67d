from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.downloads import csv_response, csv_streaming_response
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import policy_required, role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record

from .cost_selectors import budgets_of, cost_overview
from .disclosure import display
from .forms import BudgetForm
from .permissions import can_set_budget, can_view_dashboards
from .research import COLUMNS, research_rows
from .selectors import municipality_overview, partner_commitments, pupils_by_district
from .services import budget_set


@role_required(Role.POLITICIAN, Role.SECRETARIAT)
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    municipality = request.user.municipality
    context = {
        "overview": municipality_overview(municipality=municipality),
        "districts": pupils_by_district(municipality=municipality),
        "commitments": partner_commitments(municipality=municipality),
    }
    return render(request, "insights/statistics.html", context)


@role_required(Role.POLITICIAN, Role.SECRETARIAT)
def statistics_csv(request: AuthenticatedRequest) -> HttpResponse:
    table = pupils_by_district(municipality=request.user.municipality)
    rows = [
        [name, *(display(c) for c in cells), display(total)] for name, cells, total in table.rows
    ]
    rows.append([_("I alt"), *(display(c) for c in table.column_totals), display(table.total)])
    return csv_response(
        filename="elever-pr-distrikt.csv",
        header=[_("Skoledistrikt"), *table.columns, _("I alt")],
        rows=rows,
    )


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
