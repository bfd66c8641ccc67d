from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungegaranti.core.downloads import csv_response, csv_streaming_response
from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record

from .disclosure import display
from .research import COLUMNS, research_rows
from .selectors import municipality_overview, partner_commitments, pupils_by_district


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
