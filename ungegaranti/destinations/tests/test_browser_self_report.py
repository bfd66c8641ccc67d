"""The self-report in headless Chromium: a counsellor sends it from the follow-up page; the
young person opens the personal link without logging in and answers; the link then says it no
longer works. axe finds nothing at desktop width and at 390 px. With SCREENSHOTS_DIR set, the
pages are saved there."""

import os
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.destinations.models import DestinationStatus

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium",
    ),
]


def check_both_widths(page, name):
    shots = os.environ.get("SCREENSHOTS_DIR")
    for label, size in (
        ("desktop", {"width": 1280, "height": 900}),
        ("phone", {"width": 390, "height": 844}),
    ):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {size['width']} px"
        if shots:
            page.screenshot(path=f"{shots}/{name}-{label}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


def test_a_counsellor_sends_and_the_young_person_answers_without_a_login(world, live_server, page):
    browser_login(page, live_server, world.users[Role.GUIDANCE_COUNSELLOR].username, PASSWORD)
    page.goto(f"{live_server.url}/unge/{world.adult.uuid}/opfoelgning/")
    page.get_by_label("Den unges e-mail").fill("carl@example.org")
    page.get_by_role("button", name="Send selvrapport").click()
    assert page.get_by_text("Selvrapporten er sendt.").is_visible()
    check_both_widths(page, "follow-up-self-report")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/selvrapport/" in line)
    page.context.clear_cookies()
    page.goto(live_server.url + link[link.index("/selvrapport/") :])
    check_both_widths(page, "self-report")
    page.get_by_label("FGU").check()
    page.get_by_label("Hvad kunne du tænke dig? (valgfrit)").fill("Blive mekaniker")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Send mit svar").click()
    assert page.get_by_role("heading", name="Tak for dit svar").is_visible()
    assert DestinationStatus.objects.get().source == DestinationStatus.Source.SELF_REPORT
    page.reload()
    assert page.get_by_role("heading", name="Linket virker ikke længere").is_visible()


def test_a_counsellor_sends_the_self_report_to_everyone_unknown_on_the_worklist(
    world, live_server, page
):
    """From the worklist to the batch page, its counts, the confirmation and the job's page."""
    world.adult.email = "carl@example.org"
    world.adult.save(update_fields=["email"])
    browser_login(page, live_server, world.users[Role.GUIDANCE_COUNSELLOR].username, PASSWORD)
    page.goto(f"{live_server.url}/arbejdsliste/")
    page.get_by_role("link", name="Send selvrapport til dem med ukendt status …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Selvrapporter til unge med ukendt status"
    )
    expect(page.get_by_text("1 ung med ukendt status, en e-mailadresse")).to_be_visible()
    check_both_widths(page, "self-reports-batch")
    page.get_by_role("button", name="Send selvrapport til 1 ung").click()
    expect(page.get_by_text("Selvrapporten er sendt til 1 ung.")).to_be_visible()
    check_both_widths(page, "self-reports-batch-sent")
    assert [m.to for m in mail.outbox] == [["carl@example.org"]]
