"""The issue's journey in headless Chromium: a teacher records an Uddannelse & Job activity for
a class; a pupil of the class sees it in the timeline and writes the "after"; the class's
progress towards its 25 hours moves; a guidance counsellor's worklist shows a young person
with unknown status; the counsellor logs a contact and sets a positive status; the young
person leaves the list. axe finds nothing on any page, at desktop width and at 390 px."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_bounds
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.destinations.definitions import READY_BY_KEY
from ungegaranti.destinations.services import definition_create

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


def check_both_widths(page, what):
    """axe at desktop and phone width, and no sideways scrolling on the phone."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{what} at {size['width']} px"
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (what, wide)


def test_class_activity_to_reflection_and_counsellor_follow_up(world, live_server, page):
    ready = READY_BY_KEY["hjoerring"]
    definition_create(
        municipality=world.municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=timezone.localdate() - timedelta(days=365),
        acting_user=world.users[Role.SECRETARIAT],
    )
    first, _last = school_year_bounds(world.class_a.school_year)
    day = max(first, timezone.localdate() - timedelta(days=1))

    # 1. The teacher records a class activity from the home page's Uddannelse & Job piece.
    login(page, live_server, world, Role.TEACHER)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Registrér for 8.a").click()
    assert "0 af 25 timer" in page.locator("#class-progress").inner_text()
    check_both_widths(page, "class activities")
    page.get_by_label("Emne").fill("Mit drømmejob")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Timer", exact=True).fill("2,5")
    page.get_by_label("Fase (Bill Law)").select_option("SENSING")
    page.get_by_label("Strategisk mål").select_option("INSIGHT")
    page.get_by_role("button", name="Registrér").click()
    assert "2,5 af 25 timer" in page.locator("#class-progress").inner_text()
    check_both_widths(page, "class activities with the flash message")
    page.get_by_role("link", name="Tilbage til Uddannelse & Job").click()
    assert page.get_by_role("row", name="8.a").get_by_text("2,5 / 25").is_visible()
    check_both_widths(page, "progress")

    # 2. The pupil sees it in the timeline and writes the "after".
    login(page, live_server, world, Role.YOUNG_PERSON)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Mit forløb").first.click()
    check_both_widths(page, "record")
    page.get_by_role("link", name="Mit drømmejob").click()
    page.get_by_label("Efter: Hvad tager du med dig?").fill("Jeg vil gerne være tømrer.")
    check_both_widths(page, "activity")
    page.get_by_role("button", name="Gem refleksion").click()
    assert page.get_by_text("Din refleksion er gemt.").is_visible()
    page.get_by_role("link", name="Tilbage til mit forløb").click()
    assert page.get_by_text("«Jeg vil gerne være tømrer.»").is_visible()

    # 3. The counsellor's worklist shows Carl (22, no status), who leaves it when positive.
    login(page, live_server, world, Role.GUIDANCE_COUNSELLOR)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/arbejdsliste/")
    row = page.get_by_role("row", name=world.adult.full_name)
    assert row.get_by_text("Ingen status").is_visible()
    check_both_widths(page, "worklist")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name=world.adult.full_name).click()
    page.get_by_label("Kontaktform").select_option("PHONE")
    page.get_by_label("Notat").fill("Carl vil gerne i lære som tømrer; har fået en læreplads.")
    page.get_by_role("button", name="Gem kontakt").click()
    assert page.get_by_text("Kontakten er skrevet i loggen.").is_visible()
    page.get_by_label("Ny status").select_option("APPRENTICESHIP")
    page.get_by_role("button", name="Gem status").click()
    assert page.get_by_text("er taget af arbejdslisten").is_visible()
    check_both_widths(page, "follow-up")
    page.get_by_role("link", name="Tilbage til arbejdslisten").click()
    assert page.get_by_role("row", name=world.adult.full_name).count() == 0
