"""On a 390 px phone no page scrolls sideways: long labels, e-mail addresses and company names
wrap, and tables read as one small card per row."""

import pytest

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.marketplace.tests.helpers import application_of_pupil_a, published_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_EMAIL = "kontaktperson.for.erhvervspraktik.og.fritidsjob@vendsyssel-maskinfabrik.example.org"


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_offer_pages_fit_a_phone(world, live_server, page):
    world.partner_a.name = (
        "Vendsyssel Maskinfabrik og Specialsvejseværksted for Landbrugsmaskiner ApS"
    )
    world.partner_a.save(update_fields=["name"])
    offer = published_offer(world, contact_email=LONG_EMAIL)
    for path in (
        f"/tilbud/{offer.uuid}/",
        f"/garantipartnere/{world.partner_a.uuid}/",
        "/tilbud/",
        "/",
        "/log-ind/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert _page_width(page) <= 390, path
    page.goto(f"{live_server.url}/tilbud/{offer.uuid}/")
    # Label above value on a phone.
    label = page.locator("dl.facts dt").first.bounding_box()
    value = page.locator("dl.facts dd").first.bounding_box()
    assert value["y"] >= label["y"] + label["height"] - 1


def test_tables_read_as_cards_on_a_phone(world, live_server, page):
    application_of_pupil_a(world)
    browser_login(page, live_server, world.users[Role.TEACHER].username, PASSWORD)
    table = page.locator(".table-wrap table").first
    assert "stack" in table.get_attribute("class")
    cells = table.locator("tbody tr").first.locator("td")
    assert cells.nth(2).get_attribute("data-label") == "Elever"
    assert cells.nth(2).evaluate("e => getComputedStyle(e).display") == "block"
    assert axe_violations(page) == []
    for path in ("/ansoegninger/", "/unge/"):
        page.goto(f"{live_server.url}{path}")
        assert _page_width(page) <= 390, path
        assert page.locator("table.stack").count() == 1, path
    # On a wide screen the table stays a table.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/ansoegninger/")
    assert (
        page.locator("table.stack td").first.evaluate("e => getComputedStyle(e).display")
        == "table-cell"
    )


def test_the_login_form_has_no_gaps_on_a_phone(world, live_server, page):
    page.goto(f"{live_server.url}/log-ind/")
    for name in ("Brugernavn", "Adgangskode"):
        field = page.locator(".field", has=page.get_by_label(name)).bounding_box()
        assert field["height"] < 100, name  # label and input, not 12rem
    form = page.locator("form.login-form").bounding_box()
    assert form["height"] < 320
    text = page.locator("main").inner_text()
    assert "brugernavn og adgangskode" in text and "MitID" in text
    assert "I drift" not in text
    assert axe_violations(page) == []
    browser_login(page, live_server, "laerer", "forkert")
    assert page.get_by_role("alert").locator(".message-text").inner_text().startswith("Fejl:")
    assert page.get_by_label("Brugernavn").input_value() == "laerer"
