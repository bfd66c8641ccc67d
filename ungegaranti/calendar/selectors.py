"""Reads of the annual wheel, its events and feeds, always through the reader's scope.

Who an item "concerns" is worked out in Python over one school year's items (a few hundred at
most): grades are a JSON list, and containment is kept portable across SQLite and PostgreSQL."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from ungegaranti.core.models import Track
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.people.models import School, SchoolClass, YoungPerson
from ungegaranti.people.selectors import young_people_visible_to

from .models import CalendarItem, Event, EventPartner, FeedToken, Signup


@dataclass
class Audience:
    """What a reader is: None in a field means "any" (no restriction on that axis)."""

    grades: set[int] | None = None
    ages: tuple[int, int] | None = None
    schools: set[int] | None = None
    districts: set[int] | None = None
    # Events the reader takes part in (signed up, or their partner brings something).
    events: set[int] = field(default_factory=set)
    # Only items linked to those events (a partner's view).
    events_only: bool = False


def audience_of(user: Any) -> Audience:
    """The default view of each role: a young person their grade's items, a teacher their
    classes' grades and school, a partner the events they take part in."""
    role = user.role
    if role in (Role.YOUNG_PERSON, Role.GUARDIAN):
        people = list(young_people_visible_to(user=user).select_related("school", "school_class"))
        today = timezone.localdate()
        ages = [p.age_on(today) for p in people]
        return Audience(
            grades={p.school_class.grade for p in people if p.school_class is not None},
            ages=(min(ages), max(ages)) if ages else (-1, -1),
            schools={p.school.pk for p in people if p.school is not None},
            districts={p.school.district_id for p in people if p.school is not None},
            events=_events_of_people(people),
        )
    if role == Role.TEACHER:
        classes = list(user.teaching_classes.select_related("school"))
        return Audience(
            grades={c.grade for c in classes},
            schools={c.school_id for c in classes},
            districts={c.school.district_id for c in classes},
            events=set(
                Signup.objects.filter(school_class__in=classes)
                .exclude(status=Signup.Status.CANCELLED)
                .values_list("event_id", flat=True)
            ),
        )
    if role == Role.CAREER_COUNSELLOR:
        school = user.school
        return Audience(
            schools={school.pk} if school else set(),
            districts={school.district_id} if school else set(),
        )
    if role == Role.WORK_EXPERIENCE_COORDINATOR:
        return Audience(
            districts={user.district_id} if user.district_id else set(),
            schools=set(
                School.objects.filter(district_id=user.district_id).values_list("pk", flat=True)
            ),
        )
    if role == Role.GUIDANCE_COUNSELLOR:
        return Audience(ages=(GUIDANCE_MIN_AGE, GUIDANCE_MAX_AGE))
    if role == Role.PARTNER_CONTACT:
        return Audience(
            events=set(
                EventPartner.objects.filter(partner_id=user.partner_id).values_list(
                    "event_id", flat=True
                )
            ),
            events_only=True,
        )
    return Audience()  # the secretariat, researchers and politicians see the whole wheel


def _events_of_people(people: list[YoungPerson]) -> set[int]:
    class_ids = [p.school_class_id for p in people if p.school_class_id]
    return set(
        Signup.objects.filter(Q(young_person__in=people) | Q(school_class_id__in=class_ids))
        .exclude(status=Signup.Status.CANCELLED)
        .values_list("event_id", flat=True)
    )


def item_concerns(item: CalendarItem, audience: Audience) -> bool:
    if item.event_id is not None and item.event_id in audience.events:
        return True
    if audience.events_only:
        return False
    return _place_matches(item, audience) and _target_matches(item, audience)


def _place_matches(item: CalendarItem, audience: Audience) -> bool:
    districts = {d.pk for d in item.districts.all()}
    schools = {s.pk for s in item.schools.all()}
    if not districts and not schools:
        return True
    if audience.schools is None and audience.districts is None:
        return True
    return bool(schools & (audience.schools or set())) or bool(
        districts & (audience.districts or set())
    )


def _target_matches(item: CalendarItem, audience: Audience) -> bool:
    has_grades = bool(item.grades)
    has_ages = item.min_age is not None or item.max_age is not None
    if not has_grades and not has_ages:
        return True
    if audience.grades is None and audience.ages is None:
        return True
    if has_grades and audience.grades and set(item.grades) & audience.grades:
        return True
    if has_ages and audience.ages is not None:
        low, high = audience.ages
        return (item.min_age or 0) <= high and low <= (item.max_age or 200)
    return False


def items_of_year(*, municipality_id: Any, school_year: int) -> QuerySet[CalendarItem]:
    """Every item of a school year, drafts included (callers filter by the reader)."""
    return (
        CalendarItem.objects.filter(municipality_id=municipality_id, school_year=school_year)
        .select_related("track", "round", "event")
        .prefetch_related("districts", "schools")
    )


@dataclass
class ItemFilters:
    track: str = ""
    kind: str = ""
    grade: int | None = None
    district: Any = None
    school: Any = None
    everything: bool = False


def items_for(
    *, user: Any, school_year: int, filters: ItemFilters | None = None
) -> list[CalendarItem]:
    """The items of a school year that the user sees, by date: by default those that concern
    them (see audience_of); with `everything`, the whole published wheel. Drafts only for the
    secretariat."""
    filters = filters or ItemFilters()
    items = items_of_year(municipality_id=user.municipality_id, school_year=school_year)
    if user.role != Role.SECRETARIAT:
        items = items.filter(status=CalendarItem.Status.PUBLISHED)
    if filters.track:
        items = items.filter(track__kind=filters.track)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    rows = list(items)
    if not filters.everything:
        audience = audience_of(user)
        rows = [i for i in rows if item_concerns(i, audience)]
    if filters.grade is not None:
        rows = [i for i in rows if not i.grades or filters.grade in i.grades]
    if filters.district is not None:
        rows = [i for i in rows if _in_place(i, district=filters.district)]
    if filters.school is not None:
        rows = [i for i in rows if _in_place(i, school=filters.school)]
    return sorted(rows, key=_by_date)


def _in_place(item: CalendarItem, *, district: Any = None, school: Any = None) -> bool:
    districts = {d.pk for d in item.districts.all()}
    schools = {s.pk for s in item.schools.all()}
    if not districts and not schools:
        return True
    if school is not None:
        return school.pk in schools or school.district_id in districts
    return district.pk in districts or any(s.district_id == district.pk for s in item.schools.all())


def _by_date(item: CalendarItem) -> tuple[date, str]:
    return (item.first_date or date.max, item.title)


def drafts_of(*, municipality: Any, school_year: int) -> list[CalendarItem]:
    items = items_of_year(municipality_id=municipality.pk, school_year=school_year).filter(
        status=CalendarItem.Status.DRAFT
    )
    return sorted(items.select_related("copied_from__round", "copied_from__event"), key=_by_date)


def school_years_with_items(*, municipality: Any) -> list[int]:
    return sorted(
        set(
            CalendarItem.objects.filter(municipality=municipality).values_list(
                "school_year", flat=True
            )
        )
    )


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def tracks_of(*, municipality: Any) -> list[Track]:
    return list(Track.objects.filter(municipality=municipality))


# --- events -----------------------------------------------------------------------------


def seats_taken(*, event: Event) -> int:
    return event.signups.filter(status=Signup.Status.CONFIRMED).aggregate(n=Sum("seats"))["n"] or 0


def waiting_list_of(*, event: Event) -> QuerySet[Signup]:
    return event.signups.filter(status=Signup.Status.WAITING).order_by("created_at", "id")


def event_partners_of(*, event: Event) -> QuerySet[EventPartner]:
    return event.partners.select_related("partner")


def event_signups_for_staff(*, event: Event) -> QuerySet[Signup]:
    """Every active sign-up with its class or young person (the secretariat's list)."""
    return (
        event.signups.exclude(status=Signup.Status.CANCELLED)
        .select_related("school_class__school", "young_person__school_class")
        .order_by("status", "created_at", "id")
    )


def signups_of_user(*, user: Any, event: Event) -> list[Signup]:
    """The sign-ups on this event that are the user's own business: a teacher's classes, a
    young person's own or their class's."""
    active = event.signups.exclude(status=Signup.Status.CANCELLED).select_related(
        "school_class__school"
    )
    if user.role == Role.TEACHER:
        return list(active.filter(school_class__in=user.teaching_classes.all()))
    if user.role == Role.YOUNG_PERSON and user.young_person_id:
        person = user.young_person
        return list(
            active.filter(
                Q(young_person_id=person.pk) | Q(school_class_id=person.school_class_id or -1)
            )
        )
    return []


def classes_to_sign_up(*, user: Any, event: Event) -> list[SchoolClass]:
    """A teacher's classes this event is for that are not signed up yet."""
    if user.role != Role.TEACHER:
        return []
    taken = event.signups.exclude(status=Signup.Status.CANCELLED).values("school_class_id")
    classes = user.teaching_classes.select_related("school").exclude(pk__in=taken)
    return [c for c in classes if not event.grades or c.grade in event.grades]


def events_upcoming(*, user: Any, limit: int = 5) -> list[Event]:
    """The next events that concern the user (their home page piece)."""
    today = timezone.localdate()
    audience = audience_of(user)
    items = (
        CalendarItem.objects.filter(
            municipality_id=user.municipality_id,
            status=CalendarItem.Status.PUBLISHED,
            event__isnull=False,
            event__end_at__date__gte=today,
        )
        .select_related("event", "track")
        .prefetch_related("districts", "schools")
        .order_by("event__start_at")
    )
    return [i.event for i in items if i.event is not None and item_concerns(i, audience)][:limit]


def event_of_item(*, item: CalendarItem) -> Event | None:
    return item.event


def events_of_partner(*, partner: Any) -> QuerySet[Event]:
    return Event.objects.filter(partners__partner=partner).prefetch_related(
        Prefetch("partners", queryset=EventPartner.objects.select_related("partner"))
    )


# --- feeds ------------------------------------------------------------------------------


def feed_tokens_of(*, user: Any) -> QuerySet[FeedToken]:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "school", "district", "partner"
    )


def feed_token_active(*, token: str) -> FeedToken | None:
    return (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user", "school__district", "district", "partner")
        .first()
    )


# --- home page --------------------------------------------------------------------------


def home_calendar_next(*, user: Any, days: int = 60, limit: int = 5) -> list[CalendarItem]:
    """The next published items of the wheel that concern the user, from today and `days`
    ahead (the home page's "Det sker snart"): the current and the next school year."""
    from datetime import timedelta

    if not (user.is_authenticated and user.municipality_id):
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=days)
    rows: list[CalendarItem] = []
    for year in sorted({school_year_of(today), school_year_of(horizon)}):
        rows += items_for(user=user, school_year=year)
    upcoming = [
        i
        for i in rows
        if i.status == CalendarItem.Status.PUBLISHED
        and i.first_date is not None
        and i.first_date <= horizon
        and (i.last_date or i.first_date) >= today
    ]
    return upcoming[:limit]
