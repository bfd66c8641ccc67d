"""What the cost page reads: the budget, the population figures, and the year's activities and
placements to divide it by. Each a single indexed query."""

from dataclasses import dataclass
from typing import Any

from ungegaranti.placement.models import Placement
from ungegaranti.plans.models import Activity

from .costs import Area, CostRow, cost_per, cost_table
from .models import Budget, PopulationFigure


@dataclass
class CostOverview:
    year: int
    budget: Budget | None
    population: PopulationFigure | None
    rows: list[CostRow]
    activities: int
    per_activity: int | None
    placements: int
    per_placement: int | None


def _area(figure: PopulationFigure) -> Area:
    return Area(
        name=figure.name,
        young_people=figure.young_people,
        year=figure.year,
        source=figure.source,
        is_country=figure.area == PopulationFigure.Area.COUNTRY,
    )


def _latest_figures(year: int) -> dict[tuple[str, str], PopulationFigure]:
    """Each area's most recent figure from `year` or before (or its earliest, if all later)."""
    latest: dict[tuple[str, str], PopulationFigure] = {}
    for figure in PopulationFigure.objects.order_by("year"):
        key = (figure.area, figure.code)
        if key not in latest or figure.year <= year:
            latest[key] = figure
    return latest


def budgets_of(*, municipality: Any) -> list[Budget]:
    return list(Budget.objects.filter(municipality=municipality).order_by("-year"))


def cost_overview(*, municipality: Any, year: int) -> CostOverview:
    budget = Budget.objects.filter(municipality=municipality, year=year).first()
    figures = _latest_figures(year)
    own = figures.pop((PopulationFigure.Area.MUNICIPALITY, municipality.code), None)
    others = sorted(figures.values(), key=lambda f: (f.area == "COUNTRY", f.name))
    activities = Activity.objects.filter(
        municipality=municipality,
        status=Activity.Status.COMPLETED,
        start_date__year=year,
    ).count()
    placements = (
        Placement.objects.filter(municipality=municipality, round__start_date__year=year)
        .exclude(via=Placement.Via.UNPLACED)
        .count()
    )
    rows: list[CostRow] = []
    if budget and own:
        rows = cost_table(
            budget_dkk=budget.amount_dkk, own=_area(own), others=[_area(f) for f in others]
        )
    amount = budget.amount_dkk if budget else 0
    return CostOverview(
        year=year,
        budget=budget,
        population=own,
        rows=rows,
        activities=activities,
        per_activity=cost_per(amount, activities) if budget else None,
        placements=placements,
        per_placement=cost_per(amount, placements) if budget else None,
    )
