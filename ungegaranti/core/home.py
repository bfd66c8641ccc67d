"""What each role sees first: the things that role works with."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.selectors import (
    birth_date_range_for_ages,
    classes_visible_to,
    schools_visible_to,
    young_people_visible_to,
)
from ungegaranti.plans.selectors import activities_of

from .models import AccessLogEntry, BackgroundJob, Track
from .roles import Role
from .selectors import access_log_for_subjects


def home_context(user: Any) -> dict[str, Any]:
    builder = _BUILDERS.get(user.role)
    return builder(user) if builder else {}


def _young_person(user: Any) -> dict[str, Any]:
    person = young_people_visible_to(user=user).select_related("school", "school_class").first()
    lookups = access_log_for_subjects(subjects=[person] if person else [])[:5]
    activities = activities_of(young_person=person) if person else []
    return {"person": person, "lookups": lookups, "activities": activities}


def _guardian(user: Any) -> dict[str, Any]:
    children = list(young_people_visible_to(user=user).select_related("school", "school_class"))
    return {"children": children, "lookups": access_log_for_subjects(subjects=children)[:5]}


def _classes_with_counts(user: Any) -> Any:
    return classes_visible_to(user=user).annotate(
        pupil_count=Count("pupils"),
        support_count=Count("pupils", filter=Q(pupils__support_track=True)),
    )


def _teacher(user: Any) -> dict[str, Any]:
    return {"classes": _classes_with_counts(user)}


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
    }


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
