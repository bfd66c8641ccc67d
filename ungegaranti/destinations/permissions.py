"""Who follows young people's destinations (docs/permissions.md): guidance counsellors
(the 15-29 year olds) and the secretariat record statuses, log contacts and assign; the
secretariat alone changes the municipality's definition."""

from typing import Any

from ungegaranti.core.permissions import has_role
from ungegaranti.core.roles import Role
from ungegaranti.people.selectors import young_people_visible_to

FOLLOW_UP_ROLES = (Role.GUIDANCE_COUNSELLOR, Role.SECRETARIAT)


def _in_scope(user: Any, young_person: Any) -> bool:
    return young_people_visible_to(user=user).filter(pk=young_person.pk).exists()


def can_follow_up(user: Any, young_person: Any) -> bool:
    """Read and write the follow-up of one young person: status, contacts, next contact."""
    return has_role(user, *FOLLOW_UP_ROLES) and _in_scope(user, young_person)


def can_record_status(user: Any, young_person: Any) -> bool:
    return can_follow_up(user, young_person)


def can_log_contact(user: Any, young_person: Any) -> bool:
    return can_follow_up(user, young_person)


def can_assign_follow_up(user: Any, young_person: Any) -> bool:
    return can_follow_up(user, young_person)


def can_view_worklist(user: Any) -> bool:
    return has_role(user, *FOLLOW_UP_ROLES)


def can_change_definition(user: Any, municipality: Any) -> bool:
    return has_role(user, Role.SECRETARIAT) and user.municipality_id == municipality.pk


def can_import_statuses(user: Any, municipality: Any) -> bool:
    return can_change_definition(user, municipality)
