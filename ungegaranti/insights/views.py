import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record

from .research import COLUMNS, research_csv_chunks
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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="elever-pr-distrikt.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Skoledistrikt"), *table.columns])
    for name, cells in table.rows:
        writer.writerow([name, *("<5" if c is None else c for c in cells)])
    return response


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
    response = StreamingHttpResponse(
        research_csv_chunks(municipality=municipality), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ungegaranti-forskning-{municipality.code}.csv"'
    )
    return response
