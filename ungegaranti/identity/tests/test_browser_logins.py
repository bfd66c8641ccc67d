"""The journeys of "Done when": a pupil through the local UNI-Login-like provider, a staff member
through the local SAML IdP (KOMBIT), a guardian through the local MitID-like provider, in
headless Chromium against a live server (real redirects, real back-channel HTTP)."""

import pytest

from conftest import axe_violations
from ungegaranti.core.dates import add_years
from ungegaranti.core.roles import Role
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.models import Guardian
from ungegaranti.people.services import guardian_cpr_set, young_person_uni_id_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _route_button(page, live_server, label: str):
    page.goto(f"{live_server.url}/log-ind/")
    section = page.locator("section", has=page.get_by_role("heading", name="Hjørring Kommune"))
    section.get_by_role("link", name=label, exact=True).click()


def test_a_pupil_logs_in_with_unilogin_and_lands_on_their_home_page(world, live_server, page):
    young_person_uni_id_set(young_person=world.pupil_a, uni_id="asta1234", acting_user=None)
    _route_button(page, live_server, "Log ind med UNI-Login")
    assert page.get_by_role("heading", level=1).inner_text() == "Lokal test-udgave af UNI-Login"
    assert axe_violations(page) == []
    page.get_by_label("Asta Andersen").check()
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hej Asta"
    assert "Ung" in page.locator("header").inner_text()


def test_a_staff_member_logs_in_through_kombit_with_their_data_restriction(
    world, live_server, page
):
    _route_button(page, live_server, "Log ind med Kommunalt login (KOMBIT)")
    assert axe_violations(page) == []
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    page.locator(f"input[value='{coordinator.uuid}']").check()
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/")  # through the auto-posted SAML answer
    # Their data restriction (district A) is their scope: the home page of district A.
    assert page.get_by_role("heading", level=1).inner_text() == "Erhvervspraktik i Distrikt A"
    assert "Praktikkoordinator" in page.locator("header").inner_text()


def test_a_guardian_logs_in_with_mitid_and_sees_their_child(world, live_server, page):
    guardian = Guardian.objects.get(user=world.users[Role.GUARDIAN])
    guardian_cpr_set(
        guardian=guardian,
        cpr=synthetic_cpr(
            add_years(world.pupil_a.birth_date, 1984 - world.pupil_a.birth_date.year), 5, male=False
        ),
        acting_user=None,
    )
    _route_button(page, live_server, "Log ind med MitID")
    page.get_by_label("Anne Andersen").check()
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mine børn"
    assert "Asta Andersen" in page.locator("main").inner_text()


def test_an_unknown_person_gets_a_danish_page_whom_to_contact(world, live_server, page):
    _route_button(page, live_server, "Log ind med MitID")
    page.get_by_label("En anden person (skriv CPR-nummer)").check()
    page.get_by_role("textbox", name="CPR-nummer").fill("0101801234")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Du er ikke logget ind"
    text = page.locator("main").inner_text()
    assert "Vi kender ikke dit CPR-nummer i Hjørring" in text and "Ungesekretariatet" in text
    assert "0101801234" not in page.content()
    assert axe_violations(page) == []
