"""Everything the round's page shows, read in one place: the instance is built at most once
and shared by the shortfall and the check of which runs are current."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from ungegaranti.core.models import User
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass
from ungegaranti.people.selectors import classes_visible_to

from ..models import Round, Run
from .rounds import round_demand
from .runs import round_runs, runs_current
from .shortfall import round_shortfall


@dataclass
class RoundOverview:
    demand: dict[str, Any]
    shortfall: dict[str, Any] | None
    runs: list[Run]
    current_runs: set[int]
    days_left: int
    classes: QuerySet[SchoolClass] | list[SchoolClass] = field(default_factory=list)
    partners: QuerySet[GuaranteePartner] | list[GuaranteePartner] = field(default_factory=list)


def round_overview(*, round: Round, user: User) -> RoundOverview:
    """The round's page: next step, demand, shortfall (until published), runs and which of
    them may be published (closed), and once published the lists for partners and classes."""
    from ..instance import instance_build  # instance.py reads round_pupils from selectors

    runs = round_runs(round=round)
    published = round.status == Round.Status.PUBLISHED
    instance: dict[str, Any] | None = None
    instance_error: ValidationError | None = None
    if not published:
        try:
            instance = instance_build(round=round)
        except ValidationError as exc:
            instance_error = exc
    shortfall = None
    if not published:
        shortfall = (
            {"error": str(instance_error.messages[0])}
            if instance_error is not None
            else round_shortfall(round=round, instance=instance)
        )
    current: set[int] = set()
    if round.status == Round.Status.CLOSED and instance is not None:
        current = runs_current(round=round, runs=runs, instance=instance)
    overview = RoundOverview(
        demand=round_demand(round=round),
        shortfall=shortfall,
        runs=runs,
        current_runs=current,
        days_left=(round.wish_deadline_date - timezone.localdate()).days,
    )
    if published:
        overview.classes = classes_visible_to(user=user).filter(
            pk__in=round.placements.values("young_person__school_class")
        )
        overview.partners = GuaranteePartner.objects.filter(
            pk__in=round.placements.values("round_offer__offer__partner")
        )
    return overview
