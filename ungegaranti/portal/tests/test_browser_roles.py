"""Each role logs in through the real login form in headless Chromium and sees its home page,
which passes axe-core's WCAG 2.1 AA checks."""

import pytest

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_HEADINGS = {
    Role.YOUNG_PERSON: "Hej Asta",
    Role.GUARDIAN: "Mine børn",
    Role.TEACHER: "Mine klasser",
    Role.CAREER_COUNSELLOR: "Karrierelæring på Skole A",
    Role.WORK_EXPERIENCE_COORDINATOR: "Erhvervspraktik i Distrikt A",
    Role.GUIDANCE_COUNSELLOR: "Ungevejledning 15-29 år",
    Role.PARTNER_CONTACT: "Vendsyssel Maskinfabrik ApS",
    Role.SECRETARIAT: "Ungesekretariatet",
    Role.RESEARCHER: "Forskning og evaluering",
    Role.POLITICIAN: "Ungegarantien i tal",
}


def test_each_role_logs_in_and_sees_its_home_page(world, live_server, page):
    for role, heading in HOME_HEADINGS.items():
        page.context.clear_cookies()
        browser_login(page, live_server, world.users[role].username, PASSWORD)
        assert page.get_by_role("heading", level=1).inner_text() == heading, role
        assert world.users[role].role_label in page.locator("header").inner_text()
        assert axe_violations(page) == [], role


def test_public_pages_are_accessible(world, live_server, page):
    for path in (
        "/",
        "/garantipartnere/",
        f"/garantipartnere/{world.partner_a.uuid}/",
        "/log-ind/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path


def test_a_wrong_password_gives_a_danish_message(world, live_server, page):
    browser_login(page, live_server, "laerer", "forkert")
    assert "korrekt brugernavn og adgangskode" in page.content()
