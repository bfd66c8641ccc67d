import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import World, build_world

# Property tests check what holds, not how fast: on a loaded CI machine the timing checks
# (per-example deadline, slow input generation) would fail runs that found nothing wrong.
settings.register_profile(
    "ungegaranti", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ungegaranti")

# UNGEGARANTI_TEST_DATE=2027-08-01 runs the suite with the clock at that date (09:00 in
# Copenhagen, ticking on from there): the suite must pass on any day of the school year, and
# `make test-dates` runs it at the dates around its edges (1 August, a birthday, a leap day).
_TEST_DATE = os.environ.get("UNGEGARANTI_TEST_DATE", "").strip()
if _TEST_DATE:
    import time_machine

    _traveller = time_machine.travel(
        datetime.fromisoformat(_TEST_DATE).replace(hour=9, tzinfo=ZoneInfo("Europe/Copenhagen")),
        tick=True,
    )
    _traveller.start()


def pytest_report_header(config) -> str | None:
    return f"clock set to {_TEST_DATE} (UNGEGARANTI_TEST_DATE)" if _TEST_DATE else None


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):
    """client_for(Role.TEACHER) -> a test client logged in as that persona."""

    def make(role: Role) -> Client:
        client = Client()
        client.force_login(world.users[role])
        return client

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `Content Security Policy: ${e.effectiveDirective} refused ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`
));
"""


class WatchedBrowser:
    """The browser, whose every context reports a Content-Security-Policy violation (Chromium
    writes one to the console for each script, style or handler the policy refused)."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.csp_violations: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        # A refusal that a script catches (htmx catches a refused eval) reaches the console
        # only through the page's securitypolicyviolation event.
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url')}: {message.text}")


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test fails on a page that broke the Content-Security-Policy."""
    if "browser" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    watched.csp_violations.clear()
    yield
    assert watched.csp_violations == [], "Content-Security-Policy violations"


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; skipped where it is not installed."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM use in fixtures
    # around it is still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def browser_login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")
