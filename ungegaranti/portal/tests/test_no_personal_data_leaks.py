"""Partners never receive a CPR or a support flag; researchers and politicians never receive a
CPR, a young person's name or a support flag, on any page or download they can open (the
researcher's sample project is not approved for the support track, which a project may be)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ungegaranti.core.roles import Role
from ungegaranti.core.tests.test_url_permissions import COLUMNS, read_matrix, url_names, url_samples
from ungegaranti.insights.tests.research_helpers import archive_files, export_of, register_project
from ungegaranti.people.models import YoungPerson

SUPPORT_FLAG_MARKERS = [
    'class="badge support-track"',
    "I støttesporet",
    "stoettespor",
    "støttespor,",
]


def _cpr_patterns(person: YoungPerson) -> list[str]:
    digits = person.cpr.digits
    return [digits, f"{digits[:6]}-{digits[6:]}"]


def _reachable_bodies(world, role: Role) -> dict[str, str]:
    """Every URL the matrix opens for this role (200), plus same-site links on those pages."""
    column = next(c for c, r in COLUMNS.items() if r == role)
    patterns = dict(url_names())
    samples = url_samples()
    client = Client()
    client.force_login(world.users[role])
    bodies: dict[str, str] = {}
    to_visit = []
    for name, row in read_matrix().items():
        if row[column] != "200":
            continue
        kwargs = samples[name](world) if "<" in str(patterns[name].pattern) else {}
        to_visit.append(reverse(name, kwargs=kwargs))
    for url in to_visit:
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        bodies[url] = text
        if "html" in response.get("Content-Type", ""):
            for link in re.findall(r'href="(/[^"#]*)"', text):
                link = link.replace("&amp;", "&")
                if link not in bodies and link not in to_visit and not link.startswith("/static/"):
                    to_visit.append(link)
    assert bodies, f"{role}: no page reached"
    return bodies


@pytest.mark.parametrize("role", [Role.PARTNER_CONTACT, Role.RESEARCHER, Role.POLITICIAN])
def test_no_cpr_and_no_support_flag(world, role):
    people = list(YoungPerson.objects.all())
    for url, body in _reachable_bodies(world, role).items():
        for person in people:
            for pattern in _cpr_patterns(person):
                assert pattern not in body, f"{role}: a CPR on {url}"
        for marker in SUPPORT_FLAG_MARKERS:
            assert marker not in body, f"{role}: a support flag on {url}"


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.POLITICIAN])
def test_no_young_persons_name(world, role):
    people = list(YoungPerson.objects.all())
    for url, body in _reachable_bodies(world, role).items():
        for person in people:
            assert person.full_name not in body, f"{role}: a name on {url}"
            assert f">{person.first_name}<" not in body, f"{role}: a first name on {url}"
            assert person.last_name not in body, f"{role}: a surname on {url}"


def test_the_research_export_releases_nobody_of_a_group_under_five(world, client_for):
    """The test world's Hjørring has three young people: alone in their groups, all three are
    left out of the researcher's archive (the byte scans above find nothing to find there;
    insights/tests/test_research.py scans a municipality large enough to release people)."""
    export = export_of(register_project(world), world.users[Role.RESEARCHER])
    response = client_for(Role.RESEARCHER).get(
        reverse("insights:research_export_download", kwargs={"uuid": export.uuid})
    )
    assert response.status_code == 200
    assert export.report["personer"] == 3 and export.report["udleveret"] == 0
    people = archive_files(export)["unge.csv"].decode("utf-8-sig").strip().splitlines()
    assert people == ["pseudonym;udtraek_maaned;koen;foedsel;distrikt;skoleaar;klassetrin"]
