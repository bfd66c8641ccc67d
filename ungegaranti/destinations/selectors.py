"""Reads about destinations: the definition in force on a day, a young person's history and
contacts, and the guidance counsellor's worklist."""

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role
from ungegaranti.people.models import School, YoungPerson
from ungegaranti.people.selectors import birth_date_range_for_ages, young_people_visible_to

from .models import (
    PUPIL_ONLY_STATUSES,
    ContactLogEntry,
    DestinationDefinition,
    DestinationStatus,
    Status,
)

LEFT_EDUCATION_DAYS = 90
AGE_BANDS = {"15-17": (15, 17), "18-24": (18, 24), "25-29": (25, 29)}


@dataclass(frozen=True)
class DefinitionTimeline:
    """The municipality's definition versions by date, to judge many statuses in one query."""

    dates: list[date]
    versions: list[DestinationDefinition]

    @classmethod
    def of(cls, *, municipality_id: int) -> "DefinitionTimeline":
        versions = list(
            DestinationDefinition.objects.filter(municipality_id=municipality_id).order_by(
                "effective_date"
            )
        )
        return cls(dates=[v.effective_date for v in versions], versions=versions)

    def in_force_on(self, day: date) -> DestinationDefinition | None:
        index = bisect.bisect_right(self.dates, day) - 1
        return self.versions[index] if index >= 0 else None


def definition_in_force(*, municipality_id: int, day: date) -> DestinationDefinition | None:
    return (
        DestinationDefinition.objects.filter(
            municipality_id=municipality_id, effective_date__lte=day
        )
        .order_by("-effective_date")
        .first()
    )


def definitions_of(*, municipality_id: int) -> QuerySet[DestinationDefinition]:
    return DestinationDefinition.objects.filter(municipality_id=municipality_id).select_related(
        "created_by"
    )


def status_history_of(*, young_person: Any) -> QuerySet[DestinationStatus]:
    return DestinationStatus.objects.filter(young_person=young_person).select_related(
        "definition", "recorded_by"
    )


def contacts_of(*, young_person: Any) -> QuerySet[ContactLogEntry]:
    return ContactLogEntry.objects.filter(young_person=young_person).select_related("author")


@dataclass
class WorklistFilters:
    age_band: str = ""
    district_id: int | None = None
    status: str = ""  # a Status value, or "NONE" for no status at all
    counsellor: str = ""  # "mine", "none" or a counsellor's pk
    overdue: bool = False
    left_education: bool = False


def worklist_for(
    *, user: Any, filters: WorklistFilters | None = None, today: date | None = None
) -> QuerySet[YoungPerson]:
    """The young people a guidance counsellor follows up: 15-29, in scope, out of grundskole
    (the school follows its own pupils), and not in a positive destination (no status at all
    counts as unknown). Overdue contacts first, then the next contact due, then by name. One
    query, with each row's follow-up, counsellor and school."""
    filters = filters or WorklistFilters()
    today = today or timezone.localdate()
    if user.role not in {Role.GUIDANCE_COUNSELLOR, Role.SECRETARIAT}:
        return YoungPerson.objects.none()
    earliest, latest = birth_date_range_for_ages(GUIDANCE_MIN_AGE, GUIDANCE_MAX_AGE, today)
    people = (
        young_people_visible_to(user=user)
        .filter(birth_date__gte=earliest, birth_date__lte=latest, school_class__isnull=True)
        .filter(
            Q(follow_up__isnull=True)
            | Q(follow_up__is_positive=False)
            | Q(follow_up__current_status__in=PUPIL_ONLY_STATUSES)
        )
        .select_related("follow_up", "follow_up__counsellor", "school__district")
    )
    if filters.age_band in AGE_BANDS:
        low, high = AGE_BANDS[filters.age_band]
        first, last = birth_date_range_for_ages(low, high, today)
        people = people.filter(birth_date__gte=first, birth_date__lte=last)
    if filters.district_id:
        # Young people out of school belong to the district of the schools in their postcode.
        codes = School.objects.filter(district_id=filters.district_id).values("postal_code")
        people = people.filter(
            Q(school__district_id=filters.district_id)
            | Q(school__isnull=True, postal_code__in=codes)
        )
    if filters.status == "NONE":
        people = people.filter(follow_up__isnull=True)
    elif filters.status in Status.values:
        people = people.filter(follow_up__current_status=filters.status)
    if filters.counsellor == "mine":
        people = people.filter(follow_up__counsellor=user)
    elif filters.counsellor == "none":
        people = people.filter(Q(follow_up__isnull=True) | Q(follow_up__counsellor__isnull=True))
    elif filters.counsellor.isdigit():
        people = people.filter(follow_up__counsellor_id=int(filters.counsellor))
    if filters.overdue:
        people = people.filter(follow_up__next_contact_date__lt=today)
    if filters.left_education:
        people = people.filter(
            follow_up__left_education_date__gte=today - timedelta(days=LEFT_EDUCATION_DAYS)
        )
    return people.order_by(
        F("follow_up__next_contact_date").asc(nulls_last=True), "last_name", "first_name", "id"
    )


@dataclass(frozen=True)
class SelfReportReach:
    """Who on a worklist a self-report can go to: status unknown (or none at all) and no open
    link already; `candidates` have an e-mail address, `without_email` do not."""

    candidates: QuerySet[YoungPerson]
    with_email: int
    without_email: int


def self_report_reach(
    *, user: Any, filters: WorklistFilters | None = None, now: Any = None
) -> SelfReportReach:
    from .models import SelfReportInvitation

    now = now or timezone.now()
    open_link = SelfReportInvitation.objects.filter(
        young_person=OuterRef("pk"), answered_at__isnull=True, expires_at__gt=now
    )
    unknown = (
        worklist_for(user=user, filters=filters)
        .filter(Q(follow_up__isnull=True) | Q(follow_up__current_status=Status.UNKNOWN))
        .filter(~Exists(open_link))
        .select_related(None)
        .order_by("id")
    )
    counts = unknown.aggregate(total=Count("id"), without_email=Count("id", filter=Q(email="")))
    return SelfReportReach(
        candidates=unknown.exclude(email=""),
        with_email=counts["total"] - counts["without_email"],
        without_email=counts["without_email"],
    )


@dataclass
class ResponseRate:
    district: str
    sent: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.sent) if self.sent else 0


def self_report_rates(*, municipality_id: int) -> list[ResponseRate]:
    """Self-reports sent and answered per school district (a young person out of school
    belongs to the district of the schools in their postcode). Two queries."""
    from .models import SelfReportInvitation

    schools = School.objects.filter(municipality_id=municipality_id).select_related("district")
    by_code = {school.postal_code: school.district.name for school in schools}
    by_school = {school.pk: school.district.name for school in schools}
    rates: dict[str, ResponseRate] = {}
    for code, school_id, answered in SelfReportInvitation.objects.filter(
        municipality_id=municipality_id
    ).values_list("young_person__postal_code", "young_person__school_id", "answered_at"):
        name = by_school.get(school_id) or by_code.get(code) or "–"
        rate = rates.setdefault(name, ResponseRate(district=name, sent=0, answered=0))
        rate.sent += 1
        rate.answered += answered is not None
    return sorted(rates.values(), key=lambda r: r.district)


def guidance_counsellors_of(*, municipality_id: int) -> QuerySet[Any]:
    from ungegaranti.core.models import User

    return User.objects.filter(
        municipality_id=municipality_id, role=Role.GUIDANCE_COUNSELLOR, is_active=True
    ).order_by("first_name", "last_name", "username")


def home_worklist_summary(*, user: Any) -> dict[str, int] | None:
    """The guidance counsellor's home: how many they follow, and how many are overdue."""
    if user.role != Role.GUIDANCE_COUNSELLOR:
        return None
    today = timezone.localdate()
    mine = worklist_for(user=user, filters=WorklistFilters(counsellor="mine"), today=today)
    return {
        "mine": mine.count(),
        "overdue": mine.filter(follow_up__next_contact_date__lt=today).count(),
        "unassigned": worklist_for(
            user=user, filters=WorklistFilters(counsellor="none"), today=today
        ).count(),
    }


def data_about(*, young_person: Any) -> dict[str, Any]:
    """The statuses, follow-up and contact log held about one young person."""
    follow_up = getattr(young_person, "follow_up", None)
    return {
        "statusser": [
            {
                "dato": s.status_date.isoformat(),
                "status": str(s.get_status_display()),
                "kilde": str(s.get_source_display()),
                "sted": s.institution,
                "bemaerkning": s.note,
                "positiv_destination": s.is_positive,
                "bedoemt_efter": str(s.definition) if s.definition else None,
            }
            for s in status_history_of(young_person=young_person)
        ],
        "opfoelgning": None
        if follow_up is None
        else {
            "ungevejleder": (
                follow_up.counsellor.get_full_name() or follow_up.counsellor.username
                if follow_up.counsellor
                else None
            ),
            "naeste_kontakt": (
                follow_up.next_contact_date.isoformat() if follow_up.next_contact_date else None
            ),
            "positiv_destination_fra": (
                follow_up.positive_since.isoformat() if follow_up.positive_since else None
            ),
        },
        "kontaktlog": [
            {
                "dato": c.contact_date.isoformat(),
                "kontaktform": str(c.get_kind_display()),
                "af": c.author.get_full_name() or c.author.username,
                "notat": c.note,
            }
            for c in contacts_of(young_person=young_person)
        ],
    }
