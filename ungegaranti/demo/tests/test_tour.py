"""Where a newcomer starts: the tour after the demo logins, and the personas on the login page
in dev and demo only, never under production settings."""

import importlib
from io import StringIO

from django.core.management import call_command
from django.test import Client, override_settings

from ungegaranti.demo.builder import DEMO_LOGINS, build_demo_municipality
from ungegaranti.demo.tour import TOUR


def test_every_demo_login_has_a_tour_line():
    assert set(TOUR) == {username for _role, username in DEMO_LOGINS}


def test_production_and_test_settings_never_list_the_personas(monkeypatch):
    for name in ("SECRET_KEY", "CPR_ENCRYPTION_KEY", "PSEUDONYM_KEY", "SITE_URL"):
        monkeypatch.setenv(name, f"test-{name.lower()}")
    for name in ("config.settings.base", "config.settings.production"):
        module = importlib.reload(importlib.import_module(name))
        assert module.DEMO_PERSONAS_ON_LOGIN_PAGE is False, name
    dev = importlib.import_module("config.settings.dev")
    assert dev.DEMO_PERSONAS_ON_LOGIN_PAGE is True


def test_the_login_page_lists_the_personas_only_when_the_setting_says_so(db, settings):
    settings.DEMO_PERSONAS_ON_LOGIN_PAGE = False
    page = Client().get("/log-ind/").content.decode()
    assert "Demo-personer" not in page and "<code>praktikkoordinator</code>" not in page
    with override_settings(DEMO_PERSONAS_ON_LOGIN_PAGE=True):
        page = Client().get("/log-ind/").content.decode()
    assert "Demo-personer" in page
    for _role, username in DEMO_LOGINS:
        assert f"<code>{username}</code>" in page
    assert "Praktikkoordinator" in page and "praktikrunder" in page


def test_demo_logins_prints_a_tour_per_role(db, settings):
    settings.DEMO_DATA_ALLOWED = True
    build_demo_municipality(seed=3, young_people=300, partners=20)
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    tour = text[text.index("Hvor du begynder") :]
    assert "praktikkoordinator: Åbn «Praktikrunder»" in tour
    assert all(f"  {username}: " in tour for _role, username in DEMO_LOGINS)
