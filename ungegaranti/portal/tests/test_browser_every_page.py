"""Every page each role's menu reaches fits a 390 px phone and a 1366 px desktop without
scrolling sideways, and passes axe-core's WCAG 2.1 AA checks. The pages come from the portal's
menu code (navigation_for), so a new menu entry is checked without touching this test."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import axe_violations
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.tests.helpers import application_of_pupil_a, published_offer
from ungegaranti.placement.services import round_close, runs_create_both
from ungegaranti.placement.tests.helpers import open_round, wish, wp_offer
from ungegaranti.portal.navigation import navigation_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _fill(world) -> None:
    """Something on every list: offers, an application, an open round with a wish and a
    closed round with both runs."""
    application_of_pupil_a(world)
    published_offer(world, title="Fritidsjob i butikken")
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    opened = open_round(world, offers={wp_offer(world, "Smed"): 2})
    wish(world, opened, world.pupil_a, "Smed")
    closed = open_round(world, name="Erhvervspraktik, uge 2", offers={wp_offer(world, "Tømrer"): 2})
    wish(world, closed, world.pupil_a, "Tømrer")
    round_close(round=closed, acting_user=coordinator)
    runs_create_both(round=closed, acting_user=coordinator)


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_every_menu_page_of_every_role_fits_phone_and_desktop(world, live_server, browser):
    _fill(world)
    problems: list[str] = []
    visited = 0
    for role in Role:
        user = world.users[role]
        context = browser.new_context(locale="da-DK", viewport={"width": WIDTHS[0], "height": 844})
        context.add_cookies([_session_cookie(user, live_server)])
        page = context.new_page()
        page.set_default_timeout(10_000)
        for item in navigation_for(user):
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844})
                response = page.goto(f"{live_server.url}{item['url']}")
                where = f"{role.label} {item['url']} at {width} px"
                if response is None or response.status != 200:
                    problems.append(f"{where}: status {response and response.status}")
                    continue
                visited += 1
                if not page.evaluate(FITS):
                    wide = page.evaluate(
                        "[...document.querySelectorAll('body *')]"
                        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                        ".slice(-3).map(e => e.tagName + '.' + e.className).join(', ')"
                    )
                    width_now = page.evaluate("document.documentElement.scrollWidth")
                    problems.append(f"{where}: {width_now} px wide ({wide})")
                problems += [f"{where}: {v}" for v in axe_violations(page)]
        context.close()
    assert problems == []
    assert visited >= 2 * sum(len(navigation_for(world.users[r])) for r in Role)
