"""Local password accounts (demo and break-glass): lockout after wrong passwords, TOTP as the
second step, the idle timeout, and logging out everywhere."""

import time

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ungegaranti.core.models import AccessLogEntry, AuditEvent, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import USER_SESSIONS_END
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.identity.middleware import LAST_SEEN_KEY
from ungegaranti.identity.services import TOTP_CONFIRMED
from ungegaranti.identity.twofactor import PENDING_KEY_SESSION

pytestmark = pytest.mark.django_db

LOGIN = "/log-ind/"


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _session_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _code(key: str, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key), step=30, digits=6)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


# -- lockout ----------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_with_a_danish_page(world):
    teacher = world.users[Role.TEACHER]
    client = Client()
    for attempt in range(4):
        wrong = _login(client, teacher.username, "forkert")
        assert wrong.status_code == 200, attempt  # the form again, with its message
        assert "korrekt brugernavn og adgangskode" in wrong.content.decode()
    locked = _login(client, teacher.username, "forkert")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "låst i 15 minutter" in text and teacher.username in text
    # Now even the right password is refused, from any browser, and no session is made.
    again = _login(Client(), teacher.username)
    assert again.status_code == 429 and _session_user(client) is None
    # Each refused attempt while locked is in the access log.
    entries = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED, user=None)
    assert len(entries) == 2
    assert all("for mange forkerte adgangskoder" in e.purpose for e in entries)
    # Another username is not locked.
    assert _login(Client(), world.users[Role.SECRETARIAT].username).status_code == 302


def test_four_wrong_passwords_then_the_right_one_logs_in_and_resets_the_count(world):
    teacher = world.users[Role.TEACHER]
    client = Client()
    for _ in range(4):
        _login(client, teacher.username, "forkert")
    assert _login(client, teacher.username).status_code == 302
    for _ in range(4):
        assert _login(Client(), teacher.username, "forkert").status_code == 200


def test_the_lock_lifts_after_the_cool_off(world, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    teacher = world.users[Role.TEACHER]
    for _ in range(5):
        _login(Client(), teacher.username, "forkert")
    assert _login(Client(), teacher.username).status_code == 429
    # Fifteen minutes later (moved back in the database rather than slept).
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert _login(Client(), teacher.username).status_code == 302


# -- TOTP -------------------------------------------------------------------------------------


@override_settings(LOCAL_LOGIN_TOTP_REQUIRED=True)
def test_under_production_rules_staff_set_up_totp_before_any_page(world):
    teacher = world.users[Role.TEACHER]
    client = Client()
    assert _login(client, teacher.username).status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home.url.startswith("/konto/totp/opret/")
    page = client.get(home.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Slå totrinsbekræftelse til" in html
    key = client.session[PENDING_KEY_SESSION]
    wrong = client.post(home.url, {"token": "000000" if _code(key) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Koden passer ikke" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    done = client.post(home.url, {"token": _code(key)})
    assert done.status_code == 302 and done.url == "/"
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=teacher).confirmed
    assert AuditEvent.objects.filter(action=TOTP_CONFIRMED, actor=teacher).exists()


def _with_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ungegarantien", confirmed=True)


def test_a_user_with_totp_gives_a_code_after_the_password_even_in_the_demo(world, settings):
    settings.LOCAL_LOGIN_TOTP_REQUIRED = False
    secretariat = world.users[Role.SECRETARIAT]
    device = _with_device(secretariat)
    client = Client()
    _login(client, secretariat.username)
    page = client.get("/sekretariat/adgangslog/")
    assert page.status_code == 302 and page.url.startswith("/konto/totp/?next=")
    # A wrong code: refused, logged, still no page.
    wrong = client.post(page.url, {"token": "12345"})
    assert "seks cifre" in wrong.content.decode()
    bad = "000000" if _code(device.key) != "000000" else "111111"
    wrong = client.post(page.url, {"token": bad})
    assert "Koden passer ikke" in wrong.content.decode()
    assert AccessLogEntry.objects.filter(purpose__contains="forkert TOTP-kode").count() == 1
    assert client.get("/sekretariat/adgangslog/").status_code == 302
    # The password alone cannot replace the device either.
    enrol = client.get("/konto/totp/opret/")
    assert enrol.status_code == 302 and enrol.url.startswith("/konto/totp/")
    # Wrong codes are throttled: right after a wrong one, even the right code must wait.
    throttled = client.post(page.url, {"token": _code(device.key)})
    assert "For mange forkerte koder" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(page.url, {"token": _code(device.key)})
    assert right.status_code == 302 and right.url == "/sekretariat/adgangslog/"
    assert client.get("/sekretariat/adgangslog/").status_code == 200


def test_the_demo_lets_its_personas_in_at_once_but_a_superuser_needs_totp(world, settings):
    settings.LOCAL_LOGIN_TOTP_REQUIRED = False
    client = Client()
    _login(client, world.users[Role.TEACHER].username)
    assert client.get("/").status_code == 200
    admin = world.users[Role.SECRETARIAT]
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    client = Client()
    _login(client, admin.username)
    assert client.get("/").url.startswith("/konto/totp/opret/")


def test_a_broker_session_is_never_asked_for_a_code(world, settings):
    """Only the password login owes a code; a session from a broker has had its second
    factor there (force_login stands in for the broker's login here)."""
    settings.LOCAL_LOGIN_TOTP_REQUIRED = True
    client = Client()
    client.force_login(world.users[Role.TEACHER])
    assert client.get("/").status_code == 200


# -- idle timeout -----------------------------------------------------------------------------


def _idle(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.parametrize(
    ("role", "idle", "still_in"),
    [
        (Role.TEACHER, 30 * 60 - 5, True),
        (Role.TEACHER, 30 * 60 + 5, False),
        (Role.SECRETARIAT, 30 * 60 + 5, False),
        (Role.YOUNG_PERSON, 30 * 60 + 5, True),
        (Role.YOUNG_PERSON, 2 * 60 * 60 - 5, True),
        (Role.YOUNG_PERSON, 2 * 60 * 60 + 5, False),
    ],
)
def test_an_idle_session_ends_staff_after_30_minutes_others_after_two_hours(
    world, role, idle, still_in
):
    client = Client()
    client.force_login(world.users[role])
    assert client.get("/").status_code == 200
    _idle(client, idle)
    response = client.get("/beskeder/")
    if still_in:
        assert response.status_code == 200
        assert _session_user(client) is not None
    else:
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        assert _session_user(client) is None
        login_page = client.get(response.url)
        assert "ikke har været brugt i" in login_page.content.decode()


def test_an_idle_htmx_request_is_sent_to_the_login_page(world):
    client = Client()
    client.force_login(world.users[Role.TEACHER])
    client.get("/")
    _idle(client, 31 * 60)
    response = client.get("/beskeder/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(LOGIN)


# -- log out everywhere -----------------------------------------------------------------------


def test_log_out_everywhere_ends_every_session_of_the_user_only(world):
    teacher = world.users[Role.TEACHER]
    laptop, phone, colleague = Client(), Client(), Client()
    _login(laptop, teacher.username)
    phone.force_login(teacher)
    colleague.force_login(world.users[Role.SECRETARIAT])
    assert phone.get("/").status_code == 200
    response = laptop.post("/konto/log-ud-overalt/")
    assert response.status_code == 302 and response.url == LOGIN
    assert "logget ud på alle dine enheder" in laptop.get(LOGIN).content.decode()
    for client in (laptop, phone):
        assert client.get("/beskeder/").status_code == 302
        assert _session_user(client) is None
    assert colleague.get("/beskeder/").status_code == 200
    assert AuditEvent.objects.filter(action=USER_SESSIONS_END, actor=teacher).count() == 1
    # The password still works: logging out is not a lock.
    assert _login(Client(), teacher.username).status_code == 302


def test_the_security_page_offers_totp_to_a_password_session(world):
    client = Client()
    _login(client, world.users[Role.TEACHER].username)
    html = client.get("/konto/sikkerhed/").content.decode()
    assert "Slå totrinsbekræftelse til" in html and "Log ud på alle enheder" in html
