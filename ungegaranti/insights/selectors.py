"""Aggregates for politicians, the board and the secretariat: counts only, small cells hidden."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from ungegaranti.partners.models import COMMITMENT_FIELDS, commitment_label
from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.models import SchoolDistrict, YoungPerson
from ungegaranti.people.selectors import birth_date_range_for_ages

from .disclosure import suppress_row

AGE_BANDS = [(6, 9), (10, 14), (15, 17), (18, 24), (25, 29)]


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]


def municipality_overview(*, municipality: Any) -> dict[str, Any]:
    today = timezone.localdate()
    people = YoungPerson.objects.filter(municipality=municipality)
    band_counts = []
    for low, high in AGE_BANDS:
        earliest, latest = birth_date_range_for_ages(low, high, today)
        band_counts.append(people.filter(birth_date__gte=earliest, birth_date__lte=latest).count())
    partners = partners_public(municipality=municipality)
    return {
        "young_people": people.count(),
        "age_bands": [f"{low}-{high}" for low, high in AGE_BANDS],
        "age_band_counts": suppress_row(band_counts),
        "partners": partners.count(),
    }


def pupils_by_district(*, municipality: Any) -> Table:
    """Pupils per district and grade band, suppressed per row."""
    bands = [("0.-3.", range(0, 4)), ("4.-6.", range(4, 7)), ("7.-9.", range(7, 10)), ("10.", [10])]
    rows = []
    districts = SchoolDistrict.objects.filter(municipality=municipality).order_by("name")
    counts = (
        YoungPerson.objects.filter(municipality=municipality, school_class__isnull=False)
        .values("school__district_id", "school_class__grade")
        .annotate(n=Count("id"))
    )
    by_key = {(c["school__district_id"], c["school_class__grade"]): c["n"] for c in counts}
    for district in districts:
        cells = [sum(by_key.get((district.pk, g), 0) for g in grades) for _, grades in bands]
        rows.append((district.name, suppress_row(cells)))
    return Table(caption="", columns=[label for label, _ in bands], rows=rows)


def partner_commitments(*, municipality: Any) -> list[tuple[str, int]]:
    partners = partners_public(municipality=municipality)
    return [
        (
            commitment_label(name),
            partners.filter(**{name: True}).count(),
        )
        for name in COMMITMENT_FIELDS
    ]
