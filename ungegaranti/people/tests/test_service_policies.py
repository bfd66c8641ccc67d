"""Every write service of people asks its policy and leaves an audit event, called directly.
The register is the secretariat's; acting_user None is the system (the import command, the
demo builder). The table must name every public function of people.services."""

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AccessLogEntry, AuditEvent, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create

from .. import services
from ..cpr import synthetic_cpr
from ..imports import YoungPeopleImporter, current_school_year
from ..models import Guardian, GuardianLink, School, SchoolClass, SchoolDistrict, YoungPerson


def _cpr(serial: int):
    return synthetic_cpr(date(2012, 5, 4), serial, male=serial % 2 == 1)


def _person_kwargs(world: Any) -> dict[str, Any]:
    return {
        "municipality": world.municipality,
        "cpr": _cpr(71),
        "first_name": "Ny",
        "last_name": "Elev",
        "postal_code": "9800",
    }


def _guardian(world: Any) -> Guardian:
    return Guardian.objects.create(municipality=world.municipality, name="Bent Bertelsen")


def _year() -> int:
    return current_school_year()


CASES: dict[str, tuple[Callable[[Any], dict[str, Any]], str]] = {
    "young_person_upsert": (_person_kwargs, services.YOUNG_PERSON_UPSERT),
    "guardian_link_create": (
        lambda w: {"guardian": _guardian(w), "young_person": w.pupil_b},
        services.GUARDIAN_LINK_CREATE,
    ),
    "school_structure_create": (
        lambda w: {
            "municipality": w.municipality,
            "district_name": "Distrikt C",
            "school_name": "Skole C",
            "postal_code": "9800",
        },
        services.SCHOOL_CREATE,
    ),
    "school_classes_ensure": (
        lambda w: {"municipality": w.municipality, "keys": {(w.school_a.pk, _year(), 9, "x")}},
        services.SCHOOL_CLASSES_CREATE,
    ),
    "young_people_bulk_upsert": (
        lambda w: {
            "municipality": w.municipality,
            "records": [services.YoungPersonRecord(_cpr(72), "Ny", "Elev", "9800")],
            "source": "unge.csv",
        },
        services.YOUNG_PEOPLE_IMPORT,
    ),
    "school_district_create": (
        lambda w: {"municipality": w.municipality, "name": "Distrikt C"},
        services.SCHOOL_DISTRICT_CREATE,
    ),
    "school_create": (
        lambda w: {"district": w.school_a.district, "name": "Skole C", "postal_code": "9800"},
        services.SCHOOL_CREATE,
    ),
    "school_class_create": (
        lambda w: {"school": w.school_a, "grade": 9, "letter": "x", "school_year": _year()},
        services.SCHOOL_CLASS_CREATE,
    ),
    "young_people_bulk_create": (
        lambda w: {
            "municipality": w.municipality,
            "rows": [
                {"cpr": _cpr(73), "first_name": "Ny", "last_name": "Elev", "postal_code": "9800"}
            ],
        },
        services.YOUNG_PEOPLE_CREATE,
    ),
    "guardians_bulk_create": (
        lambda w: {
            "municipality": w.municipality,
            "rows": [{"name": "Bent Bertelsen", "children": [w.pupil_b]}],
        },
        services.GUARDIANS_CREATE,
    ),
    "young_person_uni_id_set": (
        lambda w: {"young_person": w.pupil_b, "uni_id": "bobe1234"},
        services.YOUNG_PERSON_UNI_ID_SET,
    ),
    "guardian_cpr_set": (
        lambda w: {"guardian": _guardian(w), "cpr": _cpr(74)},
        services.GUARDIAN_CPR_SET,
    ),
    "school_classes_bulk_create": (
        lambda w: {
            "municipality": w.municipality,
            "rows": [{"school": w.school_a, "grade": 9, "letter": "x", "school_year": _year()}],
        },
        services.SCHOOL_CLASSES_CREATE,
    ),
}


# Only the login flow calls these, on an identifier the broker vouched for: no user acts, so
# there is no policy to ask; the audit event names the system.
SYSTEM_ONLY = {"guardian_user_link"}


def _outsiders(world: Any) -> dict[str, User]:
    """Everyone but the municipality's own secretariat: staff who read the register, the
    young person, and another municipality's secretariat."""
    refused = {role.value: world.users[role] for role in Role if role not in (Role.SECRETARIAT,)}
    refused["other_secretariat"] = user_create(
        acting_user=None,
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
    )
    return refused


def _state() -> tuple[Any, ...]:
    return (
        tuple(
            YoungPerson.objects.order_by("pk").values_list(
                "pk", "first_name", "school_class_id", "support_track"
            )
        ),
        Guardian.objects.count(),
        GuardianLink.objects.count(),
        SchoolDistrict.objects.count(),
        School.objects.count(),
        SchoolClass.objects.count(),
        AuditEvent.objects.count(),
        AccessLogEntry.objects.count(),
    )


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public - SYSTEM_ONLY == set(CASES), "each write service needs a row in CASES"


@pytest.mark.parametrize("name", sorted(CASES))
def test_only_the_municipalitys_secretariat_may_write_the_register(world, name):
    setup, _action = CASES[name]
    kwargs = setup(world)
    service = getattr(services, name)
    for who, user in _outsiders(world).items():
        before = _state()
        with pytest.raises(PermissionDenied):
            service(**kwargs, acting_user=user)
        assert _state() == before, f"{name} as {who} changed something"


@pytest.mark.parametrize("actor", ["secretariat", "system"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_write_leaves_an_audit_event(world, name, actor):
    setup, action = CASES[name]
    user = world.users[Role.SECRETARIAT] if actor == "secretariat" else None
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    getattr(services, name)(**setup(world), acting_user=user)
    events = AuditEvent.objects.filter(pk__gt=latest, action=action)
    assert events.exists(), f"{name} recorded no {action}"
    assert {e.actor_id for e in events} == {user.pk if user else None}
    assert all(e.municipality_id == world.municipality.pk for e in events)


def test_an_import_of_many_records_one_summary_event_without_cpr(world):
    rows = [
        services.YoungPersonRecord(_cpr(50 + i), f"Elev{i}", "Import", "9800") for i in range(40)
    ]
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    services.young_people_bulk_upsert(
        municipality=world.municipality,
        records=rows,
        acting_user=world.users[Role.SECRETARIAT],
        source=f"unge {rows[0].cpr.reveal()}.csv",
    )
    events = list(AuditEvent.objects.filter(pk__gt=latest))
    assert [e.action for e in events] == [services.YOUNG_PEOPLE_IMPORT]
    assert events[0].object_id == str(world.municipality.pk)
    assert events[0].changes["created"] == [None, 40]
    assert events[0].changes["source"] == [None, "unge [CPR].csv"]


def test_a_changed_young_person_records_what_changed_and_never_the_cpr(world):
    person = world.pupil_b
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    services.young_person_upsert(
        municipality=world.municipality,
        cpr=person.cpr,
        first_name="Bo",
        last_name="Bertelsen",
        postal_code="9800",
        school=person.school,
        school_class=person.school_class,
        acting_user=world.users[Role.SECRETARIAT],
    )
    event = AuditEvent.objects.get(pk__gt=latest, action=services.YOUNG_PERSON_UPSERT)
    assert event.changes == {"postal_code": ["9850", "9800"]}
    assert person.cpr.digits not in str(event.changes) + event.object_repr


def test_a_csv_import_is_the_secretariats(world):
    text = "cpr;fornavn;efternavn;postnummer;skole;klasse\n" + (
        f"{_cpr(90).reveal()};Ny;Elev;9800;Skole A;8.a\n"
    )
    teacher = world.users[Role.TEACHER]
    importer = YoungPeopleImporter(municipality=world.municipality, acting_user=teacher)
    before = _state()
    with pytest.raises(PermissionDenied):
        importer.run(text)
    assert _state() == before
    secretariat = world.users[Role.SECRETARIAT]
    result = YoungPeopleImporter(municipality=world.municipality, acting_user=secretariat).run(text)
    assert result["created"] == 1 and not result["errors"]
    assert AuditEvent.objects.filter(
        action=services.YOUNG_PEOPLE_IMPORT, actor=secretariat
    ).exists()
