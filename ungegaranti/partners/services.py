"""Writes of guarantee partners and their contacts."""

from datetime import date
from typing import Any

from django.db import transaction

from ungegaranti.core.models import Municipality

from .models import GuaranteePartner, PartnerContact


@transaction.atomic
def partner_upsert(
    *, municipality: Municipality, cvr: str, acting_user: Any = None, **values: Any
) -> tuple[GuaranteePartner, bool]:
    """Create or update the partner with this CVR in this municipality; return (partner, changed)."""
    partner = GuaranteePartner.objects.filter(municipality=municipality, cvr=cvr).first()
    if partner is None:
        partner = GuaranteePartner(municipality=municipality, cvr=cvr, **values)
    elif all(getattr(partner, field) == value for field, value in values.items()):
        return partner, False
    else:
        for field, value in values.items():
            setattr(partner, field, value)
    partner.full_clean()
    partner.save()
    return partner, True


def agreement_end_for(start: date) -> date:
    """Partner agreements run for two years (renegotiated by Business Hjørring)."""
    try:
        return start.replace(year=start.year + 2)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 2, day=28)


@transaction.atomic
def partner_contact_create(
    *,
    partner: GuaranteePartner,
    name: str,
    email: str,
    title: str = "",
    phone: str = "",
    user: Any = None,
) -> PartnerContact:
    contact = PartnerContact(
        municipality=partner.municipality,
        partner=partner,
        name=name,
        email=email,
        title=title,
        phone=phone,
        user=user,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def partner_contacts_bulk_create(*, rows: list[dict[str, Any]]) -> list[PartnerContact]:
    """Create many partner contacts at once (generated data). Each row holds `partner`, `name`,
    `email` and optionally `title`, `phone`, `user`, `uuid`."""
    contacts: list[PartnerContact] = []
    for row in rows:
        partner = row["partner"]
        contact = PartnerContact(
            municipality=partner.municipality,
            partner=partner,
            name=row["name"],
            email=row["email"],
            title=row.get("title", ""),
            phone=row.get("phone", ""),
            user=row.get("user"),
        )
        if row.get("uuid") is not None:
            contact.uuid = row["uuid"]
        contact.clean_fields(exclude=["municipality", "partner", "user"])
        contacts.append(contact)
    PartnerContact.objects.bulk_create(contacts, batch_size=500)
    return contacts


@transaction.atomic
def partners_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]]
) -> list[GuaranteePartner]:
    """Create many new partners at once (generated data; imports use the upsert). Each row
    holds the GuaranteePartner fields (`cvr`, `name`, `sector`, `address`, `postal_code`,
    agreement dates, commitments, optionally `uuid`). CVRs must be new in the municipality."""
    partners: list[GuaranteePartner] = []
    cvrs: set[str] = set()
    for row in rows:
        partner = GuaranteePartner(municipality=municipality, **row)
        partner.clean_fields(exclude=["municipality"])
        if partner.agreement_end_date <= partner.agreement_start_date:
            raise ValueError("Aftalen skal slutte efter den starter.")
        if partner.cvr in cvrs:
            raise ValueError("Det samme CVR-nummer optræder to gange.")
        cvrs.add(partner.cvr)
        partners.append(partner)
    if GuaranteePartner.objects.filter(municipality=municipality, cvr__in=cvrs).exists():
        raise ValueError("CVR-nummeret findes allerede i kommunen.")
    GuaranteePartner.objects.bulk_create(partners, batch_size=500)
    return partners
