"""The shared plan and Ungekoordinering in headless Chromium: the young person writes a wish,
the destination statement and a next step; the guardian co-signs; a counsellor records a
coordination meeting for a 16-year-old on the support track. axe finds nothing on any page, at
desktop width and at 390 px, and the phone never scrolls sideways. With SCREENSHOTS_DIR set,
each page is saved there at both widths."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.services import transition_record

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium",
    ),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def login(page, live_server, world, role):
    page.context.clear_cookies()
    browser_login(page, live_server, world.users[role].username, PASSWORD)


def check_both_widths(page, name):
    shots = os.environ.get("SCREENSHOTS_DIR")
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {size['width']} px"
        if shots:
            page.screenshot(path=f"{shots}/{name}-{label}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.set_viewport_size(DESKTOP)


def test_the_plan_written_signed_and_the_transition_meeting(world, live_server, page):
    login(page, live_server, world, Role.YOUNG_PERSON)
    page.goto(f"{live_server.url}/min-plan/")
    page.get_by_label("Min destinationserklæring").fill("Elektriker – EUX på EUC Nord")
    page.get_by_role("button", name="Gem erklæringen").click()
    page.get_by_label("Hvad vil du gerne?").fill("Elektriker")
    page.get_by_role("button", name="Gem ønsket").click()
    page.get_by_label("Næste skridt").fill("Tilmelde mig brobygning på EUC Nord")
    page.get_by_label("Ansvarlig fagperson").select_option(
        str(world.users[Role.CAREER_COUNSELLOR].pk)
    )
    page.get_by_label("Senest").fill((timezone.localdate() + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Gem skridtet").click()
    assert page.get_by_text("Tilmelde mig brobygning på EUC Nord").is_visible()
    check_both_widths(page, "plan-young-person")

    login(page, live_server, world, Role.GUARDIAN)
    page.goto(f"{live_server.url}/unge/{world.pupil_a.uuid}/plan/")
    page.get_by_role("button", name="Underskriv planen").click()
    assert page.get_by_text("Underskrevet af").first.is_visible()
    check_both_widths(page, "plan-guardian")

    today = timezone.localdate()
    emil, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(today.year - 16, 1, 2), 11, male=True),
        first_name="Emil",
        last_name="Eriksen",
        postal_code="9800",
        school=world.school_a,
        support_track=True,
    )
    transition_record(
        young_person=emil,
        reason="Forventes at få brug for bostøtte og STU efter 18.",
        acting_user=world.users[Role.CAREER_COUNSELLOR],
    )
    login(page, live_server, world, Role.CAREER_COUNSELLOR)
    page.goto(f"{live_server.url}/unge/{emil.uuid}/plan/overgang/")
    page.get_by_label("Mødedato").fill(today.isoformat())
    page.get_by_label("Deltagere").fill("Lone Berg, Familieafdelingen; Ali Demir, Jobcenter")
    page.get_by_role("button", name="Gem mødet").click()
    page.get_by_text("Skriv en aftalt handling").click()
    page.get_by_label("Aftalt handling").fill("Ansøgning om STU sendes")
    page.get_by_label("Ansvarlig (navn og forvaltning)").fill("Lone Berg, Familieafdelingen")
    page.get_by_label("Senest").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Gem handlingen").click()
    assert page.get_by_role("cell", name="Ansøgning om STU sendes", exact=True).is_visible()
    check_both_widths(page, "transition-counsellor")
