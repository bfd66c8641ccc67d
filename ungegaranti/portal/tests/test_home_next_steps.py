"""Each home page offers the next step of its role, within the role's scope and in few queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from conftest import axe_violations, browser_login
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import PASSWORD
from ungegaranti.marketplace.models import Application
from ungegaranti.marketplace.services.applications import application_consent
from ungegaranti.marketplace.tests.helpers import application_of_pupil_a, published_offer
from ungegaranti.people.models import SchoolClass
from ungegaranti.placement.services import round_close, round_create, round_offers_set, round_open
from ungegaranti.placement.tests.helpers import (
    draft_round,
    open_round,
    pupil,
    round_dates,
    round_grade,
    wish,
    wp_offer,
)


def _text(response) -> str:
    """The text of the page's main part (not the menu), whitespace collapsed."""
    html = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def _district_b_round(world, title="Kok"):
    """An open round for district B (pupil B's district), made by the secretariat."""
    secretariat = world.users[Role.SECRETARIAT]
    deadline, start, end = round_dates()
    round = round_create(
        acting_user=secretariat,
        name="Erhvervspraktik i distrikt B",
        grades=[round_grade()],
        start_date=start,
        end_date=end,
        wish_deadline_date=deadline,
        district=world.school_b.district,
    )
    offer = wp_offer(world, title, postal_code="9850")
    round_offers_set(round=round, seats={offer.uuid: 2}, acting_user=secretariat)
    return round_open(round=round, acting_user=secretariat)


# --- young person ---------------------------------------------------------------------------


def test_young_person_sees_find_offers_first_and_no_round_when_none_is_open(world, client_for):
    text = _text(client_for(Role.YOUNG_PERSON).get("/"))
    assert text.index("Find tilbud") < text.index("Find en virksomhed")
    assert "vælg dine ønsker" not in text
    html = client_for(Role.YOUNG_PERSON).get("/").content.decode()
    assert 'href="/tilbud/"' in html


def test_young_person_sees_the_open_round_its_deadline_and_whether_they_have_wished(
    world, client_for
):
    round = open_round(world)
    client = client_for(Role.YOUNG_PERSON)
    text = _text(client.get("/"))
    assert "Erhvervspraktik: vælg dine ønsker" in text
    assert round.name in text
    assert f"Frist: {date_format(round.wish_deadline_date, 'j. F Y')}" in text
    days = (round.wish_deadline_date - timezone.localdate()).days
    assert f"(om {days} dage)" in text
    assert "Du har ikke ønsket endnu." in text
    assert (
        f"/praktikrunder/{round.uuid}/oensker/{world.pupil_a.uuid}/"
        in client.get("/").content.decode()
    )

    wish(world, round, world.pupil_a, "Smed")
    text = _text(client.get("/"))
    assert "Du har ønsket 1 plads." in text and "Se eller ret dine ønsker" in text


def test_a_pupil_outside_the_round_and_a_closed_round_show_nothing(world, client_for):
    round = open_round(world)
    _district_b_round(world)
    # Pupil B (district B) sees district B's round, not district A's.
    pupil(world, "Bent", 41, login=True, school=world.school_b, school_class=world.class_b)
    bent = Client()
    assert bent.post("/log-ind/", {"username": "bent", "password": PASSWORD}).status_code == 302
    text = _text(bent.get("/"))
    assert "Erhvervspraktik i distrikt B" in text and round.name not in text
    # Closed for wishes: no longer a next step for pupil A.
    round_close(round=round, acting_user=world.users[Role.WORK_EXPERIENCE_COORDINATOR])
    assert "vælg dine ønsker" not in _text(client_for(Role.YOUNG_PERSON).get("/"))
    # The guardian's home is not the place for it.
    assert "vælg dine ønsker" not in _text(client_for(Role.GUARDIAN).get("/"))


def test_young_person_home_queries_do_not_grow_with_rounds(world, client_for):
    client = client_for(Role.YOUNG_PERSON)
    open_round(world)
    one = _queries(client)
    open_round(world, name="Ekstra runde", offers={wp_offer(world, "Murer"): 1})
    assert _queries(client) == one
    assert "Ekstra runde" in _text(client.get("/"))


# --- teacher --------------------------------------------------------------------------------


def test_teacher_sees_the_deadline_and_how_many_of_the_class_have_wished(world, client_for):
    round = open_round(world)
    pupil(world, "Carla", 42)  # a second pupil in class A
    client = client_for(Role.TEACHER)
    text = _text(client.get("/"))
    assert "Erhvervspraktik: elevernes ønsker" in text
    assert "0 af 2 har ønsket" in text
    assert f"Frist for ønsker: {date_format(round.wish_deadline_date, 'j. F Y')}" in text
    wish(world, round, world.pupil_a, "Smed")
    assert "1 af 2 har ønsket" in _text(client.get("/"))
    assert 'href="/erhvervspraktik/klasser/"' in client.get("/").content.decode()


def test_teacher_does_not_see_rounds_of_classes_that_are_not_theirs(world, client_for):
    _district_b_round(world)
    text = _text(client_for(Role.TEACHER).get("/"))
    assert "har ønsket" not in text and "distrikt B" not in text
    # Other staff homes do not show it either.
    open_round(world)
    assert "har ønsket" not in _text(client_for(Role.CAREER_COUNSELLOR).get("/"))


def test_teacher_home_queries_do_not_grow_with_classes_and_rounds(world, client_for):
    client = client_for(Role.TEACHER)
    open_round(world)
    one = _queries(client)
    teacher = world.users[Role.TEACHER]
    class_c = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=8,
        letter="c",
        school_year=world.class_a.school_year,
    )
    teacher.teaching_classes.add(class_c)
    open_round(world, name="Ekstra runde", offers={wp_offer(world, "Murer"): 1})
    assert _queries(client) == one
    assert _text(client.get("/")).count("har ønsket") == 4


# --- partner contact ------------------------------------------------------------------------


def _waiting_request(world, offer=None):
    application = application_of_pupil_a(world, offer)
    if application.status == Application.Status.AWAITING_CONSENT:
        application = application_consent(
            application=application, acting_user=world.users[Role.GUARDIAN], given=True
        )
    assert application.status == Application.Status.REQUESTED
    return application


def test_partner_sees_waiting_requests_and_a_create_offer_button(world, client_for):
    client = client_for(Role.PARTNER_CONTACT)
    text = _text(client.get("/"))
    assert "0 anmodninger venter på jeres svar" in text
    assert "Opret nyt tilbud" in text
    assert "Industrivej 1, 9800 Hjørring" in text  # the town, not only the postal code
    _waiting_request(world)
    # A request to another partner's offer is not theirs to answer.
    _waiting_request(world, published_offer(world, partner=world.partner_b, title="Kok"))
    html = client.get("/").content.decode()
    assert "1 anmodning venter på jeres svar" in _text(client.get("/"))
    assert 'href="/indbakke/?status=REQUESTED"' in html
    assert 'class="button" href="/mine-tilbud/nyt/"' in html
    assert "venter på jeres svar" not in _text(client_for(Role.SECRETARIAT).get("/"))


# --- work-experience coordinator -------------------------------------------------------------


def test_coordinator_sees_their_rounds_with_status(world, client_for):
    draft = draft_round(world, name="Runde i kladde")
    opened = open_round(world, name="Åben runde")
    wish(world, opened, world.pupil_a, "Smed")
    _district_b_round(world)
    client = client_for(Role.WORK_EXPERIENCE_COORDINATOR)
    response = client.get("/")
    text = _text(response)
    assert "Dine praktikrunder" in text
    assert "Runde i kladde Kladde" in text
    assert "Åben runde Åben for ønsker" in text
    assert "distrikt B" not in text  # another district's round
    html = response.content.decode()
    assert f'href="/praktikrunder/{draft.uuid}/"' in html
    assert 'href="/praktikrunder/ny/"' in html
    assert "Dine praktikrunder" not in _text(client_for(Role.TEACHER).get("/"))


def test_coordinator_home_queries_do_not_grow_with_rounds(world, client_for):
    client = client_for(Role.WORK_EXPERIENCE_COORDINATOR)
    open_round(world)
    one = _queries(client)
    draft_round(world, name="Anden runde")
    open_round(world, name="Tredje runde", offers={wp_offer(world, "Murer"): 1})
    assert _queries(client) == one


# --- anonymous ------------------------------------------------------------------------------


def test_anonymous_home_offers_the_search_first(client, db):
    response = client.get("/")
    text = _text(response)
    assert text.index("Find tilbud") < text.index("Garantipartnere")
    assert 'href="/tilbud/"' in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_next_steps_pass_axe_on_a_phone(world, live_server, page):
    round = open_round(world)
    wish(world, round, world.pupil_a, "Smed")
    draft_round(world, name="Runde i kladde")
    _waiting_request(world)
    for role in (
        Role.YOUNG_PERSON,
        Role.TEACHER,
        Role.WORK_EXPERIENCE_COORDINATOR,
        Role.PARTNER_CONTACT,
    ):
        page.context.clear_cookies()
        browser_login(page, live_server, world.users[role].username, PASSWORD)
        assert axe_violations(page) == [], role
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, role
