"""Who may change the register of guarantee partners: the secretariat of the partner's
municipality (it signs the agreements and imports the partner list). One policy per write,
asked by the write service itself."""

from django.contrib.auth.models import AnonymousUser

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role

from .models import GuaranteePartner, PartnerContact


def _secretariat_of(user: User | AnonymousUser, municipality_id: int | None) -> bool:
    return bool(
        isinstance(user, User)
        and user.is_authenticated
        and user.role == Role.SECRETARIAT
        and municipality_id is not None
        and user.municipality_id == municipality_id
    )


def can_import_partners(user: User | AnonymousUser, municipality: Municipality) -> bool:
    """Import (or generate) partners and their contacts into a municipality."""
    return _secretariat_of(user, municipality.pk)


def can_open_partner_import(user: User | AnonymousUser) -> bool:
    """The upload page and its template: the secretariat, for its own municipality."""
    return isinstance(user, User) and _secretariat_of(user, user.municipality_id)


def can_upsert_partner(user: User | AnonymousUser, municipality: Municipality) -> bool:
    return _secretariat_of(user, municipality.pk)


def can_create_partner_contact(user: User | AnonymousUser, partner: GuaranteePartner) -> bool:
    return _secretariat_of(user, partner.municipality_id)


def can_rename_partner_contact(user: User | AnonymousUser, contact: PartnerContact) -> bool:
    return _secretariat_of(user, contact.municipality_id)
