"""Who may do what with a work-experience round. Out of scope is always 404."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from ungegaranti.core.roles import Role
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.people.permissions import get_young_person_for_user_or_404
from ungegaranti.people.selectors import classes_visible_to

from .models import Round, Run
from .selectors import round_includes, rounds_visible_to

# Roles that may enter wishes: the pupil, their teacher, and the round's managers.
WISH_ROLES = (
    Role.YOUNG_PERSON,
    Role.TEACHER,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.SECRETARIAT,
)
MANAGER_ROLES = (Role.WORK_EXPERIENCE_COORDINATOR, Role.SECRETARIAT)
CLASS_LIST_ROLES = (
    Role.TEACHER,
    Role.CAREER_COUNSELLOR,
    Role.WORK_EXPERIENCE_COORDINATOR,
    Role.SECRETARIAT,
)


def get_round_for_user_or_404(*, user: Any, uuid: UUID | str) -> Round:
    """A round the user manages (coordinator: own district; secretariat: municipality)."""
    round = rounds_visible_to(user=user).filter(uuid=uuid).first()
    if round is None:
        raise Http404
    return round


def get_run_for_user_or_404(*, user: Any, uuid: UUID | str) -> Run:
    run = (
        Run.objects.filter(uuid=uuid, round__in=rounds_visible_to(user=user))
        .select_related("round")
        .first()
    )
    if run is None:
        raise Http404
    return run


def get_wish_target_or_404(
    *, request: HttpRequest, round_uuid: UUID | str, person_uuid: UUID | str
) -> tuple[Round, YoungPerson]:
    """The round and the pupil whose wishes the user may enter: their own (pupil), a pupil of
    their classes (teacher), or any pupil of a round they manage. The look is logged for staff."""
    person = get_young_person_for_user_or_404(
        request=request, uuid=person_uuid, purpose="Erhvervspraktik: ønsker"
    )
    round = (
        Round.objects.filter(uuid=round_uuid, municipality_id=person.municipality_id)
        .exclude(status=Round.Status.DRAFT)
        .first()
    )
    if round is None or not round_includes(round=round, young_person=person):
        raise Http404
    return round, person


def get_class_for_user_or_404(*, user: Any, uuid: UUID | str) -> SchoolClass:
    school_class = classes_visible_to(user=user).filter(uuid=uuid).first()
    if school_class is None:
        raise Http404
    return school_class


def get_published_round_or_404(*, user: Any, uuid: UUID | str) -> Round:
    """A published round in the user's municipality (its lists are then scoped per list)."""
    round = Round.objects.filter(
        uuid=uuid, municipality_id=user.municipality_id, status=Round.Status.PUBLISHED
    ).first()
    if round is None:
        raise Http404
    if user.role in MANAGER_ROLES and not rounds_visible_to(user=user).filter(pk=round.pk).exists():
        raise Http404
    return round
