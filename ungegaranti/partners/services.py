"""Writes of guarantee partners and their contacts.

Every write service asks its policy in partners/permissions.py and raises PermissionDenied when
refused, and records an audit event in the same transaction. `acting_user=None` is the system
(a management command, the demo builder, an import run from the command line): it is allowed,
and its events name no actor. Bulk creation records one summary event on the municipality.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.csvimport import Progress
from ungegaranti.core.dates import add_years
from ungegaranti.core.models import Municipality, User
from ungegaranti.core.services import audit_record

from .models import GuaranteePartner, PartnerContact
from .permissions import (
    can_create_partner_contact,
    can_import_partners,
    can_rename_partner_contact,
    can_upsert_partner,
)

PARTNER_CREATE = audit_action("partners.partner.create", gettext_lazy("Garantipartner oprettet"))
PARTNER_UPDATE = audit_action("partners.partner.update", gettext_lazy("Garantipartner ændret"))
CONTACT_CREATE = audit_action("partners.contact.create", gettext_lazy("Kontaktperson oprettet"))
CONTACT_RENAME = audit_action("partners.contact.rename", gettext_lazy("Kontaktperson omdøbt"))
PARTNERS_IMPORT = audit_action("partners.import", gettext_lazy("Garantipartnere importeret"))
PARTNERS_GENERATE = audit_action(
    "partners.bulk_create", gettext_lazy("Garantipartnere oprettet samlet")
)
CONTACTS_GENERATE = audit_action(
    "partners.contact.bulk_create", gettext_lazy("Kontaktpersoner oprettet samlet")
)


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Kun Ungesekretariatet kan ændre kommunens garantipartnere."))


CONTACT_USER_LINKED = audit_action(
    "partners.contact.user_linked", gettext_lazy("Login knyttet til kontaktperson")
)


@transaction.atomic
def partner_upsert(
    *, municipality: Municipality, cvr: str, acting_user: User | None, **values: Any
) -> tuple[GuaranteePartner, bool]:
    """Create or update the partner with this CVR in this municipality; return (partner, changed)."""
    if acting_user is not None and not can_upsert_partner(acting_user, municipality):
        raise _refuse()
    fields = ["cvr", *values]
    partner = GuaranteePartner.objects.filter(municipality=municipality, cvr=cvr).first()
    if partner is None:
        before: dict[str, Any] = {}
        partner = GuaranteePartner(municipality=municipality, cvr=cvr, **values)
    elif all(getattr(partner, field) == value for field, value in values.items()):
        return partner, False
    else:
        before = snapshot(partner, fields)
        for field, value in values.items():
            setattr(partner, field, value)
    partner.full_clean()
    partner.save()
    audit_record(
        actor=acting_user,
        action=PARTNER_UPDATE if before else PARTNER_CREATE,
        obj=partner,
        changes=changed(before, snapshot(partner, fields)),
    )
    return partner, True


def agreement_end_for(start: date) -> date:
    """Partner agreements run for two years (renegotiated by Business Hjørring)."""
    return add_years(start, 2)


@transaction.atomic
def partner_contact_create(
    *,
    partner: GuaranteePartner,
    name: str,
    email: str,
    acting_user: User | None,
    title: str = "",
    phone: str = "",
    user: User | None = None,
) -> PartnerContact:
    if acting_user is not None and not can_create_partner_contact(acting_user, partner):
        raise _refuse()
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
    audit_record(
        actor=acting_user,
        action=CONTACT_CREATE,
        obj=contact,
        changes=changed({}, snapshot(contact, ["name", "email", "title", "phone"])),
    )
    return contact


@transaction.atomic
def partner_contact_rename(
    *, contact: PartnerContact, name: str, acting_user: User | None
) -> PartnerContact:
    if acting_user is not None and not can_rename_partner_contact(acting_user, contact):
        raise _refuse()
    before = contact.name
    contact.name = name
    contact.full_clean()
    contact.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=acting_user, action=CONTACT_RENAME, obj=contact, changes={"name": [before, name]}
    )
    return contact


@dataclass(frozen=True)
class PartnerImportRow:
    """One validated row of a partner import (see imports.py)."""

    number: int  # as in the spreadsheet
    cvr: str
    values: dict[str, Any]
    contact: dict[str, str] | None  # {"name", "email"}


class PartnerImportRowError(Exception):
    """A row the database refused (full_clean): the import rolls back and names the row."""

    def __init__(self, number: int, error: ValidationError):
        super().__init__(f"row {number}")
        self.number = number
        self.error = error


@transaction.atomic
def partners_import(
    *,
    municipality: Municipality,
    rows: Sequence[PartnerImportRow],
    acting_user: User | None,
    file_name: str = "",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Upsert the partners of an import by CVR, and their contact by e-mail. Each changed
    partner and contact has its own event; the run has one on the municipality with the counts.
    Raises PartnerImportRowError for a row the database refuses (all is rolled back)."""
    if acting_user is not None and not can_import_partners(acting_user, municipality):
        raise _refuse()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "contacts_created": 0}
    existing = set(
        GuaranteePartner.objects.filter(municipality=municipality).values_list("cvr", flat=True)
    )
    for index, row in enumerate(rows, start=1):
        try:
            partner, partner_changed = partner_upsert(
                municipality=municipality, cvr=row.cvr, acting_user=acting_user, **row.values
            )
            contact_changed: bool | str = False
            if row.contact:
                contact_changed = _contact_upsert(partner, acting_user=acting_user, **row.contact)
                counts["contacts_created"] += contact_changed == "created"
        except ValidationError as error:
            raise PartnerImportRowError(row.number, error) from None
        if row.cvr not in existing:
            counts["created"] += 1
        elif partner_changed or contact_changed:
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        if progress and index % 200 == 0:
            progress(index, len(rows))
    if progress:
        progress(len(rows), len(rows))
    audit_record(
        actor=acting_user,
        action=PARTNERS_IMPORT,
        obj=municipality,
        municipality=municipality,
        changes={"file": [None, file_name], **{k: [None, v] for k, v in counts.items()}},
    )
    return counts


def _contact_upsert(
    partner: GuaranteePartner, *, name: str, email: str, acting_user: User | None
) -> str | bool:
    """Find the partner's contact by e-mail; create it, or update its name. Returns
    "created", True (name updated) or False (unchanged)."""
    contact = (
        PartnerContact.objects.annotate(email_lower=Lower("email"))
        .filter(partner=partner, email_lower=email)
        .first()
    )
    if contact is None:
        partner_contact_create(partner=partner, name=name, email=email, acting_user=acting_user)
        return "created"
    if contact.name == name:
        return False
    partner_contact_rename(contact=contact, name=name, acting_user=acting_user)
    return True


@transaction.atomic
def partner_contacts_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]], acting_user: User | None
) -> list[PartnerContact]:
    """Create many partner contacts at once (generated data). Each row holds `partner`, `name`,
    `email` and optionally `title`, `phone`, `user`, `uuid`."""
    if acting_user is not None and not can_import_partners(acting_user, municipality):
        raise _refuse()
    contacts: list[PartnerContact] = []
    for row in rows:
        partner = row["partner"]
        if partner.municipality_id != municipality.pk:
            raise ValueError("Kontaktpersonens garantipartner hører til en anden kommune.")
        contact = PartnerContact(
            municipality=municipality,
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
    audit_record(
        actor=acting_user,
        action=CONTACTS_GENERATE,
        obj=municipality,
        municipality=municipality,
        changes={"contacts": [None, len(contacts)]},
    )
    return contacts


@transaction.atomic
def partners_bulk_create(
    *, municipality: Municipality, rows: list[dict[str, Any]], acting_user: User | None
) -> list[GuaranteePartner]:
    """Create many new partners at once (generated data; imports use the upsert). Each row
    holds the GuaranteePartner fields (`cvr`, `name`, `sector`, `address`, `postal_code`,
    agreement dates, commitments, optionally `uuid`). CVRs must be new in the municipality."""
    if acting_user is not None and not can_import_partners(acting_user, municipality):
        raise _refuse()
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
    audit_record(
        actor=acting_user,
        action=PARTNERS_GENERATE,
        obj=municipality,
        municipality=municipality,
        changes={"partners": [None, len(partners)]},
    )
    return partners


@transaction.atomic
def partner_contact_user_link(
    *, contact: PartnerContact, user: User, acting_user: User | None
) -> None:
    """Tie a contact to their login: the system does it at their first MitID Erhverv login, on
    the CVR and e-mail the broker vouched for (acting_user None), or the secretariat does."""
    if acting_user is not None and not can_create_partner_contact(acting_user, contact.partner):
        raise _refuse()
    contact.user = user
    contact.save(update_fields=["user", "updated_at"])
    audit_record(actor=acting_user, action=CONTACT_USER_LINKED, obj=contact)
