"""Scope of the round pages, what partners' lists never contain, and the access log."""

import pytest
from django.test import Client
from django.urls import reverse

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.partners.services import partner_contact_create
from ungegaranti.people.models import SchoolDistrict

from ..documents import as_csv, as_html, as_pdf, partner_list
from ..services import round_close, round_publish, run_create
from .helpers import open_round, pupil, wish, wp_offer


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _published(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    wish(world, round, world.pupil_a, "Smed")
    coordinator = world.users[Role.WORK_EXPERIENCE_COORDINATOR]
    round = round_close(round=round, acting_user=coordinator)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator)
    return round_publish(round=round, run=run, acting_user=coordinator)


def test_a_coordinator_of_another_district_gets_404(world, client_for):
    round = open_round(world)
    other = user_create(
        acting_user=None,
        username="koordinator-b",
        password=None,
        role=Role.WORK_EXPERIENCE_COORDINATOR,
        municipality=world.municipality,
        district=SchoolDistrict.objects.get(name="Distrikt B"),
    )
    for name in ("placement:round_detail", "placement:round_pupils", "placement:round_offers"):
        url = reverse(name, kwargs={"uuid": round.uuid})
        assert _client(other).get(url).status_code == 404, name
        assert client_for(Role.SECRETARIAT).get(url).status_code == 200, name
    assert round.uuid not in [
        r.uuid for r in _client(other).get(reverse("placement:round_list")).context["rounds"]
    ]


def test_a_pupil_only_enters_their_own_wishes(world):
    round = open_round(world)
    otto = pupil(world, "Otto", 11, login=True)
    url = reverse(
        "placement:wishes_edit", kwargs={"uuid": round.uuid, "person_uuid": world.pupil_a.uuid}
    )
    assert _client(otto.user).get(url).status_code == 404
    assert _client(world.users[Role.YOUNG_PERSON]).get(url).status_code == 200


def test_pupil_b_is_not_in_a_district_a_round(world):
    round = open_round(world)
    teacher_b = user_create(
        acting_user=None,
        username="laerer-b",
        password=None,
        role=Role.TEACHER,
        municipality=world.municipality,
        teaching_classes=[world.class_b],
    )
    url = reverse(
        "placement:wishes_edit", kwargs={"uuid": round.uuid, "person_uuid": world.pupil_b.uuid}
    )
    assert _client(teacher_b).get(url).status_code == 404


def test_an_ineligible_wish_is_refused_on_the_page_with_the_reason(world, client_for):
    round = open_round(
        world, offers={wp_offer(world, "Smed"): 1, wp_offer(world, "Kok", support=False): 1}
    )
    kok = round.round_offers.get(offer__title="Kok")
    url = reverse(
        "placement:wishes_edit", kwargs={"uuid": round.uuid, "person_uuid": world.pupil_a.uuid}
    )
    response = client_for(Role.YOUNG_PERSON).post(url, {"wish_1": str(kok.uuid)})
    assert response.status_code == 200
    assert "Ønsket «Kok» kan ikke vælges" in response.content.decode()
    assert not round.wishes.exists()


def test_partner_lists_only_after_publishing_and_only_their_own(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    url = reverse(
        "placement:partner_list",
        kwargs={"uuid": round.uuid, "partner_uuid": world.partner_a.uuid, "fmt": "csv"},
    )
    assert client_for(Role.PARTNER_CONTACT).get(url).status_code == 404  # not published
    round = _published(world)
    url = reverse(
        "placement:partner_list",
        kwargs={"uuid": round.uuid, "partner_uuid": world.partner_a.uuid, "fmt": "csv"},
    )
    assert client_for(Role.PARTNER_CONTACT).get(url).status_code == 200
    contact_b = user_create(
        acting_user=None,
        username="partner-b",
        password=None,
        role=Role.PARTNER_CONTACT,
        municipality=world.municipality,
        partner=world.partner_b,
    )
    partner_contact_create(
        partner=world.partner_b, name="B", email="b@example.org", user=contact_b, acting_user=None
    )
    assert _client(contact_b).get(url).status_code == 404


def test_a_partners_list_never_has_cpr_last_name_or_support_flag(world, client_for):
    round = _published(world)
    person = world.pupil_a
    assert person.support_track
    forbidden = [
        person.cpr.reveal(),
        person.cpr.digits,
        person.last_name,
        "støtte",
        "Støtte",
        "support",
    ]
    url = reverse(
        "placement:partner_list",
        kwargs={"uuid": round.uuid, "partner_uuid": world.partner_a.uuid, "fmt": "csv"},
    )
    text = client_for(Role.PARTNER_CONTACT).get(url).content.decode("utf-8-sig")
    assert person.first_name in text and "Skole A" in text and "8.a" in text
    document = partner_list(round=round, partner=world.partner_a)
    html = as_html(document)
    assert person.first_name in html
    for value in forbidden:
        assert value not in text, value
        assert value not in html, value
        assert value not in as_csv(document).decode("utf-8-sig"), value
    assert as_pdf(document).startswith(b"%PDF")
    pdf = client_for(Role.PARTNER_CONTACT).get(url.replace("liste.csv", "liste.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_class_list_for_the_teacher_in_scope(world, client_for):
    round = _published(world)
    url = reverse(
        "placement:class_list",
        kwargs={"uuid": round.uuid, "class_uuid": world.class_a.uuid, "fmt": "csv"},
    )
    text = client_for(Role.TEACHER).get(url).content.decode("utf-8-sig")
    assert "Asta Andersen" in text and "Smed" in text and "1. ønske" in text
    other = reverse(
        "placement:class_list",
        kwargs={"uuid": round.uuid, "class_uuid": world.class_b.uuid, "fmt": "csv"},
    )
    assert client_for(Role.TEACHER).get(other).status_code == 404


@pytest.mark.parametrize("page", ["round_pupils", "run_detail"])
def test_the_pupil_list_with_results_is_one_access_log_entry_per_view(world, client_for, page):
    round = _published(world)
    key = round.uuid if page == "round_pupils" else round.published_run.uuid
    url = reverse(f"placement:{page}", kwargs={"uuid": key})
    before = AccessLogEntry.objects.count()
    response = client_for(Role.WORK_EXPERIENCE_COORDINATOR).get(url)
    assert response.status_code == 200
    assert "Du fik dit 1. ønske: Smed" in response.content.decode()
    entries = AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
    assert [(e.action, e.username) for e in entries] == [("SEARCH", "praktikkoordinator")]


def test_the_pupil_sees_the_placement_and_why(world, client_for):
    _published(world)
    for role in (Role.YOUNG_PERSON, Role.GUARDIAN):
        text = client_for(role).get(reverse("placement:my_work_experience")).content.decode()
        assert "Du fik dit 1. ønske: Smed (Vendsyssel Maskinfabrik ApS)." in text, role


def test_the_pupil_list_does_not_grow_queries_with_pupils(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    smed, kok = wp_offer(world, "Smed", seats=5), wp_offer(world, "Kok", seats=5)
    round = open_round(world, offers={smed: 5, kok: 5})
    url = reverse("placement:round_pupils", kwargs={"uuid": round.uuid})
    client = client_for(Role.WORK_EXPERIENCE_COORDINATOR)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        wish(world, round, pupil(world, f"Elev{i}", 20 + i), "Kok", "Smed")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("2. Smed") == 5
    assert len(many) == len(few)
