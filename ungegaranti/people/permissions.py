"""Who may see what of a young person, and who may write the municipality's register of
young people, guardians, districts, schools and classes.

The register is the secretariat's: it imports the young people (people/imports.py) and keeps
the school structure. Every write service in services.py asks the `can_<verb>_<entity>` policy
here and raises PermissionDenied when refused; a service called with acting_user None is the
system (the import command, the demo builder, the nightly import task) and is not asked.
"""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from ungegaranti.core.models import AccessLogEntry, Municipality, User
from ungegaranti.core.permissions import has_role, is_staff_role
from ungegaranti.core.roles import SUPPORT_FLAG_ROLES, Role
from ungegaranti.core.services import access_log_record

from .models import YoungPerson
from .selectors import young_people_visible_to


def can_manage_identifiers(user: Any, obj: Any) -> bool:
    """The secretariat records the identifiers (UNI-ID, CPR) that link logins to people."""
    return bool(
        user.is_authenticated
        and user.role == Role.SECRETARIAT
        and user.municipality_id == obj.municipality_id
    )


def can_see_support_flag(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in SUPPORT_FLAG_ROLES)


def _keeps_register(user: User, municipality: Municipality) -> bool:
    """The secretariat of this municipality keeps its register."""
    return has_role(user, Role.SECRETARIAT) and user.municipality_id == municipality.pk


def can_import_young_people(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def can_upsert_young_person(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def can_link_guardian(user: User, young_person: YoungPerson) -> bool:
    return _keeps_register(user, young_person.municipality)


def can_create_guardians(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def can_create_school_district(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def can_create_school(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def can_create_school_class(user: User, municipality: Municipality) -> bool:
    return _keeps_register(user, municipality)


def get_young_person_for_user_or_404(
    *, request: HttpRequest, uuid: UUID | str, purpose: str
) -> YoungPerson:
    """Fetch a young person within the user's scope, logging the look (staff) or the refused
    attempt (everyone); out of scope is 404, never a hint that the person exists."""
    user = request.user
    person = (
        young_people_visible_to(user=user)
        .select_related("school", "school_class", "school__district")
        .filter(uuid=uuid)
        .first()
    )
    if person is None:
        target = YoungPerson.objects.filter(uuid=uuid).first()
        if user.is_authenticated:
            access_log_record(
                user=user,  # type: ignore[arg-type]
                action=AccessLogEntry.Action.DENIED,
                purpose=purpose,
                young_person=target,
                path=request.path,
            )
        raise Http404
    if is_staff_role(user):
        access_log_record(
            user=user,  # type: ignore[arg-type]
            action=AccessLogEntry.Action.VIEW,
            purpose=purpose,
            young_person=person,
            path=request.path,
        )
    return person
