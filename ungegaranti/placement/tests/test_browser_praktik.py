"""Erhvervspraktik end to end in the browser (issue 17): the coordinator starts a seat campaign
from the shortfall; a partner's contact offers 3 seats through the e-mailed link and the
shortfall falls by 3; a pupil's own place is approved and locked in the next run; after the run
a pupil's agreement is confirmed by the company, a guardian and the pupil, and the class list
shows it complete; the days registered are counted on the pupil's page. axe on the new pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import axe_violations, browser_login
from ungegaranti.demo.testing import PASSWORD

from ..models import Placement, Round
from .helpers import open_round, pupil, wp_offer
from .test_attendance import _past

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, username):
    page.context.clear_cookies()
    browser_login(page, live_server, username, PASSWORD)


def _link(pattern: str) -> str:
    for message in reversed(mail.outbox):
        found = re.search(pattern, message.body)
        if found:
            return found.group(0)
    raise AssertionError(f"no e-mail with {pattern}")


def test_erhvervspraktik_from_the_shortfall_to_the_days_counted(world, live_server, page):
    # Five pupils of class A (pupil A, "ung", on the support track), one seat at partner B's.
    otto = pupil(world, "Otto", 11, login=True)
    for n, name in enumerate(("Ida", "Karl", "Sofie"), start=12):
        pupil(world, name, n)
    round = open_round(world, offers={wp_offer(world, "Kok", partner=world.partner_b): 1})

    # The coordinator sees the shortfall and starts a campaign with one action.
    _as(page, live_server, "praktikkoordinator")
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    expect(page.locator("body")).to_contain_text("Der mangler 4 pladser")
    page.get_by_role("button", name="Spørg garantipartnerne om pladser").click()
    expect(page.locator("body")).to_contain_text(
        "Kampagnen er startet: 1 garantipartner får en e-mail med et link."
    )
    campaign_url = page.url
    expect(page.locator("body")).to_contain_text("Nu mangler der 4 pladser.")
    page.goto(campaign_url)
    assert axe_violations(page) == [], axe_violations(page)

    # The partner's contact opens the link from the e-mail and offers 3 seats.
    link = _link(r"http://\S+/erhvervspraktik/pladser/\S+/")
    page.context.clear_cookies()
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_label("Antal elever I kan tage").fill("3")
    page.get_by_label("Opgaver eleven skal prøve").fill("Lager og værksted")
    page.get_by_label("Arbejdet er let og ufarligt").check()
    page.get_by_role("button", name="Tilbyd pladserne").click()
    expect(page.locator("body")).to_contain_text("Jeres 3 pladser er nu med i")
    # the link is used once
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(page.locator("body")).to_contain_text("Linket er allerede brugt")

    # The shortfall has fallen by 3.
    _as(page, live_server, "praktikkoordinator")
    page.goto(campaign_url)
    expect(page.locator("body")).to_contain_text("Nu mangler der 1 plads.")
    expect(page.locator("body")).to_contain_text("Har tilbudt pladser")

    # Otto found his own place; the coordinator approves it.
    _as(page, live_server, "otto")
    page.get_by_role("link", name="Min erhvervspraktik").click()
    page.get_by_role("link", name="Har du selv fundet en praktikplads? Meld den her").click()
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_label("Virksomhedens navn").fill("Tårs Tømrer ApS")
    page.get_by_label("CVR-nummer").fill("10000033")
    page.get_by_label("Arbejdsstedets adresse").fill("Hovedgaden 3")
    page.get_by_label("Postnummer").fill("9800")  # the test world's own postcodes survive a flush
    page.locator("#id_tasks").fill("Hjælpe på værkstedet")
    page.get_by_label("Arbejdet er let og ufarligt").check()
    page.get_by_label("Kontaktperson i virksomheden").fill("Tom Tømrer")
    page.get_by_label("Kontaktpersonens e-mail").fill("tom@example.org")
    page.get_by_role("button", name="Meld pladsen").click()
    expect(page.locator("body")).to_contain_text("Pladsen er meldt.")
    _as(page, live_server, "praktikkoordinator")
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Egne pladser")).click()
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_role("button", name="Godkend og lås i runden").click()
    expect(page.locator("body")).to_contain_text("Tårs Tømrer ApS er godkendt og låst i runden.")

    # The run: the own place is Otto's lock; publish.
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    page.get_by_role("button", name="Luk for ønsker før fristen").click()
    page.get_by_role("button", name="Ja, luk for ønsker før fristen").click()
    page.get_by_role("button", name="Beregn fordelingen med begge metoder").click()
    page.goto(f"{live_server.url}{round.get_absolute_url()}")
    page.get_by_role("button", name="Offentliggør Optimal").click()
    page.get_by_role("button", name="Ja, offentliggør og giv besked").click()
    expect(page.locator("body")).to_contain_text("Resultatet er offentliggjort")
    ottos = Placement.objects.get(round=round, young_person=otto)
    assert ottos.via == Placement.Via.LOCKED and ottos.own_place is not None
    assert Placement.objects.filter(round=round).exclude(via="UNPLACED").count() == 5

    # Pupil A's agreement: the company through its link, a guardian and the pupil.
    agreement = Placement.objects.get(round=round, young_person=world.pupil_a).agreement
    # the link of pupil A's agreement (Otto's own place's company has its own)
    bodies = [m.body for m in mail.outbox if "Asta" in m.body and "/aftale/link/" in m.body]
    found = re.search(r"http://\S+/aftale/link/\S+/", bodies[-1])
    assert found is not None
    company_link = found.group(0)
    page.context.clear_cookies()
    page.goto(company_link.replace("http://127.0.0.1:8000", live_server.url))
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_label("Vi har vurderet risici").check()
    page.get_by_role("button", name="Bekræft aftalen for virksomheden").click()
    expect(page.locator("body")).to_contain_text("Aftalen er bekræftet for virksomheden.")
    _as(page, live_server, "foraelder")
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    page.get_by_role("button", name="Bekræft aftalen som forælder").click()
    _as(page, live_server, "ung")
    page.get_by_role("link", name="Min erhvervspraktik").click()
    page.get_by_role("link", name="Praktikaftalen").click()
    assert axe_violations(page) == [], axe_violations(page)
    page.get_by_role("button", name="Jeg har læst aftalen og bekræfter den").click()
    expect(page.locator("body")).to_contain_text("Komplet")

    # The class list shows it complete.
    _as(page, live_server, "laerer")
    page.goto(f"{live_server.url}/erhvervspraktik/klasser/")
    row = page.locator(f"#oensker-{round.uuid}-{world.pupil_a.uuid}")
    assert "Komplet" in row.inner_text()

    # The week has passed: the teacher registers the days, and the pupil's page counts them.
    _past(Round.objects.get(pk=round.pk))
    row.get_by_role("link", name="0 af 5 dage").click()
    assert axe_violations(page) == [], axe_violations(page)
    radios = page.locator("input[type=radio][value=yes]")
    for i in range(radios.count()):
        radios.nth(i).check()
    page.get_by_role("button", name="Gem fremmøde").click()
    expect(page.locator("body")).to_contain_text("Fremmødet er gemt.")
    days = radios.count()
    _as(page, live_server, "ung")
    page.get_by_role("link", name="Min erhvervspraktik").click()
    expect(page.locator("body")).to_contain_text(f"Du har været {days} af 5 dage i erhvervspraktik")
    assert axe_violations(page) == [], axe_violations(page)
