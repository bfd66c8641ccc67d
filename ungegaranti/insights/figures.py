"""The dashboards' summary table: every figure of one municipality, rebuilt in one transaction
by the refresh job. Counts are made by aggregate queries where the database can group them;
the destination figures (the status in force on a date) take one pass over the municipality's
status history here, in the background, so that no page ever does.

A figure is (metric, school year, school, row, column) -> value; see models.Figure.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ungegaranti.core.schoolyear import school_year_bounds, school_year_of
from ungegaranti.destinations.models import DestinationStatus, FollowUp
from ungegaranti.marketplace.models import Application, Offer
from ungegaranti.partners.models import COMMITMENT_FIELDS, GuaranteePartner
from ungegaranti.people.models import School, SchoolClass, YoungPerson
from ungegaranti.placement.models import Placement, Round, Run
from ungegaranti.plans.models import Activity

from .models import Figure, FigureRefresh

RENEWAL_DAYS = 90
MONTHS_BACK = 12
FOLLOW_UP_MONTHS = (3, 9)


@dataclass(frozen=True)
class Key:
    metric: str
    school_year: int | None
    school_id: int | None
    row: str
    column: str


class Collector:
    def __init__(self, schools: dict[int, int]):
        self.values: dict[Key, Decimal] = defaultdict(Decimal)
        self.schools = schools  # school id -> district id

    def add(
        self,
        metric: str,
        row: Any,
        column: str,
        value: Any = 1,
        *,
        school_year: int | None = None,
        school_id: int | None = None,
    ) -> None:
        self.values[Key(metric, school_year, school_id, str(row), column)] += Decimal(value)

    def figures(self, municipality: Any) -> Iterable[Figure]:
        for key, value in self.values.items():
            yield Figure(
                municipality=municipality,
                metric=key.metric,
                school_year=key.school_year,
                school_id=key.school_id,
                district_id=self.schools.get(key.school_id) if key.school_id else None,
                row=key.row,
                column=key.column,
                value=value,
            )


def figures_refresh(*, municipality: Any, today: date | None = None) -> int:
    """Rebuild the municipality's summary table; returns the number of figures."""
    today = today or timezone.localdate()
    schools = dict(
        School.objects.filter(municipality=municipality).values_list("pk", "district_id")
    )
    out = Collector(schools)
    _partners(out, municipality, today)
    _offers(out, municipality)
    _applications(out, municipality)
    _rounds(out, municipality)
    _career_hours(out, municipality)
    _reached(out, municipality)
    _destinations(out, municipality, today)
    figures = list(out.figures(municipality))
    with transaction.atomic():
        Figure.objects.filter(municipality=municipality).delete()
        Figure.objects.bulk_create(figures, batch_size=2000)
        FigureRefresh.objects.update_or_create(
            municipality=municipality,
            defaults={"refreshed_at": timezone.now(), "figures": len(figures)},
        )
    return len(figures)


def _partners(out: Collector, municipality: Any, today: date) -> None:
    partners = GuaranteePartner.objects.filter(municipality=municipality)
    active = partners.filter(agreement_start_date__lte=today, agreement_end_date__gte=today)
    counts = active.aggregate(
        active=Count("pk"),
        renewal=Count("pk", filter=Q(agreement_end_date__lte=today + timedelta(RENEWAL_DAYS))),
        **{name: Count("pk", filter=Q(**{name: True})) for name in COMMITMENT_FIELDS},
    )
    out.add("partners", "total", "n", partners.count())
    out.add("partners", "active", "n", counts["active"])
    out.add("partners", "renewal", "n", counts["renewal"])
    for name in COMMITMENT_FIELDS:
        out.add("partner_commitments", name, "n", counts[name])


def _offers(out: Collector, municipality: Any) -> None:
    rows = (
        Offer.objects.filter(municipality=municipality, published_at__isnull=False)
        .values("type", "published_at")
        .order_by()
    )
    for row in rows:
        year = school_year_of(timezone.localdate(row["published_at"]))
        out.add("offers", row["type"], "published", school_year=year)


def _applications(out: Collector, municipality: Any) -> None:
    """Applications and bookings by month, type and status; referrals ("no wrong door")."""
    rows = (
        Application.objects.filter(municipality=municipality)
        .annotate(
            month=TruncMonth("created_at"),
            school=Coalesce("young_person__school_id", "school_class__school_id"),
        )
        .values("month", "school", "status", "offer__type")
        .annotate(
            n=Count("pk"),
            to_partner=Count("pk", filter=Q(referred_partner__isnull=False)),
            to_coordinator=Count("pk", filter=Q(referred_to_coordinator=True)),
        )
        .order_by()
    )
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        where = {"school_year": school_year_of(month), "school_id": row["school"]}
        out.add("applications_month", f"{month:%Y-%m}", row["status"], row["n"], **where)
        out.add("applications_type", row["offer__type"], row["status"], row["n"], **where)
        if row["to_partner"]:
            out.add("referrals", f"{month:%Y-%m}", "partner", row["to_partner"], **where)
        if row["to_coordinator"]:
            out.add("referrals", f"{month:%Y-%m}", "coordinator", row["to_coordinator"], **where)


def _rounds(out: Collector, municipality: Any) -> None:
    """Published rounds by school: placed, first wishes, fallbacks; and, where a round was
    run both ways, the lottery's and the optimal run's numbers side by side."""
    rows = (
        Placement.objects.filter(municipality=municipality)
        .values("round__name", "round__start_date", "via", "young_person__school_id")
        .annotate(n=Count("pk"), first=Count("pk", filter=Q(via="WISH", rank=1)))
        .order_by()
    )
    for row in rows:
        where = {
            "school_year": school_year_of(row["round__start_date"]),
            "school_id": row["young_person__school_id"],
        }
        name = row["round__name"]
        out.add("rounds", name, "pupils", row["n"], **where)
        if row["via"] != Placement.Via.UNPLACED:
            out.add("rounds", name, "placed", row["n"], **where)
        out.add("rounds", name, row["via"].lower(), row["n"], **where)
        out.add("rounds", name, "first_wish", row["first"], **where)
    school_ids = {
        name: pk
        for pk, name in School.objects.filter(municipality=municipality).values_list("pk", "name")
    }
    for round in Round.objects.filter(municipality=municipality).prefetch_related("runs"):
        latest: dict[str, Run] = {}
        for run in round.runs.all():  # newest first (Run.Meta.ordering)
            latest.setdefault(run.mechanism, run)
        if len(latest) < len(Run.Mechanism):
            continue
        for mechanism, run in latest.items():
            for school in run.summary.get("schools", []):
                where = {
                    "school_year": school_year_of(round.start_date),
                    "school_id": school_ids.get(school["school"]),
                }
                for stat in ("pupils", "placed", "first_choice", "fallback", "unplaced"):
                    out.add("runs", round.name, f"{mechanism}:{stat}", school[stat], **where)


def _career_hours(out: Collector, municipality: Any) -> None:
    """Uddannelse & Job hours per class, against the target (the target is read per page)."""
    classes = (
        SchoolClass.objects.filter(municipality=municipality)
        .annotate(hours=Coalesce(Sum("class_activities__hours"), Decimal(0)))
        .values(
            "school_year",
            "school_id",
            "school__name",
            "school__district__name",
            "grade",
            "letter",
            "hours",
        )
        .order_by()
    )
    for c in classes:
        where = {"school_year": c["school_year"], "school_id": c["school_id"]}
        out.add("uj_district", c["school__district__name"], "hours", c["hours"], **where)
        out.add("uj_district", c["school__district__name"], "classes", 1, **where)
        label = f"{c['school__name']} {c['grade']}.{c['letter']}"
        out.add("uj_class", label, "hours", c["hours"], **where)
        out.add("uj_class", label, "classes", 1, **where)
        out.add("uj_school", c["school__name"], "hours", c["hours"], **where)
        out.add("uj_school", c["school__name"], "classes", 1, **where)


def _reached(out: Collector, municipality: Any) -> None:
    """Pupils with at least one completed activity in their class's school year, by grade."""
    years = SchoolClass.objects.filter(municipality=municipality).values_list(
        "school_year", flat=True
    )
    for year in sorted(set(years)):
        first, last = school_year_bounds(year)
        done = Activity.objects.filter(
            young_person=OuterRef("pk"),
            status=Activity.Status.COMPLETED,
            start_date__gte=first,
            start_date__lte=last,
        )
        rows = (
            YoungPerson.objects.filter(municipality=municipality, school_class__school_year=year)
            .annotate(reached=Exists(done), grade=F("school_class__grade"))
            .values("grade", "school_id", "reached")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            where = {"school_year": year, "school_id": row["school_id"]}
            out.add("reached", row["grade"], "all", row["n"], **where)
            if row["reached"]:
                out.add("reached", row["grade"], "reached", row["n"], **where)


def _add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _month_ends(today: date) -> list[date]:
    """The last day of each of the MONTHS_BACK months before this one, oldest first."""
    first = today.replace(day=1)
    return [_add_months(first, 1 - k) - timedelta(days=1) for k in range(MONTHS_BACK, 0, -1)]


def _destinations(out: Collector, municipality: Any, today: date) -> None:
    """Destination rates: each cohort of leavers 3 and 9 months after leaving; the 15-29 year
    olds in a positive destination at each month's end, by sex and support track and district;
    and each counsellor's follow-up load."""
    history: dict[int, list[tuple[date, bool]]] = defaultdict(list)
    statuses = (
        DestinationStatus.objects.filter(municipality=municipality)
        .order_by("young_person_id", "status_date", "created_at", "pk")
        .values_list("young_person_id", "status_date", "is_positive")
    )
    for person_id, status_date, positive in statuses.iterator(chunk_size=5000):
        history[person_id].append((status_date, positive))

    def positive_on(person_id: int, day: date) -> bool:
        result = False
        for status_date, positive in history.get(person_id, ()):
            if status_date > day:
                break
            result = positive
        return result

    people = (
        YoungPerson.objects.filter(municipality=municipality)
        .values_list("pk", "birth_date", "sex", "support_track", "school_id")
        .order_by()
    )
    ends = _month_ends(today)
    for person_id, born, sex, support, school_id in people.iterator(chunk_size=5000):
        groups = ("all", sex, "support" if support else "no_support")
        for day in [*ends, today]:
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            if not 15 <= age <= 29:
                continue
            positive = positive_on(person_id, day)
            for group in groups:
                # The months' series by group, and today's figure with the group as its row.
                if day == today:
                    metric, row, prefix = "positive_now", group, ""
                else:
                    metric, row, prefix = "positive_month", f"{day:%Y-%m}", f"{group}:"
                out.add(metric, row, prefix + "all", school_id=school_id)
                if positive:
                    out.add(metric, row, prefix + "positive", school_id=school_id)

    follow_ups = (
        FollowUp.objects.filter(municipality=municipality)
        .values_list(
            "young_person_id",
            "young_person__school_id",
            "left_education_date",
            "counsellor__first_name",
            "counsellor__last_name",
            "counsellor__username",
            "is_positive",
            "next_contact_date",
        )
        .order_by()
    )
    for (
        person_id,
        school_id,
        left,
        first,
        last,
        username,
        positive,
        next_contact,
    ) in follow_ups.iterator(chunk_size=5000):
        if left is not None:
            cohort = school_year_of(left)
            for months in FOLLOW_UP_MONTHS:
                at = _add_months(left, months)
                if at > today:
                    continue
                metric = f"cohort_{months}m"
                out.add(metric, cohort, "all", school_id=school_id)
                if positive_on(person_id, at):
                    out.add(metric, cohort, "positive", school_id=school_id)
        if username:
            name = f"{first} {last}".strip() or username
            out.add("followup_load", name, "followed")
            if not positive:
                out.add("followup_load", name, "open")
            if next_contact is not None and next_contact < today:
                out.add("followup_load", name, "overdue")
