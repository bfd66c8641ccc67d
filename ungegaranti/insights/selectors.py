"""Aggregates for politicians, the board and the secretariat: counts only, small cells hidden."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from ungegaranti.partners.models import COMMITMENT_FIELDS, commitment_label
from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.models import SchoolDistrict, YoungPerson
from ungegaranti.people.selectors import birth_date_range_for_ages

from .disclosure import Cell, protect_counts, protect_table

AGE_BANDS = [(6, 9), (10, 14), (15, 17), (18, 24), (25, 29)]


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], Cell]]  # name, cells, the row's total
    column_totals: list[Cell]
    total: Cell


def municipality_overview(*, municipality: Any) -> dict[str, Any]:
    today = timezone.localdate()
    people = YoungPerson.objects.filter(municipality=municipality)
    band_counts = []
    for low, high in AGE_BANDS:
        earliest, latest = birth_date_range_for_ages(low, high, today)
        band_counts.append(people.filter(birth_date__gte=earliest, birth_date__lte=latest).count())
    partners = partners_public(municipality=municipality)
    shown_bands, total_shown = protect_counts([*band_counts, people.count() - sum(band_counts)])
    return {
        "young_people": total_shown,
        "age_bands": [f"{low}-{high}" for low, high in AGE_BANDS],
        "age_band_counts": shown_bands[:-1],
        "partners": partners.count(),
    }


def pupils_by_district(*, municipality: Any) -> Table:
    """Pupils per district and grade band, with totals, suppressed as one table."""
    bands = [("0.-3.", range(0, 4)), ("4.-6.", range(4, 7)), ("7.-9.", range(7, 10)), ("10.", [10])]
    districts = SchoolDistrict.objects.filter(municipality=municipality).order_by("name")
    counts = (
        YoungPerson.objects.filter(municipality=municipality, school_class__isnull=False)
        .values("school__district_id", "school_class__grade")
        .annotate(n=Count("id"))
    )
    by_key = {(c["school__district_id"], c["school_class__grade"]): c["n"] for c in counts}
    counts_table = [
        [sum(by_key.get((district.pk, g), 0) for g in grades) for _, grades in bands]
        for district in districts
    ]
    protected = protect_table(counts_table)
    return Table(
        caption="",
        columns=[label for label, _ in bands],
        rows=[
            (d.name, cells, total)
            for d, cells, total in zip(
                districts, protected.cells, protected.row_totals, strict=True
            )
        ],
        column_totals=protected.column_totals,
        total=protected.total,
    )


def partner_commitments(*, municipality: Any) -> list[tuple[str, int]]:
    partners = partners_public(municipality=municipality)
    return [
        (
            commitment_label(name),
            partners.filter(**{name: True}).count(),
        )
        for name in COMMITMENT_FIELDS
    ]
