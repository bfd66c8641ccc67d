"""Pages with the support-track flag, a CPR or a plan need NSIS Substantial (domain.md,
"Identity"): a session at Low is refused with an explanation."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from ungegaranti.core.assurance import SESSION_KEY, Level, level_from_claim
from ungegaranti.core.roles import Role

pytestmark = pytest.mark.django_db


def _client(world, role: Role, level: Level | None) -> Client:
    client = Client()
    client.force_login(world.users[role])
    if level is not None:
        session = client.session
        session[SESSION_KEY] = int(level)
        session.save()
    return client


SENSITIVE = [
    (
        Role.TEACHER,
        lambda w: reverse("plans:young_person_detail", kwargs={"uuid": w.pupil_a.uuid}),
    ),
    (
        Role.YOUNG_PERSON,
        lambda w: reverse("plans:young_person_detail", kwargs={"uuid": w.pupil_a.uuid}),
    ),
    (
        Role.GUARDIAN,
        lambda w: reverse("plans:young_person_detail", kwargs={"uuid": w.pupil_a.uuid}),
    ),
    (Role.SECRETARIAT, lambda w: reverse("people:young_person_list")),
]


@pytest.mark.parametrize(("role", "url"), SENSITIVE)
def test_a_low_session_is_refused_with_an_explanation(world, role, url):
    response = _client(world, role, Level.LOW).get(url(world))
    assert response.status_code == 403
    text = response.content.decode()
    assert "sikringsniveau <strong>Lav</strong>" in text and "Betydelig" in text
    assert world.pupil_a.last_name not in text


@pytest.mark.parametrize("level", [Level.SUBSTANTIAL, Level.HIGH])
@pytest.mark.parametrize(("role", "url"), SENSITIVE)
def test_substantial_and_high_may_see_the_page(world, role, url, level):
    assert _client(world, role, level).get(url(world)).status_code == 200


def test_pages_without_sensitive_data_are_open_at_low(world):
    client = _client(world, Role.YOUNG_PERSON, Level.LOW)
    assert client.get(reverse("portal:home")).status_code == 200


@override_settings(LOCAL_LOGIN_NSIS_LEVEL="LOW")
def test_the_password_login_counts_as_its_configured_level(world):
    client = Client()
    from ungegaranti.demo.testing import PASSWORD

    client.post(reverse("login"), {"username": "laerer", "password": PASSWORD})
    assert SESSION_KEY not in client.session
    url = reverse("plans:young_person_detail", kwargs={"uuid": world.pupil_a.uuid})
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("claim", "level"),
    [
        ("https://data.gov.dk/concept/core/nsis/loa/Substantial", Level.SUBSTANTIAL),
        ("https://data.gov.dk/concept/core/nsis/loa/High", Level.HIGH),
        ("Low", Level.LOW),
        ("Betydelig", Level.SUBSTANTIAL),
        ("3", Level.HIGH),
        ("", None),
        ("Medium", None),
        ("7", None),
    ],
)
def test_level_claims(claim, level):
    assert level_from_claim(claim) == level
