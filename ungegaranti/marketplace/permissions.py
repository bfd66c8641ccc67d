"""Who may do what in the marketplace: one policy per write, asked by the write service itself
(a view may ask first, to show or hide a button, but never instead of the service).

Protected objects are fetched through the get_*_or_404 functions: out of scope is 404, never a
hint that the object exists. Role comparisons of the marketplace live here and nowhere else.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.permissions import is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.core.services import access_log_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .models import Application, Offer, OfferPeriod

AnyUser = User | AnonymousUser

# Staff who apply on a young person's behalf (the young person is in their scope).
_ON_BEHALF_ROLES = frozenset(
    {
        Role.WORK_EXPERIENCE_COORDINATOR,
        Role.CAREER_COUNSELLOR,
        Role.GUIDANCE_COUNSELLOR,
        Role.SECRETARIAT,
    }
)
# Staff who book a company visit, course or fair for one of their classes.
_BOOKING_ROLES = frozenset({Role.TEACHER, Role.CAREER_COUNSELLOR, Role.WORK_EXPERIENCE_COORDINATOR})
# Staff who may record a guardian's written consent.
_CONSENT_STAFF_ROLES = frozenset(
    {Role.WORK_EXPERIENCE_COORDINATOR, Role.CAREER_COUNSELLOR, Role.SECRETARIAT}
)


def _login(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


# --- scope: what the user may do at all (menus, page gates, which form to show) ----------------


def can_apply_for_self(user: AnyUser) -> bool:
    """A young person with a login linked to their record."""
    login = _login(user)
    return bool(login and login.role == Role.YOUNG_PERSON and login.young_person_id)


def own_young_person(user: AnyUser) -> YoungPerson | None:
    """The young person a young person's login belongs to (None for everyone else)."""
    login = _login(user)
    if login and login.role == Role.YOUNG_PERSON:
        return login.young_person
    return None


def can_apply_on_behalf(user: AnyUser) -> bool:
    login = _login(user)
    return bool(login and login.role in _ON_BEHALF_ROLES)


def can_apply(user: AnyUser) -> bool:
    """Anyone who may send an application for someone (themselves or a young person)."""
    login = _login(user)
    return bool(login and (login.role == Role.YOUNG_PERSON or login.role in _ON_BEHALF_ROLES))


def can_book_for_classes(user: AnyUser) -> bool:
    login = _login(user)
    return bool(login and login.role in _BOOKING_ROLES)


def can_follow_applications(user: AnyUser) -> bool:
    """The "Ansøgninger" list, and withdrawing: young people, guardians and school staff."""
    login = _login(user)
    return bool(
        login and (login.role in {Role.YOUNG_PERSON, Role.GUARDIAN} or is_staff_role(login))
    )


def can_open_applications(user: AnyUser) -> bool:
    """An application's page: its parties (the partner too); which ones is up to the scope."""
    login = _login(user)
    return bool(login and (can_follow_applications(login) or login.role == Role.PARTNER_CONTACT))


def can_record_consents(user: AnyUser) -> bool:
    """Guardians give consent; staff record a consent given in writing."""
    login = _login(user)
    return bool(login and (login.role == Role.GUARDIAN or is_staff_role(login)))


def can_manage_offers(user: AnyUser) -> bool:
    """Partner contacts manage their company's offers; the secretariat those of any partner."""
    login = _login(user)
    return bool(login and login.role in {Role.PARTNER_CONTACT, Role.SECRETARIAT})


def own_partner(user: AnyUser) -> GuaranteePartner | None:
    """The partner a partner contact works for; None for everyone else (the secretariat acts
    for a partner it chooses)."""
    login = _login(user)
    if login and login.role == Role.PARTNER_CONTACT:
        return login.partner
    return None


def acts_for_partner(user: AnyUser, partner: GuaranteePartner | None) -> bool:
    """Manages the partner's offers without being its contact (the secretariat acting for a
    partner without login): its pages then carry the chosen partner along."""
    return can_manage_partner_offers(user, partner) and own_partner(user) is None


def sees_first_name_only(user: AnyUser) -> bool:
    """A partner contact reads a young person's first name only (data minimisation)."""
    login = _login(user)
    return bool(login and login.role == Role.PARTNER_CONTACT)


def sees_own_applications_only(user: AnyUser) -> bool:
    """A young person's list shows only their own applications: no "who" column."""
    login = _login(user)
    return bool(login and login.role == Role.YOUNG_PERSON)


# --- offers and periods -----------------------------------------------------------------------


def can_manage_partner_offers(user: AnyUser, partner: GuaranteePartner | None) -> bool:
    """The partner's own contacts, and the secretariat acting for a partner without login."""
    login = _login(user)
    if login is None or partner is None:
        return False
    if login.role == Role.PARTNER_CONTACT:
        return bool(login.partner_id and login.partner_id == partner.pk)
    return login.role == Role.SECRETARIAT and login.municipality_id == partner.municipality_id


def can_create_offer(user: AnyUser, partner: GuaranteePartner) -> bool:
    return can_manage_partner_offers(user, partner)


def can_update_offer(user: AnyUser, offer: Offer) -> bool:
    return can_manage_partner_offers(user, offer.partner)


def can_publish_offer(user: AnyUser, offer: Offer) -> bool:
    return can_manage_partner_offers(user, offer.partner)


def can_pause_offer(user: AnyUser, offer: Offer) -> bool:
    return can_manage_partner_offers(user, offer.partner)


def can_close_offer(user: AnyUser, offer: Offer) -> bool:
    return can_manage_partner_offers(user, offer.partner)


def can_add_period(user: AnyUser, offer: Offer) -> bool:
    return can_manage_partner_offers(user, offer.partner)


def can_change_period(user: AnyUser, period: OfferPeriod) -> bool:
    return can_manage_partner_offers(user, period.offer.partner)


# --- applications and bookings ----------------------------------------------------------------


def _sees_young_person(user: User, young_person_id: int | None) -> bool:
    return bool(
        young_person_id and young_people_visible_to(user=user).filter(pk=young_person_id).exists()
    )


def can_request_application(user: AnyUser, young_person: YoungPerson) -> bool:
    """The young person themselves, or staff applying on behalf of someone in their scope."""
    login = _login(user)
    if login is None:
        return False
    if login.role == Role.YOUNG_PERSON:
        return login.young_person_id == young_person.pk
    return login.role in _ON_BEHALF_ROLES and _sees_young_person(login, young_person.pk)


def can_request_booking(user: AnyUser, school_class: SchoolClass) -> bool:
    """A teacher, career counsellor or coordinator, for a class in their scope."""
    login = _login(user)
    return bool(
        login
        and login.role in _BOOKING_ROLES
        and classes_visible_to(user=login).filter(pk=school_class.pk).exists()
    )


def can_give_consent(user: AnyUser, application: Application) -> bool:
    """A guardian of the (minor) young person; staff in scope may record a written consent."""
    login = _login(user)
    if login is None or not application.young_person_id:
        return False
    if login.role == Role.GUARDIAN or login.role in _CONSENT_STAFF_ROLES:
        return _sees_young_person(login, application.young_person_id)
    return False


def can_withdraw(user: AnyUser, application: Application) -> bool:
    """The young person, their guardian or staff in scope; a class booking: staff with the
    class in their scope."""
    login = _login(user)
    if login is None:
        return False
    if application.young_person_id:
        if login.role == Role.YOUNG_PERSON:
            return login.young_person_id == application.young_person_id
        if login.role == Role.GUARDIAN or is_staff_role(login):
            return _sees_young_person(login, application.young_person_id)
        return False
    return is_staff_role(login) and (
        classes_visible_to(user=login).filter(bookings=application).exists()
    )


def can_answer(user: AnyUser, application: Application) -> bool:
    """Answering (accept, decline, cancel, outcome) is the offer's partner's."""
    return can_manage_partner_offers(user, application.offer.partner)


def can_accept_application(user: AnyUser, application: Application) -> bool:
    return can_answer(user, application)


def can_decline_application(user: AnyUser, application: Application) -> bool:
    return can_answer(user, application)


def can_cancel_application(user: AnyUser, application: Application) -> bool:
    return can_answer(user, application)


def can_record_outcome(user: AnyUser, application: Application) -> bool:
    """Completed or did not show up: told by the partner."""
    return can_answer(user, application)


def can_resolve_followup(user: AnyUser, application: Application) -> bool:
    """Only the secretariat of the application's municipality follows up (no wrong door)."""
    login = _login(user)
    return bool(
        login
        and login.role == Role.SECRETARIAT
        and login.municipality_id == application.municipality_id
    )


def can_view_followup(user: AnyUser) -> bool:
    login = _login(user)
    return bool(login and login.role == Role.SECRETARIAT)


# --- fetching protected objects ---------------------------------------------------------------


def get_offer_for_partner_or_404(*, user: AnyUser, uuid: UUID | str) -> Offer:
    """An offer the user manages (own partner; the secretariat: any in its municipality)."""
    offer = Offer.objects.select_related("partner").filter(uuid=uuid).first()
    if offer is None or not can_manage_partner_offers(user, offer.partner):
        raise Http404
    return offer


def get_public_offer_or_404(*, user: AnyUser, uuid: UUID | str) -> Offer:
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
    login = _login(user)
    if application is None:
        if login is not None:
            target = Application.objects.filter(uuid=uuid).only("young_person_id").first()
            access_log_record(
                user=login,
                action=AccessLogEntry.Action.DENIED,
                purpose=purpose,
                young_person=target.young_person if target else None,
                path=request.path,
            )
        raise Http404
    if login is not None and is_staff_role(login) and application.young_person_id:
        access_log_record(
            user=login,
            action=AccessLogEntry.Action.VIEW,
            purpose=purpose,
            young_person=application.young_person,
            path=request.path,
        )
    return application
