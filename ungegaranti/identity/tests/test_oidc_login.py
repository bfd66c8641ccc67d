"""Logins through the three OIDC routes, against the local providers, and every refusal."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from joserfc.jwk import RSAKey

from ungegaranti.core.assurance import SESSION_KEY, Level
from ungegaranti.core.dates import add_years
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.roles import Role
from ungegaranti.identity.local.oidc_provider import sign_id_token
from ungegaranti.partners.services import partner_contact_create
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.models import Guardian
from ungegaranti.people.services import (
    guardian_cpr_set,
    guardian_link_create,
    young_person_uni_id_set,
)

from .broker import oidc_login
from .refusals import assert_refused

pytestmark = pytest.mark.django_db


def _session_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _refusals() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED, user=None))


def test_pupil_logs_in_with_unilogin_by_uni_id(world, backchannel):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    client = Client()
    response = oidc_login(
        client, code="860", route="unilogin", persona=f"elev:{world.pupil_a.uuid}"
    )
    assert response.status_code == 302 and response.url == "/"
    user = _session_user(client)
    assert user == world.users[Role.YOUNG_PERSON]  # the pupil's existing login
    assert client.session[SESSION_KEY] == Level.SUBSTANTIAL


def test_teacher_logs_in_with_unilogin_as_staff(world, backchannel):
    teacher = world.users[Role.TEACHER]
    User.objects.filter(pk=teacher.pk).update(uni_id="hanne77")
    client = Client()
    oidc_login(client, code="860", route="unilogin", persona=f"medarbejder:{teacher.uuid}")
    assert _session_user(client) == teacher


def test_unilogin_pupil_without_match_gets_a_danish_page_whom_to_contact(world, backchannel):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    client = Client()
    # The UNI-ID is known to the provider but since changed here: no match.
    start = client.get("/log-ind/860/unilogin/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(start.url).query).items()}
    page = client.post(
        urlsplit(start.url).path,
        {**params, "persona": f"elev:{world.pupil_a.uuid}", "level": "Substantial"},
    )
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="changed", acting_user=None)
    response = client.get(page.url.replace("http://testserver", ""))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Vi kender ikke dit UNI-ID" in text and "skolens kontor" in text
    assert _session_user(client) is None
    assert [e.purpose for e in _refusals()] == ["Login afvist: UNI-Login: elev uden match"]


def test_guardian_logs_in_with_mitid_by_cpr_digest_and_gets_a_login(world, backchannel):
    cpr = synthetic_cpr(
        add_years(world.pupil_a.birth_date, 1985 - world.pupil_a.birth_date.year), 11, male=False
    )
    guardian = Guardian.objects.create(municipality=world.municipality, name="Bente Andersen")
    guardian_link_create(guardian=guardian, young_person=world.pupil_a, acting_user=None)
    guardian_cpr_set(guardian=guardian, cpr=cpr, acting_user=None)
    client = Client()
    response = oidc_login(client, code="860", route="mitid", persona=f"foraelder:{guardian.uuid}")
    assert response.status_code == 302
    user = _session_user(client)
    guardian.refresh_from_db()
    assert user is not None and user.role == Role.GUARDIAN and guardian.user == user
    assert not user.has_usable_password()
    # Never the CPR in the session.
    assert cpr.digits not in str(dict(client.session.items()))


def test_mitid_under_15_is_refused_with_the_reason(world, backchannel):
    from ungegaranti.identity.config import route_for
    from ungegaranti.identity.services import LoginRefused, login_mitid

    with pytest.raises(LoginRefused) as refused:
        login_mitid(
            route=route_for("860", "mitid"),
            municipality=world.municipality,
            claims={"https://data.gov.dk/model/core/eid/cprNumber": world.pupil_a.cpr.digits},
        )
    assert "fyldt 15 år" in refused.value.message


def test_partner_contact_logs_in_with_mitid_erhverv_by_cvr_and_email(world, backchannel):
    contact = partner_contact_create(
        partner=world.partner_b, name="Hanne Havn", email="hanne@havn.dk", acting_user=None
    )
    client = Client()
    oidc_login(client, code="860", route="mitid_erhverv", persona=f"kontakt:{contact.uuid}")
    user = _session_user(client)
    contact.refresh_from_db()
    assert user is not None and user.role == Role.PARTNER_CONTACT
    assert user.partner == world.partner_b and contact.user == user


def _tampered(world, backchannel, change):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    backchannel.tamper_token = change
    client = Client()
    response = oidc_login(
        client, code="860", route="unilogin", persona=f"elev:{world.pupil_a.uuid}"
    )
    return client, response


def _resigned(key=None, **override):
    """The provider's own token, its claims changed and signed again (by `key` if given)."""

    def change(token):
        from joserfc import jwt

        from ungegaranti.identity.local.oidc_provider import signing_key

        claims = jwt.decode(token["id_token"], signing_key()).claims
        return {**token, "id_token": sign_id_token({**claims, **override}, key=key)}

    return change


def _audience_changed(token):
    from joserfc import jwt

    from ungegaranti.identity.local.oidc_provider import signing_key

    claims = jwt.decode(token["id_token"], signing_key()).claims
    return _resigned(aud="someone-else", azp=claims["aud"])(token)


def _foreign_key(kid: str | None = None) -> RSAKey:
    from ungegaranti.identity.local.oidc_provider import signing_key

    return RSAKey.generate_key(2048, parameters={"kid": kid or signing_key().kid})


@pytest.mark.parametrize(
    ("change", "logged"),
    [
        pytest.param(_resigned(iss="https://evil.example"), "Invalid claim: 'iss'", id="issuer"),
        # A token for another client, though it names ours as the authorised party.
        pytest.param(_audience_changed, "Invalid claim: 'aud'", id="audience"),
        pytest.param(_resigned(nonce="replayed-nonce"), "Invalid claim: 'nonce'", id="nonce"),
        pytest.param(_resigned(exp=int(time.time()) - 3600), "ExpiredTokenError", id="expired"),
        # Signed by a stranger under the provider's own key id: the signature does not hold.
        pytest.param(
            lambda token: _resigned(key=_foreign_key())(token), "BadSignatureError", id="signature"
        ),
        pytest.param(
            lambda token: _resigned(key=_foreign_key("k"))(token),
            "No key for kid: 'k'",
            id="unknown-key",
        ),
    ],
)
def test_a_flawed_id_token_is_refused_logged_and_gives_no_session(
    world, backchannel, change, logged
):
    client, response = _tampered(world, backchannel, change)
    assert_refused(
        client,
        response,
        says="Svaret fra UNI-Login kunne ikke godkendes",
        logged=f"UNI-Login: {logged}" if logged.endswith("Error") else logged,
        municipality=world.municipality,
    )


def test_a_state_mismatch_is_refused(world, backchannel):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    client = Client()
    start = client.get("/log-ind/860/unilogin/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(start.url).query).items()}
    answer = client.post(
        urlsplit(start.url).path,
        {**params, "state": "forged", "persona": f"elev:{world.pupil_a.uuid}", "level": "Low"},
    )
    response = client.get(answer.url.replace("http://testserver", ""))
    assert_refused(
        client,
        response,
        says="Svaret fra UNI-Login kunne ikke godkendes",
        logged="UNI-Login: MismatchingStateError",
        municipality=world.municipality,
    )


def test_a_code_cannot_be_used_twice(world, backchannel):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    first = Client()
    start = first.get("/log-ind/860/unilogin/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(start.url).query).items()}
    answer = first.post(
        urlsplit(start.url).path,
        {**params, "persona": f"elev:{world.pupil_a.uuid}", "level": "Low"},
    )
    callback = answer.url.replace("http://testserver", "")
    assert first.get(callback).status_code == 302
    assert first.get(callback).status_code == 403  # the state was used up
    assert _session_user(first) is not None
