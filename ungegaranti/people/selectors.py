"""Reads of young people, always through the reader's scope."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import User
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role

from .models import School, SchoolClass, YoungPerson

_one_day = timedelta(days=1)


def birth_date_range_for_ages(min_age: int, max_age: int, today: date) -> tuple[date, date]:
    """Birth dates of people aged min_age..max_age (inclusive) on `today`."""
    earliest = add_years(today, -(max_age + 1)) + _one_day
    latest = add_years(today, -min_age)
    return earliest, latest


def young_people_visible_to(*, user: User | AnonymousUser) -> QuerySet[YoungPerson]:
    """Every young person `user` may see, by role and scope; none for roles without access
    (and none for an anonymous visitor or a login outside any municipality)."""
    if not isinstance(user, User) or user.municipality_id is None:
        return YoungPerson.objects.none()
    people = YoungPerson.objects.filter(municipality_id=user.municipality_id)
    role = user.role
    if role == Role.YOUNG_PERSON:
        if user.young_person_id is None:
            return people.none()
        return people.filter(pk=user.young_person_id)
    if role == Role.GUARDIAN:
        # Custody ends at 18: a guardian sees their children while they are minors.
        earliest, latest = birth_date_range_for_ages(0, 17, timezone.localdate())
        guardian = getattr(user, "guardian_profile", None)
        if guardian is None:
            return people.none()
        return people.filter(guardian_links__guardian=guardian, birth_date__gte=earliest)
    if role == Role.TEACHER:
        return people.filter(school_class__in=user.teaching_classes.all())
    if role == Role.CAREER_COUNSELLOR:
        return people.filter(school_id=user.school_id) if user.school_id else people.none()
    if role == Role.WORK_EXPERIENCE_COORDINATOR:
        if not user.district_id:
            return people.none()
        return people.filter(school__district_id=user.district_id)
    if role == Role.GUIDANCE_COUNSELLOR:
        earliest, latest = birth_date_range_for_ages(
            GUIDANCE_MIN_AGE, GUIDANCE_MAX_AGE, timezone.localdate()
        )
        return people.filter(birth_date__gte=earliest, birth_date__lte=latest)
    if role == Role.SECRETARIAT:
        return people
    return people.none()


def young_people_search(*, user: User | AnonymousUser, query: str = "") -> QuerySet[YoungPerson]:
    """Search by name, school or class within the user's scope (CPR search: exact match)."""
    people = young_people_visible_to(user=user).select_related("school", "school_class")
    query = query.strip()
    if not query:
        return people
    from .cpr import CPRError, cpr_digest, parse_cpr

    try:
        return people.filter(cpr_digest=cpr_digest(parse_cpr(query)))
    except CPRError:
        pass
    condition = Q()
    for word in query.split():
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(school__name__icontains=word)
        )
    return people.filter(condition)


def classes_visible_to(*, user: User | AnonymousUser) -> QuerySet[SchoolClass]:
    if not isinstance(user, User) or user.municipality_id is None:
        return SchoolClass.objects.none()
    classes = SchoolClass.objects.filter(municipality_id=user.municipality_id).select_related(
        "school"
    )
    if user.role == Role.TEACHER:
        return classes.filter(pk__in=user.teaching_classes.values("pk"))
    if user.role == Role.CAREER_COUNSELLOR:
        if user.school_id is None:
            return classes.none()
        return classes.filter(school_id=user.school_id)
    if user.role == Role.WORK_EXPERIENCE_COORDINATOR:
        return classes.filter(school__district_id=user.district_id)
    if user.role == Role.SECRETARIAT:
        return classes
    return classes.none()


def schools_visible_to(*, user: User) -> QuerySet[School]:
    if user.municipality_id is None:
        return School.objects.none()
    schools = School.objects.filter(municipality_id=user.municipality_id).select_related("district")
    if user.role == Role.CAREER_COUNSELLOR:
        if user.school_id is None:
            return schools.none()
        return schools.filter(pk=user.school_id)
    if user.role == Role.WORK_EXPERIENCE_COORDINATOR:
        return schools.filter(district_id=user.district_id)
    if user.role in {Role.SECRETARIAT, Role.GUIDANCE_COUNSELLOR}:
        return schools
    return schools.none()


# The role home pages (ungegaranti/portal) show these.


def home_young_people(*, user: User) -> QuerySet[YoungPerson]:
    """The young person's own record, or a guardian's children, with school and class."""
    return young_people_visible_to(user=user).select_related("school", "school_class")


def home_classes_with_counts(*, user: User) -> QuerySet[SchoolClass]:
    """The user's classes, each with its number of pupils and of pupils on the support track."""
    return classes_visible_to(user=user).annotate(
        pupil_count=Count("pupils"),
        support_count=Count("pupils", filter=Q(pupils__support_track=True)),
    )


def home_schools_with_counts(*, user: User) -> QuerySet[School]:
    """The user's schools, each with its pupils in grades 7-9 and in all."""
    return schools_visible_to(user=user).annotate(
        pupils_7_9=Count("pupils", filter=Q(pupils__school_class__grade__in=[7, 8, 9])),
        pupils_total=Count("pupils"),
    )


def home_age_bands(*, user: User) -> dict[str, Any]:
    """How many of the user's young people are 15-17, 18-24 and 25-29 today, and in all."""
    today = timezone.localdate()
    people = young_people_visible_to(user=user)
    bands = []
    for low, high in [(15, 17), (18, 24), (25, 29)]:
        earliest, latest = birth_date_range_for_ages(low, high, today)
        bands.append(
            {
                "label": f"{low}-{high}",
                "count": people.filter(birth_date__gte=earliest, birth_date__lte=latest).count(),
            }
        )
    return {"age_bands": bands, "total": people.count()}


def young_people_past_the_guarantee(*, municipality: Any, on: date) -> QuerySet[YoungPerson]:
    """Young people of the municipality who had turned 30 (left the guarantee) on `on`."""
    return YoungPerson.objects.filter(
        municipality=municipality, birth_date__lte=add_years(on, -(GUIDANCE_MAX_AGE + 1))
    )


def young_people_erasable(queryset: QuerySet[YoungPerson]) -> QuerySet[YoungPerson]:
    """Of these, those that may be deleted now: nobody's look at them is still in the access
    log, which must outlive them (kept at least 6 months, core.access_log)."""
    return queryset.filter(access_log_entries=None)
