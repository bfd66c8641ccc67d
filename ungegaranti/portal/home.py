"""What each role sees first: the things that role works with, each from its own app's
selectors (`home_*`), composed here."""

from collections.abc import Callable
from typing import Any

from ungegaranti.calendar.selectors import home_calendar_next
from ungegaranti.core.models import User
from ungegaranti.core.roles import Role
from ungegaranti.core.selectors import access_log_for_subjects, home_administration
from ungegaranti.destinations.selectors import home_worklist_summary
from ungegaranti.insights.selectors import municipality_overview
from ungegaranti.marketplace.selectors import home_partner_requests
from ungegaranti.partners.selectors import (
    home_partner_summary,
    home_partners_overview,
    home_work_experience_partner_count,
)
from ungegaranti.people.selectors import (
    home_age_bands,
    home_classes_with_counts,
    home_schools_with_counts,
    home_young_people,
    young_people_visible_to,
)
from ungegaranti.placement.selectors import (
    home_class_open_rounds,
    home_pupil_open_rounds,
    home_rounds_with_wishers,
)
from ungegaranti.plans.selectors import home_pupil_record_summary, home_teacher_career_hours


def home_context(user: User) -> dict[str, Any]:
    builder = _BUILDERS.get(user.role)
    context = builder(user) if builder else {}
    # Every role's page ends with what is coming up in the annual wheel for them.
    context["calendar_next"] = home_calendar_next(user=user)
    return context


def _young_person(user: User) -> dict[str, Any]:
    person = home_young_people(user=user).first()
    return {
        "person": person,
        "lookups": access_log_for_subjects(subjects=[person] if person else [])[:5],
        "record": home_pupil_record_summary(user),
        "open_rounds": home_pupil_open_rounds(young_person=person) if person else [],
    }


def _guardian(user: User) -> dict[str, Any]:
    children = list(home_young_people(user=user))
    return {"children": children, "lookups": access_log_for_subjects(subjects=children)[:5]}


def _teacher(user: User) -> dict[str, Any]:
    classes = list(home_classes_with_counts(user=user))
    return {
        "classes": classes,
        "class_rounds": home_class_open_rounds(user=user, classes=classes),
        "career_hours": home_teacher_career_hours(user=user),
    }


def _career_counsellor(user: User) -> dict[str, Any]:
    return {"school": user.school, "classes": home_classes_with_counts(user=user)}


def _coordinator(user: User) -> dict[str, Any]:
    return {
        "district": user.district,
        "schools": home_schools_with_counts(user=user),
        "work_experience_partner_count": home_work_experience_partner_count(
            municipality=user.municipality
        ),
        "rounds": home_rounds_with_wishers(user=user),
    }


def _guidance_counsellor(user: User) -> dict[str, Any]:
    return {**home_age_bands(user=user), "worklist": home_worklist_summary(user=user)}


def _partner_contact(user: User) -> dict[str, Any]:
    return {
        **home_partner_summary(partner=user.partner),
        "waiting_requests": home_partner_requests(partner=user.partner),
    }


def _secretariat(user: User) -> dict[str, Any]:
    return {
        "young_people_count": young_people_visible_to(user=user).count(),
        **home_partners_overview(municipality=user.municipality),
        **home_administration(municipality=user.municipality),
    }


def _researcher(user: User) -> dict[str, Any]:
    return {}


def _politician(user: User) -> dict[str, Any]:
    return {"overview": municipality_overview(municipality=user.municipality)}


_BUILDERS: dict[str, Callable[[User], dict[str, Any]]] = {
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
