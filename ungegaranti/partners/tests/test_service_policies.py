"""Every write service of the partner register asks its policy itself: called directly by each
persona it refuses it raises PermissionDenied and changes nothing; called by the secretariat (or
the system) it leaves an audit event. A new public service without a row fails
`test_every_write_service_has_a_row`."""

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AuditEvent, Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.partners import services
from ungegaranti.partners.models import GuaranteePartner, PartnerContact
from ungegaranti.partners.services import PartnerImportRow

# Public functions of services that only compute (no write, so no policy and no event).
NOT_WRITES = {"agreement_end_for": "the end date of an agreement starting on a day"}

PARTNER_VALUES = {
    "name": "Hjørring Cykler ApS",
    "sector": "G",
    "address": "Østergade 3",
    "postal_code": "9800",
    "agreement_start_date": date(2026, 8, 1),
    "agreement_end_date": date(2028, 8, 1),
}


def personas(world: Any) -> dict[str, User]:
    users = {role.value: user for role, user in world.users.items()}
    users["FOREIGN_SECRETARIAT"] = user_create(
        acting_user=None,
        username="sekretariat-707",
        password=None,
        role=Role.SECRETARIAT,
        municipality=Municipality.objects.get(code="707"),
    )
    return users


def state() -> dict[str, Any]:
    return {
        "partners": list(GuaranteePartner.objects.order_by("pk").values()),
        "contacts": list(PartnerContact.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
    }


ROWS: dict[str, tuple[Callable[[Any], dict[str, Any]], str]] = {
    "partner_upsert": (
        lambda w: {"municipality": w.municipality, "cvr": "20000007", **PARTNER_VALUES},
        services.PARTNER_CREATE,
    ),
    "partner_contact_create": (
        lambda w: {"partner": w.partner_b, "name": "Bente Berg", "email": "bente@example.org"},
        services.CONTACT_CREATE,
    ),
    "partner_contact_rename": (
        lambda w: {"contact": w.partner_a.contacts.get(), "name": "Per P. Partner"},
        services.CONTACT_RENAME,
    ),
    "partner_contact_user_link": (
        lambda w: {
            "contact": w.partner_a.contacts.get(),
            "user": user_create(
                acting_user=None,
                username="per-mitid",
                password=None,
                role=Role.PARTNER_CONTACT,
                municipality=w.municipality,
                partner=w.partner_a,
            ),
        },
        services.CONTACT_USER_LINKED,
    ),
    "partners_import": (
        lambda w: {
            "municipality": w.municipality,
            "rows": [
                PartnerImportRow(
                    number=2,
                    cvr="30000005",
                    values=PARTNER_VALUES,
                    contact={"name": "Ole Olsen", "email": "ole@example.org"},
                )
            ],
            "file_name": "partnere.csv",
        },
        services.PARTNERS_IMPORT,
    ),
    "partners_bulk_create": (
        lambda w: {"municipality": w.municipality, "rows": [{"cvr": "40000003", **PARTNER_VALUES}]},
        services.PARTNERS_GENERATE,
    ),
    "partner_contacts_bulk_create": (
        lambda w: {
            "municipality": w.municipality,
            "rows": [{"partner": w.partner_b, "name": "Bo Bak", "email": "bo@example.org"}],
        },
        services.CONTACTS_GENERATE,
    ),
}


def write_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__
        and not name.startswith("_")
        and name not in NOT_WRITES
    }


def test_every_write_service_has_a_row():
    assert set(write_services()) == set(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_only_the_municipality_s_secretariat_may_write_and_is_audited(world, name):
    prepare, action = ROWS[name]
    service = write_services()[name]
    users = personas(world)
    arguments = prepare(world)
    before = state()
    for persona, user in sorted(users.items()):
        if persona == "SECRETARIAT":
            continue
        with pytest.raises(PermissionDenied):
            service(**arguments, acting_user=user)
        assert state() == before, f"{name} as {persona} changed something"

    secretariat = users["SECRETARIAT"]
    service(**arguments, acting_user=secretariat)
    event = AuditEvent.objects.get(action=action, actor=secretariat)
    assert event.municipality_id == world.municipality.pk


def test_an_import_names_its_file_and_counts_and_each_partner_has_its_history(world):
    secretariat = world.users[Role.SECRETARIAT]
    rows = [
        PartnerImportRow(number=2, cvr="30000005", values=PARTNER_VALUES, contact=None),
        PartnerImportRow(
            number=3, cvr=world.partner_a.cvr, values={"name": "Vendsyssel Maskiner"}, contact=None
        ),
    ]
    counts = services.partners_import(
        municipality=world.municipality, rows=rows, acting_user=secretariat, file_name="p.csv"
    )
    assert counts["created"] == 1 and counts["updated"] == 1
    run = AuditEvent.objects.get(action=services.PARTNERS_IMPORT)
    assert run.changes["file"] == [None, "p.csv"] and run.changes["created"] == [None, 1]
    renamed = AuditEvent.objects.get(action=services.PARTNER_UPDATE, actor=secretariat)
    assert renamed.object_id == str(world.partner_a.uuid)
    assert renamed.changes == {"name": ["Vendsyssel Maskinfabrik ApS", "Vendsyssel Maskiner"]}
