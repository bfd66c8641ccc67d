"""What each role sees first: the things that role works with."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, BackgroundJob, Track
from ungegaranti.core.roles import Role
from ungegaranti.core.selectors import access_log_for_subjects
from ungegaranti.marketplace.models import Application
from ungegaranti.marketplace.selectors import inbox_for
from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.selectors import (
    birth_date_range_for_ages,
    classes_visible_to,
    schools_visible_to,
    young_people_visible_to,
)
from ungegaranti.placement.models import Round, Wish
from ungegaranti.placement.selectors import rounds_for_pupil, rounds_visible_to
from ungegaranti.plans.selectors import activities_of


def home_context(user: Any) -> dict[str, Any]:
    builder = _BUILDERS.get(user.role)
    return builder(user) if builder else {}


def _young_person(user: Any) -> dict[str, Any]:
    person = young_people_visible_to(user=user).select_related("school", "school_class").first()
    lookups = access_log_for_subjects(subjects=[person] if person else [])[:5]
    activities = activities_of(young_person=person) if person else []
    return {
        "person": person,
        "lookups": lookups,
        "activities": activities,
        "open_rounds": _open_rounds_of_pupil(person) if person else [],
    }


def _open_rounds_of_pupil(person: Any) -> list[dict[str, Any]]:
    """The work-experience rounds this pupil can wish in now, each with how many wishes they
    have made (two queries, however many rounds)."""
    today = timezone.localdate()
    rounds = [
        r
        for r in rounds_for_pupil(young_person=person)
        if r.status == Round.Status.OPEN and r.wish_deadline_date >= today
    ]
    if not rounds:
        return []
    wishes = dict(
        Wish.objects.filter(young_person=person, round__in=rounds)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    rounds.sort(key=lambda r: r.wish_deadline_date)
    return [
        {
            "round": r,
            "wish_count": wishes.get(r.pk, 0),
            "days_left": (r.wish_deadline_date - today).days,
        }
        for r in rounds
    ]


def _guardian(user: Any) -> dict[str, Any]:
    children = list(young_people_visible_to(user=user).select_related("school", "school_class"))
    return {"children": children, "lookups": access_log_for_subjects(subjects=children)[:5]}


def _classes_with_counts(user: Any) -> Any:
    return classes_visible_to(user=user).annotate(
        pupil_count=Count("pupils"),
        support_count=Count("pupils", filter=Q(pupils__support_track=True)),
    )


def _teacher(user: Any) -> dict[str, Any]:
    classes = list(_classes_with_counts(user))
    return {"classes": classes, "class_rounds": _open_rounds_of_classes(user, classes)}


def _open_rounds_of_classes(user: Any, classes: list[Any]) -> list[dict[str, Any]]:
    """For each of the teacher's classes in a round open for wishes: the deadline and how many
    of the class have wished (two queries, however many classes and rounds)."""
    if not classes:
        return []
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(
            municipality_id=user.municipality_id,
            status=Round.Status.OPEN,
            wish_deadline_date__gte=today,
        ).order_by("wish_deadline_date", "name")
    )
    pairs = [
        (r, c)
        for r in rounds
        for c in classes
        if c.grade in r.grades and (r.district_id is None or r.district_id == c.school.district_id)
    ]
    if not pairs:
        return []
    wished = {
        (row["round_id"], row["young_person__school_class_id"]): row["n"]
        for row in Wish.objects.filter(
            round__in=list({r.pk for r, _ in pairs}), young_person__school_class__in=classes
        )
        .values("round_id", "young_person__school_class_id")
        .annotate(n=Count("young_person", distinct=True))
    }
    return [
        {
            "round": r,
            "school_class": c,
            "wished": wished.get((r.pk, c.pk), 0),
            "pupils": c.pupil_count,
        }
        for r, c in pairs
    ]


def _career_counsellor(user: Any) -> dict[str, Any]:
    return {"school": user.school, "classes": _classes_with_counts(user)}


def _coordinator(user: Any) -> dict[str, Any]:
    schools = schools_visible_to(user=user).annotate(
        pupils_7_9=Count("pupils", filter=Q(pupils__school_class__grade__in=[7, 8, 9])),
        pupils_total=Count("pupils"),
    )
    partners = partners_public(municipality=user.municipality).filter(commits_work_experience=True)
    return {
        "district": user.district,
        "schools": schools,
        "work_experience_partner_count": partners.count(),
        "rounds": _rounds_with_wishers(user),
    }


def _rounds_with_wishers(user: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The coordinator's newest rounds with their status and, past draft, how many pupils have
    wished (two queries)."""
    rounds = list(rounds_visible_to(user=user)[:limit])
    wishers = dict(
        Wish.objects.filter(round__in=rounds)
        .values("round_id")
        .annotate(n=Count("young_person", distinct=True))
        .values_list("round_id", "n")
    )
    return [{"round": r, "wishers": wishers.get(r.pk, 0)} for r in rounds]


def _guidance_counsellor(user: Any) -> dict[str, Any]:
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


def _partner_contact(user: Any) -> dict[str, Any]:
    partner = user.partner
    today = timezone.localdate()
    return {
        "partner": partner,
        "contacts": partner.contacts.all() if partner else [],
        "agreement_active": partner.agreement_active_on(today) if partner else False,
        "agreement_days_left": (partner.agreement_end_date - today).days if partner else 0,
        "waiting_requests": (
            inbox_for(partner=partner, status=Application.Status.REQUESTED).count()
            if partner
            else 0
        ),
    }


def _secretariat(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    partners = partners_public(municipality=user.municipality)
    return {
        "young_people_count": young_people_visible_to(user=user).count(),
        "partner_count": partners.count(),
        "expiring_partners": partners.filter(
            agreement_end_date__gte=today, agreement_end_date__lte=today + timedelta(days=90)
        ).order_by("agreement_end_date")[:10],
        "tracks": Track.objects.filter(municipality=user.municipality),
        "jobs": BackgroundJob.objects.filter(municipality=user.municipality)[:5],
        "recent_denials": AccessLogEntry.objects.filter(
            municipality=user.municipality, action=AccessLogEntry.Action.DENIED
        ).count(),
    }


def _researcher(user: Any) -> dict[str, Any]:
    return {}


def _politician(user: Any) -> dict[str, Any]:
    from ungegaranti.insights.selectors import municipality_overview

    return {"overview": municipality_overview(municipality=user.municipality)}


_BUILDERS = {
    Role.YOUNG_PERSON: _young_person,
    Role.GUARDIAN: _guardian,
    Role.TEACHER: _teacher,
    Role.CAREER_COUNSELLOR: _career_counsellor,
    Role.WORK_EXPERIENCE_COORDINATOR: _coordinator,
    Role.GUIDANCE_COUNSELLOR: _guidance_counsellor,
    Role.PARTNER_CONTACT: _partner_contact,
    Role.SECRETARIAT: _secretariat,
    Role.RESEARCHER: _researcher,
    Role.POLITICIAN: _politician,
}
