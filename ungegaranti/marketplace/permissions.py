"""Who may do what in the marketplace. Protected objects are fetched through the
get_*_or_404 functions: out of scope is 404, never a hint that the object exists."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .models import Application, Offer

CONSENT_STAFF_ROLES = frozenset(
    {Role.WORK_EXPERIENCE_COORDINATOR, Role.CAREER_COUNSELLOR, Role.SECRETARIAT}
)


def can_manage_partner_offers(user: Any, partner: Any) -> bool:
    """The partner's own contacts, and the secretariat acting for a partner without login."""
    if not getattr(user, "is_authenticated", False) or partner is None:
        return False
    if user.role == Role.PARTNER_CONTACT:
        return bool(user.partner_id and user.partner_id == partner.pk)
    return user.role == Role.SECRETARIAT and user.municipality_id == partner.municipality_id


def can_answer(user: Any, application: Application) -> bool:
    return can_manage_partner_offers(user, application.offer.partner)


def can_give_consent(user: Any, application: Application) -> bool:
    """A guardian of the (minor) young person; staff in scope may record a written consent."""
    if not application.young_person_id:
        return False
    if user.role == Role.GUARDIAN or user.role in CONSENT_STAFF_ROLES:
        return young_people_visible_to(user=user).filter(pk=application.young_person_id).exists()
    return False


def can_withdraw(user: Any, application: Application) -> bool:
    if application.young_person_id:
        if user.role == Role.YOUNG_PERSON:
            return user.young_person_id == application.young_person_id
        if user.role == Role.GUARDIAN or is_staff_role(user):
            return (
                young_people_visible_to(user=user).filter(pk=application.young_person_id).exists()
            )
        return False
    return is_staff_role(user) and (
        classes_visible_to(user=user).filter(bookings=application).exists()
    )


def get_offer_for_partner_or_404(*, user: Any, uuid: UUID | str) -> Offer:
    """An offer the user manages (own partner; the secretariat: any in its municipality)."""
    offer = Offer.objects.select_related("partner").filter(uuid=uuid).first()
    if offer is None or not can_manage_partner_offers(user, offer.partner):
        raise Http404
    return offer


def get_public_offer_or_404(*, user: Any, uuid: UUID | str) -> Offer:
    """A published (or paused/closed) offer; drafts only for those who manage them."""
    offer = Offer.objects.select_related("partner").filter(uuid=uuid).first()
    if offer is None:
        raise Http404
    if offer.status == Offer.Status.DRAFT and not can_manage_partner_offers(user, offer.partner):
        raise Http404
    return offer


def get_application_for_user_or_404(
    *, request: HttpRequest, uuid: UUID | str, purpose: str
) -> Application:
    """An application within the user's scope. Staff looking at a young person's application
    write an access-log entry; a refused attempt is logged for everyone logged in."""
    from .selectors import applications_visible_to

    user = request.user
    application = (
        applications_visible_to(user=user)
        .select_related(
            "offer__partner",
            "period",
            "young_person__school",
            "young_person__school_class",
            "school_class__school",
            "requested_by",
            "referred_partner",
        )
        .filter(uuid=uuid)
        .first()
    )
    if application is None:
        if user.is_authenticated:
            target = Application.objects.filter(uuid=uuid).only("young_person_id").first()
            access_log_record(
                user=user,  # type: ignore[arg-type]
                action=AccessLogEntry.Action.DENIED,
                purpose=purpose,
                young_person=target.young_person if target else None,
                path=request.path,
            )
        raise Http404
    if is_staff_role(user) and application.young_person_id:
        access_log_record(
            user=user,  # type: ignore[arg-type]
            action=AccessLogEntry.Action.VIEW,
            purpose=purpose,
            young_person=application.young_person,
            path=request.path,
        )
    return application
