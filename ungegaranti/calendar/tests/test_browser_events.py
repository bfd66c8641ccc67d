"""The journey of an event: the secretariat adds it, a teacher signs a class up, and the
class's pupils see it in their record on their home page and in their calendar feed. Axe finds
nothing on the way, on a 390 px phone and on a desktop."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from icalendar import Calendar

from conftest import axe_violations, browser_login
from ungegaranti.calendar.models import Event
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD

from .helpers import tracks_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user, width):
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, live_server, user.username, PASSWORD)
    return context, page


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize("width", [390, 1366])
def test_secretariat_adds_an_event_a_teacher_signs_up_a_class_the_pupil_sees_it(
    world, live_server, browser, width
):
    tracks_of(world.municipality)
    day = timezone.localdate() + timedelta(days=40)
    users = world.users

    context, page = _as(browser, live_server, users[Role.SECRETARIAT], width)
    page.goto(f"{live_server.url}/arrangementer/nyt/")
    _fits(page, width)
    page.get_by_label("Titel").fill("Ungemesse 2027")
    page.get_by_label("Type").select_option("YOUTH_FAIR")
    page.get_by_label("Spor").select_option(label="Virksomhedssporet (860)")
    page.get_by_label("Ansvarlig").fill("Ungesekretariatet")
    page.get_by_label("Sted").fill("Hjørring Idrætscenter")
    page.get_by_label("Begynder").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Slutter").fill(f"{day:%Y-%m-%d}T14:00")
    page.get_by_label("Sidste frist for tilmelding").fill(f"{day - timedelta(days=7):%Y-%m-%d}")
    page.locator("#id_places").fill("60")
    page.get_by_label("8. klasse").check()
    page.get_by_role("button", name="Opret arrangementet").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Ungemesse 2027"
    _fits(page, width)
    event = Event.objects.get()
    context.close()

    context, page = _as(browser, live_server, users[Role.TEACHER], width)
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    _fits(page, width)
    page.get_by_label("Klasse", exact=True).select_option(label="8.a, Skole A")
    page.get_by_role("button", name="Tilmeld klassen").click()
    page.wait_for_load_state("networkidle")
    assert "Klassen 8.a er tilmeldt." in page.inner_text("main")
    assert "60 ledige af 60" not in page.inner_text("main")
    _fits(page, width)
    context.close()

    context, page = _as(browser, live_server, users[Role.YOUNG_PERSON], width)
    assert "Ungemesse 2027" in page.inner_text("main")  # the activity on the home page
    _fits(page, width)
    page.goto(f"{live_server.url}/kalender/")
    page.get_by_role("button", name="Min kalender: det, der vedrører mig").click()
    page.wait_for_load_state("networkidle")
    _fits(page, width)
    address = page.locator("input.feed-url").input_value()
    feed = page.request.get(live_server.url + urlparse(address).path)
    assert feed.status == 200
    summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert summaries == ["Ungemesse 2027"]
    assert "Asta" not in feed.text()
    page.goto(f"{live_server.url}/aarshjul/")
    _fits(page, width)
    assert page.get_by_role("link", name="Ungemesse 2027").count() >= 1
    context.close()
