"""The cost model: the yearly budget per young person, and what the same per-person price
would cost another municipality and the whole country (the seed's "Hvad koster det?" table).

Every amount is rounded to whole kroner, half up (1,160.50 -> 1,161), at the step named in its
row's `rounding`, so that the table states how each figure is made:
- the municipality's own per-person figure is budget / 7-29 year olds, rounded;
- another municipality's yearly amount is that rounded per-person figure times its 7-29 year
  olds (the seed: 1,161 x 8,638 = 10,028,718);
- the country's yearly amount is the unrounded per-person figure times the country's 7-29 year
  olds, rounded once at the end (the seed: 18,000,000 / 15,509 x 1,645,441 = 1,909,725,837).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ROUNDING_OWN = _("Budget ÷ antal 7-29-årige, afrundet til hele kroner.")
ROUNDING_MUNICIPALITY = _(
    "Det afrundede beløb pr. ung × kommunens antal 7-29-årige (ingen yderligere afrunding)."
)
ROUNDING_COUNTRY = _(
    "Det uafrundede beløb pr. ung × landets antal 7-29-årige, afrundet til hele kroner til sidst."
)


def to_krone(value: Fraction) -> int:
    """Half up to whole kroner, exactly (no float on the way)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Area:
    name: str
    young_people: int
    year: int
    source: str
    is_country: bool = False


@dataclass(frozen=True)
class CostRow:
    area: Area
    per_young_person: int
    yearly: int
    rounding: str
    is_own: bool = False


def cost_table(*, budget_dkk: int, own: Area, others: list[Area]) -> list[CostRow]:
    if budget_dkk <= 0 or own.young_people <= 0:
        raise ValueError("a cost table needs a positive budget and population")
    exact = Fraction(budget_dkk, own.young_people)
    rounded = to_krone(exact)
    rows = [CostRow(own, rounded, budget_dkk, str(ROUNDING_OWN), is_own=True)]
    for area in others:
        if area.is_country:
            rows.append(
                CostRow(area, rounded, to_krone(exact * area.young_people), str(ROUNDING_COUNTRY))
            )
        else:
            rows.append(
                CostRow(area, rounded, rounded * area.young_people, str(ROUNDING_MUNICIPALITY))
            )
    return rows


def cost_per(budget_dkk: int, count: int) -> int | None:
    """The budget per activity or placement, rounded half up; None where there were none."""
    return to_krone(Fraction(budget_dkk, count)) if count > 0 else None
