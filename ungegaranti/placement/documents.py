"""Partner lists and class lists of a published round, as CSV and as PDF (WeasyPrint).

A partner's list has only what the company needs to receive a pupil: first name, age, school
and class. Never a CPR, a last name, an address or the support-track flag.
"""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ungegaranti.core.dates import format_date_range
from ungegaranti.core.downloads import csv_bytes

from .models import Placement, Round
from .selectors import placements_of


@dataclass
class ListDocument:
    title: str
    subtitle: str
    headers: list[str]
    rows: list[list[str]]
    filename: str


def _period(round: Round) -> str:
    return format_date_range(round.start_date, round.end_date)


def partner_list(*, round: Round, partner: Any) -> ListDocument:
    placements = (
        placements_of(round=round)
        .filter(round_offer__offer__partner=partner)
        .order_by("round_offer__offer__title", "young_person__first_name", "young_person__uuid")
    )
    rows = [
        [
            p.young_person.first_name,
            str(p.young_person.age_on(round.start_date)),
            p.young_person.school.name if p.young_person.school else "",
            p.young_person.school_class.name if p.young_person.school_class else "",
            p.round_offer.offer.title if p.round_offer else "",
            _period(round),
        ]
        for p in placements
    ]
    return ListDocument(
        title=_("Erhvervspraktikanter: %(partner)s") % {"partner": partner},
        subtitle=f"{round.name}, {_period(round)}",
        headers=[_("Fornavn"), _("Alder"), _("Skole"), _("Klasse"), _("Tilbud"), _("Periode")],
        rows=rows,
        filename=f"praktikanter-{round.uuid}",
    )


def class_list(*, round: Round, school_class: Any) -> ListDocument:
    placements = (
        placements_of(round=round)
        .filter(young_person__school_class=school_class)
        .order_by("young_person__last_name", "young_person__first_name", "young_person__uuid")
    )

    def how(p: Placement) -> str:
        if p.via == Placement.Via.WISH:
            return _("%(rank)s. ønske") % {"rank": p.rank}
        return str(p.get_via_display())

    def agreement_state(p: Placement) -> str:
        agreement = getattr(p, "agreement", None)
        if agreement is None:
            return ""
        if agreement.is_complete:
            return _("Komplet")
        return _("Mangler: %(who)s") % {"who": ", ".join(agreement.missing)}

    rows = []
    for p in placements:
        place = p.workplace
        rows.append(
            [
                p.young_person.full_name,
                place.title if place else _("Ikke placeret endnu"),
                place.company if place else "",
                f"{place.address}, {place.postal_code}" if place else "",
                how(p),
                agreement_state(p),
            ]
        )
    return ListDocument(
        title=_("Erhvervspraktik for %(klasse)s") % {"klasse": school_class},
        subtitle=f"{round.name}, {_period(round)}",
        headers=[
            _("Elev"),
            _("Tilbud"),
            _("Virksomhed"),
            _("Adresse"),
            _("Hvordan"),
            _("Praktikaftale"),
        ],
        rows=rows,
        filename=f"klasseliste-{round.uuid}",
    )


def as_csv(document: ListDocument) -> bytes:
    return csv_bytes(document.headers, document.rows)


def as_html(document: ListDocument) -> str:
    return render_to_string("placement/list_document.html", {"doc": document})


def as_pdf(document: ListDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=as_html(document)).write_pdf()
