"""The wheel in a browser: readable on a 390 px phone and on a desktop, each item reachable by
keyboard with its name read out, axe clean."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from conftest import axe_violations, browser_login
from ungegaranti.calendar.selectors import current_school_year
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD

from .helpers import an_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _a_year(world):
    year = current_school_year()
    rows = [
        ("U&J-uge", "PRIMARY_SCHOOL", date(year, 10, 5), date(year, 10, 9)),
        ("Praktikrunde åbner", "BUSINESS", date(year, 9, 14), None),
        ("Ansøgningsfrist (optagelse.dk)", "GUIDANCE", date(year + 1, 3, 1), None),
        ("Temamøde om udsatte unge", "SUPPORT", date(year, 11, 12), None),
        ("Ungemesse", "BUSINESS", date(year + 1, 1, 21), None),
    ]
    for title, track, start, end in rows:
        an_item(world, title=title, track=track, start_date=start, end_date=end)
    return year


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_wheel_fits_reads_and_is_keyboard_reachable(world, live_server, page, width, height):
    year = _a_year(world)
    page.set_viewport_size({"width": width, "height": height})
    browser_login(page, live_server, world.users[Role.TEACHER].username, PASSWORD)
    page.goto(f"{live_server.url}/aarshjul/?aar={year}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    svg = page.locator("figure.wheel svg")
    box = svg.bounding_box()
    assert box["width"] <= width and box["width"] >= min(width - 40, 560)
    assert axe_violations(page) == []
    # Tab from the last filter control into the wheel: the items in date order.
    page.get_by_role("button", name="Vis").focus()
    names = []
    for _ in range(5):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert [n.split(",")[0] for n in names] == [
        "Praktikrunde åbner",
        "U&J-uge",
        "Temamøde om udsatte unge",
        "Ungemesse",
        "Ansøgningsfrist (optagelse.dk)",
    ]
    # Every item is a link with an accessible name the screen reader reads.
    link = page.get_by_role("link", name="Ansøgningsfrist (optagelse.dk), 1. marts")
    assert link.count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"wheel-{width}.png"), full_page=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/aarshjul/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ansøgningsfrist (optagelse.dk)"
