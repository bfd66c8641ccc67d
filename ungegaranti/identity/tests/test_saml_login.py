"""Staff logins through KOMBIT (SAML 2.0) against the local IdP, and every refusal."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import Client

from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.roles import Role
from ungegaranti.identity.kombit import (
    CVR_SCOPE_PREFIX,
    DEFAULT_ROLES,
    Privilege,
    privileges_encode,
)
from ungegaranti.identity.services import kombit_username

from .refusals import assert_refused

pytestmark = pytest.mark.django_db

COORDINATOR_URI = next(u for u, r in DEFAULT_ROLES.items() if r == Role.WORK_EXPERIENCE_COORDINATOR)


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} in page"
    return unescape(match.group(1))


def saml_answer(client: Client, persona: User, code: str = "860") -> dict[str, str]:
    """Start at the platform, pick the persona at the local IdP; the form it would post."""
    start = client.get(f"/log-ind/{code}/kombit/")
    assert start.status_code == 302
    sso = urlsplit(start.url)
    page = client.get(f"{sso.path}?{sso.query}")
    assert page.status_code == 200, page.content[:500]
    posted = client.post(
        sso.path, {"query": _field(page.content.decode(), "query"), "persona": str(persona.uuid)}
    )
    assert posted.status_code == 200, posted.content[:500]
    html = posted.content.decode()
    return {"SAMLResponse": _field(html, "SAMLResponse"), "RelayState": _field(html, "RelayState")}


def _session_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _refusals() -> list[str]:
    return [
        e.purpose
        for e in AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED, user=None)
    ]


def test_coordinator_lands_with_the_district_of_their_data_restriction(world):
    persona = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    client = Client()
    response = client.post("/saml/860/acs/", saml_answer(client, persona))
    assert response.status_code == 302 and response.url == "/"
    user = _session_user(client)
    assert user is not None and user.username == kombit_username(
        world.municipality, f"urn:uuid:{persona.uuid}"
    )
    assert user.role == Role.WORK_EXPERIENCE_COORDINATOR
    assert user.district == world.school_a.district and user.municipality == world.municipality


def test_the_same_response_cannot_be_replayed(world):
    persona = world.users[Role.SECRETARIAT]
    client = Client()
    answer = saml_answer(client, persona)
    assert client.post("/saml/860/acs/", answer).status_code == 302
    # The thief starts a login of their own, so their session waits for an answer too, but
    # not for this one.
    thief = Client()
    assert thief.get("/log-ind/860/kombit/").status_code == 302
    assert_refused(
        thief,
        thief.post("/saml/860/acs/", answer),
        says="Svaret fra Kommunalt login (KOMBIT) kunne ikke godkendes",
        logged="Kommunalt login (KOMBIT): UnsolicitedResponse",
        municipality=world.municipality,
    )
    # Not even in the session that made the request.
    client.logout()
    assert client.post("/saml/860/acs/", answer).status_code == 403
    assert "_auth_user_id" not in client.session and len(_refusals()) == 2


def test_an_expired_assertion_is_refused(world, monkeypatch):
    persona = world.users[Role.SECRETARIAT]
    client = Client()
    answer = saml_answer(client, persona)
    import saml2.validate

    real = saml2.validate.time_util.utc_now
    monkeypatch.setattr(saml2.validate.time_util, "utc_now", lambda: real() + 3600)
    import saml2.response

    monkeypatch.setattr(saml2.response.time_util, "utc_now", lambda: real() + 3600)
    assert_refused(
        client,
        client.post("/saml/860/acs/", answer),
        says="Svaret fra Kommunalt login (KOMBIT) kunne ikke godkendes",
        logged="Kommunalt login (KOMBIT): ResponseLifetimeExceed",
        municipality=world.municipality,
    )


def test_a_tampered_assertion_is_refused(world):
    import base64

    persona = world.users[Role.CAREER_COUNSELLOR]
    client = Client()
    answer = saml_answer(client, persona)
    xml = base64.b64decode(answer["SAMLResponse"]).decode()
    # Become the secretariat's login by swapping the subject (NameID) in the signed assertion.
    forged = xml.replace(str(persona.uuid), str(world.users[Role.SECRETARIAT].uuid))
    assert forged != xml
    answer["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
    assert_refused(
        client,
        client.post("/saml/860/acs/", answer),
        says="Svaret fra Kommunalt login (KOMBIT) kunne ikke godkendes",
        logged="Kommunalt login (KOMBIT): SignatureError",
        municipality=world.municipality,
    )


def test_a_role_that_needs_a_data_restriction_without_one_is_refused(world):
    from ungegaranti.core.assurance import Level
    from ungegaranti.identity.config import route_for
    from ungegaranti.identity.services import LoginRefused, login_kombit

    route = route_for("860", "kombit")
    scope = f"{CVR_SCOPE_PREFIX}{route.options['cvr']}"
    with pytest.raises(LoginRefused) as refused:
        login_kombit(
            route=route,
            municipality=world.municipality,
            subject="urn:uuid:0b6c",
            privileges=[Privilege(COORDINATOR_URI, scope, ())],
            attributes={},
            level=Level.SUBSTANTIAL,
        )
    assert "dataafgrænsning" in refused.value.message
    assert not User.objects.filter(
        username=kombit_username(world.municipality, "urn:uuid:0b6c")
    ).exists()


def test_missing_restriction_through_the_acs_is_refused_logged_and_gives_no_session(
    world, monkeypatch
):
    """The local IdP sends the coordinator's privilege without its data restriction."""
    from ungegaranti.identity.local import views as local_views

    real = local_views._kombit_personas

    def without_restriction(route):
        personas = real(route)
        for p in personas:
            p.privileges = [Privilege(pr.role_uri, pr.scope, ()) for pr in p.privileges]
        return personas

    monkeypatch.setattr(local_views, "_kombit_personas", without_restriction)
    client = Client()
    response = client.post(
        "/saml/860/acs/", saml_answer(client, world.users[Role.WORK_EXPERIENCE_COORDINATOR])
    )
    assert_refused(
        client,
        response,
        says="dataafgrænsning",
        logged="KOMBIT: WORK_EXPERIENCE_COORDINATOR uden gyldig dataafgrænsning",
        municipality=world.municipality,
    )


def test_role_and_scope_are_refreshed_at_every_login(world):
    from ungegaranti.core.assurance import Level
    from ungegaranti.identity.config import route_for
    from ungegaranti.identity.services import login_kombit

    route = route_for("860", "kombit")
    scope = f"{CVR_SCOPE_PREFIX}{route.options['cvr']}"
    first = login_kombit(
        route=route,
        municipality=world.municipality,
        subject="s-1",
        privileges=[Privilege(COORDINATOR_URI, scope, (str(world.school_a.district.uuid),))],
        attributes={},
        level=Level.SUBSTANTIAL,
    ).user
    again = login_kombit(
        route=route,
        municipality=world.municipality,
        subject="s-1",
        privileges=[Privilege(COORDINATOR_URI, scope, (str(world.school_b.district.uuid),))],
        attributes={},
        level=Level.SUBSTANTIAL,
    ).user
    assert again.pk == first.pk and again.district == world.school_b.district
    secretariat_uri = next(u for u, r in DEFAULT_ROLES.items() if r == Role.SECRETARIAT)
    promoted = login_kombit(
        route=route,
        municipality=world.municipality,
        subject="s-1",
        privileges=[Privilege(secretariat_uri, scope, ())],
        attributes={},
        level=Level.SUBSTANTIAL,
    ).user
    assert promoted.role == Role.SECRETARIAT and promoted.district is None
    assert list(promoted.groups.values_list("name", flat=True)) == [Role.SECRETARIAT.value]


def test_a_privilege_for_another_municipalitys_cvr_gives_no_role(world):
    from ungegaranti.identity.config import route_for
    from ungegaranti.identity.kombit import role_for

    route = route_for("860", "kombit")
    other = Privilege(
        COORDINATOR_URI, f"{CVR_SCOPE_PREFIX}11111111", (str(world.school_a.district.uuid),)
    )
    assert role_for(route=route, privileges=[other]) is None


def test_privilege_list_round_trip():
    from ungegaranti.identity.kombit import privileges_parse

    privileges = [Privilege("https://ungegaranti.dk/roller/sekretariat", "urn:x", ("a", "b"))]
    assert privileges_parse(privileges_encode(privileges)) == privileges


def test_sp_metadata_is_published(world):
    response = Client().get("/saml/860/metadata/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "AssertionConsumerService" in text and "/saml/860/acs/" in text
    assert 'AuthnRequestsSigned="true"' in text and 'WantAssertionsSigned="true"' in text
