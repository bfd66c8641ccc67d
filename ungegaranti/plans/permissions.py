"""Who may read and write what in a young person's record (docs/permissions.md).

The young person writes their own reflections and activities; staff in scope comment; a
guardian reads a minor child's record; partners, researchers and politicians never see it.

Activities are also recorded by other apps' services as a consequence of a step the user was
allowed to take there (a partner accepting an application, a coordinator publishing a round,
a young person cancelling): those services have asked their own policies, and
`can_record_activity` keeps the record within the tenant. A service called with acting_user
None is the system and is not asked.
"""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.permissions import has_role, is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .models import Activity, ActivityKind

# A teacher follows the school side of the record, not the guidance counsellor's conversations.
TEACHER_HIDDEN_KINDS = frozenset({ActivityKind.GUIDANCE_CONVERSATION})

COMMENTING_ROLES = (
    Role.TEACHER,
    Role.CAREER_COUNSELLOR,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.GUIDANCE_COUNSELLOR,
    Role.SECRETARIAT,
)


def _is_self(user: Any, young_person: Any) -> bool:
    return has_role(user, Role.YOUNG_PERSON) and user.young_person_id == young_person.pk


def _in_scope(user: Any, young_person: Any) -> bool:
    return young_people_visible_to(user=user).filter(pk=young_person.pk).exists()


def can_record_activity(user: User, young_person: YoungPerson) -> bool:
    return bool(
        user.is_authenticated
        and user.municipality_id is not None
        and user.municipality_id == young_person.municipality_id
    )


def can_view_activity(user: Any, activity: Activity) -> bool:
    if has_role(user, Role.TEACHER) and activity.kind in TEACHER_HIDDEN_KINDS:
        return False
    return _in_scope(user, activity.young_person)


def can_reflect_on_activity(user: Any, activity: Activity) -> bool:
    """Reflections are the young person's own words: only they write them."""
    return _is_self(user, activity.young_person)


def can_create_activity(user: Any, young_person: Any) -> bool:
    return _is_self(user, young_person)


def can_comment_on_activity(user: Any, activity: Activity) -> bool:
    return has_role(user, *COMMENTING_ROLES) and can_view_activity(user, activity)


# Who records Uddannelse & Job for a class, and who follows the classes' progress.
CLASS_ACTIVITY_RECORDERS = (Role.TEACHER, Role.CAREER_COUNSELLOR, Role.SECRETARIAT)
CAREER_PROGRESS_READERS = (*CLASS_ACTIVITY_RECORDERS, Role.WORK_EXPERIENCE_COORDINATOR)


def can_record_class_activity(user: Any, school_class: Any) -> bool:
    return has_role(user, *CLASS_ACTIVITY_RECORDERS) and (
        classes_visible_to(user=user).filter(pk=school_class.pk).exists()
    )


def can_change_career_setting(user: Any, municipality: Any) -> bool:
    return has_role(user, Role.SECRETARIAT) and user.municipality_id == municipality.pk


# The shared plan: the young person writes it; the professionals who guide them (not the class
# teacher, who follows the school side of the record) read and comment; a guardian reads and
# co-signs a minor's plan.
PLAN_STAFF_ROLES = (
    Role.CAREER_COUNSELLOR,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.GUIDANCE_COUNSELLOR,
    Role.SECRETARIAT,
)
PLAN_READERS = (Role.YOUNG_PERSON, Role.GUARDIAN, *PLAN_STAFF_ROLES)


def can_view_plan(user: Any, young_person: Any) -> bool:
    return has_role(user, *PLAN_READERS) and _in_scope(user, young_person)


def can_write_plan(user: Any, young_person: Any) -> bool:
    """Wishes and the destination statement are the young person's own words."""
    return _is_self(user, young_person)


def can_add_plan_step(user: Any, young_person: Any) -> bool:
    """Next steps are agreed between the young person and their professionals: either writes."""
    return _is_self(user, young_person) or (
        has_role(user, *PLAN_STAFF_ROLES) and _in_scope(user, young_person)
    )


def can_complete_plan_step(user: Any, step: Any) -> bool:
    return step.done_date is None and (
        step.responsible_id == user.pk or can_add_plan_step(user, step.plan.young_person)
    )


def can_comment_on_plan(user: Any, young_person: Any) -> bool:
    return has_role(user, *PLAN_STAFF_ROLES) and _in_scope(user, young_person)


def can_cosign_plan(user: Any, young_person: Any) -> bool:
    """A guardian co-signs the plan of their child while the child is a minor (the guardian's
    scope ends at 18)."""
    return has_role(user, Role.GUARDIAN) and young_person.age < 18 and _in_scope(user, young_person)


# Transition to adulthood (Ungekoordinering): the professionals in scope hold the meetings;
# the young person reads them. It is support-track work: a guardian and a class teacher do not
# see it (the support flag is the professionals' only).
def can_view_transition(user: Any, young_person: Any) -> bool:
    return _is_self(user, young_person) or (
        has_role(user, *PLAN_STAFF_ROLES) and _in_scope(user, young_person)
    )


def can_manage_transition(user: Any, young_person: Any) -> bool:
    return (
        has_role(user, *PLAN_STAFF_ROLES)
        and young_person.support_track
        and _in_scope(user, young_person)
    )


def get_activity_for_user_or_404(*, request: HttpRequest, uuid: UUID | str) -> Activity:
    """One activity of a record the user may read; a staff look is logged, a refusal too."""
    user = request.user
    activity = (
        Activity.objects.filter(
            uuid=uuid,
            young_person__in=young_people_visible_to(user=user),
        )
        .select_related("young_person", "partner")
        .first()
    )
    if activity is None or not can_view_activity(user, activity):
        target = (
            activity or Activity.objects.filter(uuid=uuid).select_related("young_person").first()
        )
        if user.is_authenticated:
            access_log_record(
                user=user,  # type: ignore[arg-type]
                action=AccessLogEntry.Action.DENIED,
                purpose=_("Visning af en aktivitet i den unges forløb"),
                young_person=target.young_person if target else None,
                path=request.path,
            )
        raise Http404
    if is_staff_role(user):
        access_log_record(
            user=user,  # type: ignore[arg-type]
            action=AccessLogEntry.Action.VIEW,
            purpose=_("Visning af en aktivitet i den unges forløb"),
            young_person=activity.young_person,
            path=request.path,
        )
    return activity


def get_class_for_user_or_404(*, user: Any, uuid: UUID | str) -> Any:
    """A class the user follows for Uddannelse & Job (no personal data: no access log)."""
    school_class = (
        classes_visible_to(user=user).filter(uuid=uuid).select_related("school__district").first()
    )
    if school_class is None:
        raise Http404
    return school_class
