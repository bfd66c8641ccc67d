"""Who may see what of a young person."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import is_staff_role
from ungegaranti.core.roles import SUPPORT_FLAG_ROLES
from ungegaranti.core.services import access_log_record

from .models import YoungPerson
from .selectors import young_people_visible_to


def can_see_support_flag(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in SUPPORT_FLAG_ROLES)


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
