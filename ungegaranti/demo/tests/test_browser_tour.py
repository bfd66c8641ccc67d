"""Issue 14's "done when": a new coordinator, following the tour's words from the login page,
runs and compares both mechanisms on the demo's closed round in under a minute from logging in.

The demo is the real one, built by its commands' functions, at a sixth of its size so the
suite stays quick (the coordinator's round has a sixth of the full demo's pupils; the full
demo's is measured in the issue's report). The
time from the login form to the side-by-side table is printed (`pytest -s` shows it)."""

import time
from importlib import import_module

import pytest

from ungegaranti.core.models import PostalArea
from ungegaranti.demo.builder import DEMO_PASSWORD, build_demo_municipality
from ungegaranti.demo.marketplace import demo_offers_build
from ungegaranti.demo.rounds import demo_rounds_build
from ungegaranti.placement.models import Round, Run
from ungegaranti.placement.selectors import round_pupils

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The postal areas come from a data migration, which an earlier transactional test flushes;
# the allocation needs their coordinates.
POSTAL_AREAS = import_module("ungegaranti.core.migrations.0004_postal_areas").POSTAL_AREAS


def test_a_new_coordinator_runs_and_compares_both_mechanisms_within_a_minute(
    live_server, page, settings
):
    for code, town, latitude, longitude in POSTAL_AREAS:
        PostalArea.objects.get_or_create(
            code=code, defaults={"town": town, "latitude": latitude, "longitude": longitude}
        )
    settings.DEMO_DATA_ALLOWED = True
    settings.DEMO_PERSONAS_ON_LOGIN_PAGE = True
    demo = build_demo_municipality(seed=860, young_people=2400, partners=60)
    demo_offers_build(municipality=demo.municipality, seed=860, offers=60, applications=0)
    demo_rounds_build(municipality=demo.municipality, seed=860)
    closed = Round.objects.get(status=Round.Status.CLOSED)
    pupils = round_pupils(round=closed).count()
    runs_before = set(closed.runs.values_list("pk", flat=True))

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/log-ind/")
    # The login page says whom to log in as.
    assert "praktikkoordinator" in page.locator("main").inner_text()
    started = time.perf_counter()
    page.get_by_label("Brugernavn").fill("praktikkoordinator")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Praktikrunder").first.click()
    page.get_by_role("link", name=closed.name).click()
    page.get_by_role("button", name="Beregn fordelingen igen").click()
    table = page.get_by_role("table", name="Metoderne side om side")
    table.wait_for()
    seconds = time.perf_counter() - started

    text = table.inner_text()
    assert "Optimal" in text and "Lodtrækning" in text
    fresh = closed.runs.exclude(pk__in=runs_before)
    assert sorted(fresh.values_list("mechanism", flat=True)) == sorted(Run.Mechanism.values)
    print(
        f"\ncoordinator: login to both mechanisms compared in {seconds:.1f} s "
        f"({pupils} pupils in the closed round, 5 clicks)"
    )
    assert seconds < 60
