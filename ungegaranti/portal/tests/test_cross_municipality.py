"""One deployment, many municipalities: no role of one municipality reaches any object of
another. Every URL of docs/permissions.md that names an object is asked for the test world's
sample object (in Hjørring, 860) by a persona of each role in Norddjurs (707): where the role
would see it at home, here it is 404. Lists, searches, statistics and exports stay inside the
persona's own municipality. The public partner and offer pages are national by design (see
docs/permissions.md) and are left out."""

import csv
import io
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import user_create
from ungegaranti.core.tests.test_url_permissions import COLUMNS, read_matrix, url_names, url_samples
from ungegaranti.insights.figures import figures_refresh
from ungegaranti.insights.tests.research_helpers import export_of, register_project
from ungegaranti.partners.services import agreement_end_for, partner_contact_create, partner_upsert
from ungegaranti.people.models import Guardian, SchoolClass
from ungegaranti.people.services import guardian_link_create

pytestmark = pytest.mark.django_db

# National by design: login routing and the local stand-in brokers name a municipality or none.
NATIONAL_PREFIXES = ("identity:", "identity_local:")
# The argument names a chart, not a row: each municipality gets its own figures of that chart
# (test_statistics_and_exports_stay_inside_the_municipality checks that).
NOT_OBJECTS = {"insights:chart_csv", "insights:chart_xlsx"}


def _other_personas(world) -> dict[Role, object]:
    other = world.other_municipality
    school = world.foreign_pupil.school
    klass = SchoolClass.objects.create(
        municipality=other,
        school=school,
        grade=9,
        letter="a",
        school_year=school_year_of(timezone.localdate()),
    )
    world.foreign_pupil.school_class = klass
    world.foreign_pupil.save(update_fields=["school_class"])
    partner, _ = partner_upsert(
        municipality=other,
        acting_user=None,
        cvr="20000008",
        name="Grenaa Havn A/S",
        sector="H",
        address="Havnen 1",
        postal_code="8500",
        agreement_start_date=world.partner_a.agreement_start_date,
        agreement_end_date=agreement_end_for(world.partner_a.agreement_start_date),
    )

    def login(role: Role, **scope):
        return user_create(
            acting_user=None,
            username=f"norddjurs-{role.value.lower()}",
            password=None,
            role=role,
            municipality=other,
            **scope,
        )

    users = {
        Role.YOUNG_PERSON: login(Role.YOUNG_PERSON, young_person=world.foreign_pupil),
        Role.GUARDIAN: login(Role.GUARDIAN),
        Role.TEACHER: login(Role.TEACHER, teaching_classes=[klass]),
        Role.CAREER_COUNSELLOR: login(Role.CAREER_COUNSELLOR, school=school),
        Role.WORK_EXPERIENCE_COORDINATOR: login(
            Role.WORK_EXPERIENCE_COORDINATOR, district=school.district
        ),
        Role.GUIDANCE_COUNSELLOR: login(Role.GUIDANCE_COUNSELLOR),
        Role.PARTNER_CONTACT: login(Role.PARTNER_CONTACT, partner=partner),
        Role.SECRETARIAT: login(Role.SECRETARIAT),
        Role.RESEARCHER: login(Role.RESEARCHER),
        Role.POLITICIAN: login(Role.POLITICIAN),
    }
    guardian = Guardian.objects.create(
        municipality=other, name="Dorte Dahl", user=users[Role.GUARDIAN]
    )
    guardian_link_create(guardian=guardian, young_person=world.foreign_pupil, acting_user=None)
    partner_contact_create(
        partner=partner,
        name="Gert Havn",
        email="gert@havn.dk",
        user=users[Role.PARTNER_CONTACT],
        acting_user=None,
    )
    return users


def _object_urls() -> list[str]:
    patterns = dict(url_names())
    return sorted(
        name
        for name, row in read_matrix().items()
        if re.search(r"<", str(patterns[name].pattern))
        and row["anonym"] != "200"
        and not name.startswith(NATIONAL_PREFIXES)
        and name not in NOT_OBJECTS
    )


@pytest.mark.parametrize("name", _object_urls())
def test_no_role_of_another_municipality_reaches_the_object(world, name):
    row = read_matrix()[name]
    with transaction.atomic():
        kwargs = url_samples()[name](world)
    url = reverse(name, kwargs=kwargs)
    personas = _other_personas(world)
    failures = []
    for column, role in COLUMNS.items():
        if role is None:
            continue
        # Where the role would see the object at home: 404. Where it is refused at home
        # anyway, a 404 (no hint that the object exists) is as good as the 403.
        expected = {"404"} if row[column] == "200" else {row[column], "404"}
        client = Client()
        client.force_login(personas[role])
        response = client.get(url)
        got = (
            "login"
            if response.status_code == 302 and response.url.startswith(reverse("login"))
            else str(response.status_code)
        )
        if got not in expected:
            failures.append(f"{column}: expected {expected}, got {got}")
    assert not failures, f"{name} ({url}) as Norddjurs: " + "; ".join(failures)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_searches_stay_inside_the_municipality(world):
    personas = _other_personas(world)
    for role in (Role.SECRETARIAT, Role.GUIDANCE_COUNSELLOR):
        page = _as(personas[role]).get(reverse("people:young_person_list"), {"q": "Andersen"})
        assert page.status_code == 200
        assert "Asta" not in page.content.decode(), role
    # Their own young person is found.
    page = _as(personas[Role.SECRETARIAT]).get(reverse("people:young_person_list"), {"q": "Dahl"})
    assert "Dina" in page.content.decode()
    # A CPR of Hjørring finds nothing in Norddjurs, and the log says only that a CPR was searched.
    page = _as(personas[Role.SECRETARIAT]).get(
        reverse("people:young_person_list"), {"q": world.pupil_a.cpr.reveal()}
    )
    assert "Asta" not in page.content.decode()
    entry = AccessLogEntry.objects.filter(user=personas[Role.SECRETARIAT]).first()
    assert entry is not None and entry.municipality == world.other_municipality


def test_statistics_and_exports_stay_inside_the_municipality(world):
    personas = _other_personas(world)
    figures_refresh(municipality=world.municipality)
    figures_refresh(municipality=world.other_municipality)
    stats = _as(personas[Role.SECRETARIAT]).get(reverse("insights:chart_csv", args=["reached"]))
    rows = list(csv.reader(io.StringIO(stats.content.decode("utf-8-sig")), delimiter=";"))
    text = "\n".join(",".join(r) for r in rows)
    assert "8." not in text  # Hjørring's pupils are in 8th grade; Norddjurs has none
    assert (
        "Skole A"
        not in _as(personas[Role.SECRETARIAT]).get(reverse("insights:statistics")).content.decode()
    )
    # Norddjurs' researcher cannot order or fetch an export of a Hjørring project ...
    hjorring_project = register_project(world)
    hjorring_export = export_of(hjorring_project, world.users[Role.RESEARCHER])
    researcher = _as(personas[Role.RESEARCHER])
    ordered = researcher.post(
        reverse("insights:research_export_request", kwargs={"uuid": hjorring_project.uuid})
    )
    fetched = researcher.get(
        reverse("insights:research_export_download", kwargs={"uuid": hjorring_export.uuid})
    )
    assert ordered.status_code == 404 and fetched.status_code == 404
    # ... and an export of a Norddjurs project holds Norddjurs' one young person, Dina (left
    # out, as she would be alone in her group).
    own = register_project(
        world,
        municipality=world.other_municipality,
        acting_user=personas[Role.SECRETARIAT],
        researchers=[personas[Role.RESEARCHER]],
    )
    export = export_of(own, personas[Role.RESEARCHER])
    assert export.report["personer"] == 1 and export.report["udleveret"] == 0


def test_the_access_log_review_of_one_municipality_shows_none_of_the_other(world):
    personas = _other_personas(world)
    _as(world.users[Role.TEACHER]).get(
        reverse("plans:young_person_detail", kwargs={"uuid": world.pupil_a.uuid})
    )
    page = _as(personas[Role.SECRETARIAT]).get(reverse("core:access_log"))
    assert page.status_code == 200
    assert world.users[Role.TEACHER].username not in page.content.decode()


def test_an_import_touches_only_its_own_municipality(world):
    """Norddjurs imports a person whose CPR Hjørring also holds: a new row in Norddjurs, and
    Hjørring's pupil is unchanged."""
    from ungegaranti.people.models import YoungPerson
    from ungegaranti.people.services import YoungPersonRecord, young_people_bulk_upsert

    personas = _other_personas(world)
    counts = young_people_bulk_upsert(
        municipality=world.other_municipality,
        records=[
            YoungPersonRecord(
                cpr=world.pupil_a.cpr, first_name="Andet", last_name="Navn", postal_code="8500"
            )
        ],
        acting_user=personas[Role.SECRETARIAT],
    )
    assert counts["created"] == 1
    world.pupil_a.refresh_from_db()
    assert (world.pupil_a.first_name, world.pupil_a.municipality) == ("Asta", world.municipality)
    assert YoungPerson.objects.filter(cpr_digest=world.pupil_a.cpr_digest).count() == 2
