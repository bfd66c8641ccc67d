"""The second demo municipality, Frederikshavn (813): what it builds, and that the demo's two
municipalities are walled off from each other both ways (the URL-by-URL proof over every
detail URL of docs/permissions.md is portal/tests/test_cross_municipality.py)."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from ungegaranti.core.models import User
from ungegaranti.core.roles import Role
from ungegaranti.demo.builder import DEMO_LOGINS, build_demo_municipality
from ungegaranti.demo.frederikshavn import CODE, build_frederikshavn
from ungegaranti.insights.figures import figures_refresh
from ungegaranti.insights.services import research_project_register
from ungegaranti.insights.tests.research_helpers import archive_files, export_of, project_fields
from ungegaranti.people.models import Guardian, SchoolDistrict, YoungPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def both():
    hjorring = build_demo_municipality(seed=5, young_people=300, partners=12)
    frederikshavn = build_frederikshavn(seed=813, young_people=120, partners=6)
    return hjorring, frederikshavn


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_frederikshavn_is_built_through_the_services_with_a_login_per_role(both):
    _hjorring, result = both
    municipality = result.municipality
    assert (municipality.code, municipality.name) == (CODE, "Frederikshavn")
    assert result.young_people == YoungPerson.objects.filter(municipality=municipality).count()
    assert result.young_people == 120 and result.partners == 6 and result.guardians > 30
    assert SchoolDistrict.objects.filter(municipality=municipality).count() == 3
    users = {u.username: u for u in User.objects.filter(username__startswith="frh-")}
    assert sorted(users) == sorted(f"frh-{name}" for _, name in DEMO_LOGINS)
    assert {u.role for u in users.values()} == set(Role)
    assert all(u.municipality == municipality for u in users.values())
    pupil = users["frh-ung"].young_person
    assert pupil.municipality == municipality and pupil.school_class.grade == 9
    assert users["frh-laerer"].teaching_classes.get() == pupil.school_class
    assert users["frh-praktikkoordinator"].district == pupil.school.district
    assert users["frh-foraelder"].guardian_profile.children.filter(pk=pupil.pk).exists()
    assert users["frh-partner"].partner.municipality == municipality


def test_the_command_builds_once_and_is_refused_in_production(db):
    with override_settings(DEMO_DATA_ALLOWED=False), pytest.raises(CommandError) as refused:
        call_command("demo_frederikshavn", stdout=StringIO())
    assert "produktionsindstillinger" in str(refused.value)
    assert not YoungPerson.objects.exists()
    out = StringIO()
    call_command("demo_frederikshavn", "--young-people", "60", "--partners", "2", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == (
        f"demo frederikshavn: young_people=60 guardians={Guardian.objects.count()} partners=2"
    )
    again = StringIO()
    call_command("demo_frederikshavn", "--if-empty", stdout=again)
    assert again.getvalue().strip() == "demo frederikshavn: already loaded"
    with pytest.raises(CommandError):
        call_command("demo_frederikshavn", stdout=StringIO())


def test_no_persona_of_one_demo_municipality_sees_a_young_person_of_the_other(both):
    hjorring, frederikshavn = both
    there = frederikshavn.users["ung"].young_person
    here = hjorring.users["ung"].young_person
    for own, other_pupil in ((frederikshavn.users, here), (hjorring.users, there)):
        for username, user in own.items():
            for name in ("plans:young_person_detail", "portal:my_data_json"):
                got = _as(user).get(reverse(name, kwargs={"uuid": other_pupil.uuid}))
                assert got.status_code in {403, 404}, (username, name, got.status_code)
        # The roles that see every young person at home get a 404, not a hint.
        for username in ("sekretariat", "vejleder"):
            got = _as(own[username]).get(
                reverse("plans:young_person_detail", kwargs={"uuid": other_pupil.uuid})
            )
            assert got.status_code == 404, username


def test_lists_searches_statistics_and_exports_stay_in_frederikshavn(both):
    hjorring, frederikshavn = both
    secretariat = _as(frederikshavn.users["sekretariat"])
    here = hjorring.users["ung"].young_person
    found = secretariat.get(reverse("people:young_person_list"), {"q": here.last_name})
    assert found.status_code == 200 and here.full_name not in found.content.decode()
    own = frederikshavn.users["ung"].young_person
    mine = secretariat.get(reverse("people:young_person_list"), {"q": own.last_name})
    assert own.full_name in mine.content.decode()

    # The dashboards read the summary figures of the viewer's own municipality only.
    figures_refresh(municipality=hjorring.municipality)
    figures_refresh(municipality=frederikshavn.municipality)
    page = secretariat.get(reverse("insights:statistics")).content.decode()
    for name in SchoolDistrict.objects.filter(municipality=frederikshavn.municipality).values_list(
        "name", flat=True
    ):
        assert name in page
    for name in SchoolDistrict.objects.filter(municipality=hjorring.municipality).values_list(
        "name", flat=True
    ):
        assert name not in page

    # A research export of a Frederikshavn project holds Frederikshavn's young people only:
    # those released and those left out for k-anonymity are all of them, and no more.
    project = research_project_register(
        municipality=frederikshavn.municipality,
        acting_user=frederikshavn.users["sekretariat"],
        **project_fields(None, researchers=[frederikshavn.users["forsker"]]),
    )
    export = export_of(project, frederikshavn.users["forsker"])
    people = archive_files(export)["unge.csv"].decode("utf-8-sig")
    released = len(list(csv.reader(io.StringIO(people), delimiter=";"))) - 1
    assert released == export.report["udleveret"]
    assert export.report["personer"] == frederikshavn.young_people
