"""The marketplace journey in headless Chromium: a partner contact creates and publishes an offer;
a young person finds it by a Danish word with a filter, applies; the guardian consents (the
pupil is 14); the partner accepts; both see the new status, and the young person's home and
record show the activity. Each page passes axe-core's WCAG 2.1 AA checks."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD

from .helpers import published_offer

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium",
    ),
]

TITLE = "Erhvervspraktik som svejser på maskinfabrikken"


def login(page, live_server, world, role):
    page.context.clear_cookies()
    browser_login(page, live_server, world.users[role].username, PASSWORD)


def test_offer_to_activity(world, live_server, page):
    start = timezone.localdate() + timedelta(days=10)
    # Decoys: the right word with the wrong type, and the right type without the word.
    published_offer(
        world,
        title="Fritidsjob som svejserhjælper",
        type="LEISURE_JOB",
        hours_per_day=2,
        hours_per_week=10,
    )
    published_offer(world, title="Erhvervspraktik som kok", description="Mad til mange.")
    # 1. The partner contact creates the offer (a draft) with its first period, and publishes it.
    login(page, live_server, world, Role.PARTNER_CONTACT)
    page.get_by_role("link", name="Mine tilbud").first.click()
    page.get_by_role("link", name="Opret nyt tilbud").click()
    page.get_by_label("Type", exact=True).select_option("WORK_EXPERIENCE")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Beskrivelse", exact=True).fill(
        "Du lærer at svejse og dreje sammen med vores smede."
    )
    page.get_by_label("Mindste alder", exact=True).fill("13")
    page.get_by_label("Højeste alder", exact=True).fill("16")
    page.get_by_label("Fra klassetrin", exact=True).fill("7")
    page.get_by_label("Til klassetrin", exact=True).fill("9")
    page.get_by_label("Timer pr. dag", exact=True).fill("7")
    page.get_by_label("Timer pr. uge", exact=True).fill("35")
    # Work for under-18s needs its times, and a break after 4½ hours (issue 15).
    page.get_by_label("Arbejdsdagen begynder", exact=True).fill("08:00")
    page.get_by_label("Arbejdsdagen slutter", exact=True).fill("15:30")
    page.get_by_label("Pause (minutter)", exact=True).fill("30")
    page.get_by_label("Let arbejde", exact=True).check()  # required when open to 13-14s
    page.get_by_label("Kontaktperson", exact=True).fill("Per Partner")
    page.get_by_label("Kontaktpersonens e-mail", exact=True).fill("per@example.org")
    page.get_by_label("Fra", exact=True).fill(start.isoformat())
    page.get_by_label("Til", exact=True).fill((start + timedelta(days=4)).isoformat())
    page.get_by_label("Pladser", exact=True).fill("2")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gem kladde").click()
    assert page.locator("#offer-status").inner_text() == "Kladde"
    page.get_by_role("button", name="Offentliggør").click()
    assert page.locator("#offer-status").inner_text() == "Offentliggjort"
    assert axe_violations(page) == []  # with the flash message on the page

    # 2. The young person finds it by a Danish word and a type filter, and applies.
    login(page, live_server, world, Role.YOUNG_PERSON)
    page.get_by_role("link", name="Find tilbud").first.click()
    search = page.get_by_role("search")
    search.locator("#id_q").fill("svejser")
    search.locator("#id_type").select_option("WORK_EXPERIENCE")
    search.get_by_role("button", name="Søg").click()
    results = page.locator("#search-results")
    # The unfiltered list also holds the offer: wait until the answer has replaced it.
    expect(results).not_to_contain_text("som kok")
    expect(results).not_to_contain_text("svejserhjælper")
    results.get_by_role("link", name=TITLE).wait_for()
    page.get_by_role("link", name=TITLE).click()
    assert "2 af 2" in page.content()
    page.get_by_label("Besked til virksomheden").fill("Jeg kan godt lide at bygge ting.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send ansøgning").click()
    assert page.locator("#application-status").inner_text() == "Afventer forældresamtykke"
    application_path = page.url.removeprefix(live_server.url)

    # 3. Pupil A is 14: the guardian consents before the request reaches the partner.
    login(page, live_server, world, Role.GUARDIAN)
    page.goto(f"{live_server.url}{application_path}")
    page.get_by_role("button", name="Giv samtykke").click()
    assert page.locator("#application-status").inner_text() == "Afventer svar"

    # 4. The partner answers from the inbox.
    login(page, live_server, world, Role.PARTNER_CONTACT)
    page.get_by_role("link", name="Indbakke").first.click()
    page.get_by_role("link", name="Asta").click()
    assert world.pupil_a.last_name not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accepter").click()
    assert page.locator("#application-status").inner_text() == "Accepteret"

    # 5. The young person sees the new status, and the activity on the home page.
    login(page, live_server, world, Role.YOUNG_PERSON)
    page.goto(f"{live_server.url}{application_path}")
    assert page.locator("#application-status").inner_text() == "Accepteret"
    page.goto(f"{live_server.url}/")
    assert TITLE in page.locator("section", has_text="Mit forløb").inner_text()
    page.get_by_role("link", name="Se hele dit forløb").click()
    activity = page.locator(".timeline-item", has_text=TITLE).inner_text()
    assert "Planlagt" in activity
