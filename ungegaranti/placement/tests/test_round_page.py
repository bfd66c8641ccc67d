"""The round's page and the placement lists: the secretariat's "Historik", a shortfall that is
not solved again on every look, lists whose queries do not grow, and a lock that fetches its
pupil through the logged access check."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role

from ..selectors import shortfall as shortfall_module
from ..services import round_close, round_publish, run_create
from .helpers import draft_round, open_round, pupil, wish, wp_offer

COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _detail(round):
    return reverse("placement:round_detail", kwargs={"uuid": round.uuid})


def test_the_secretariat_reads_the_rounds_history(world, client_for):
    round = open_round(world)
    response = client_for(Role.SECRETARIAT).get(_detail(round))
    text = response.content.decode()
    assert "Historik" in text
    assert "Runden åbnet for ønsker" in text and "Praktikrunde oprettet" in text
    assert "praktikkoordinator (Praktikkoordinator)" in text  # who did it, with the role
    assert "Status: Kladde → Åben for ønsker" in text
    # the coordinator manages the round but does not read its audit trail
    assert "Historik" not in client_for(COORDINATOR).get(_detail(round)).content.decode()


def _count_solves(monkeypatch):
    calls = []
    real = shortfall_module.solve

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shortfall_module, "solve", counting)
    return calls


def test_a_look_at_the_round_does_not_solve_it_again_when_nothing_changed(
    world, client_for, monkeypatch
):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    otto = pupil(world, "Otto", 11)
    solves = _count_solves(monkeypatch)
    client = client_for(COORDINATOR)
    first = client.get(_detail(round)).context["shortfall"]
    assert first["pupils"] == 2 and first["missing"] == 1
    assert client.get(_detail(round)).context["shortfall"] == first
    assert client_for(Role.SECRETARIAT).get(_detail(round)).status_code == 200
    assert len(solves) == 1  # three looks, one solve

    # a wish changes the instance: the next look solves again, and says so
    wish(world, round, otto, "Smed")
    assert client.get(_detail(round)).context["shortfall"]["missing"] == 1
    assert len(solves) == 2
    # more seats: nobody is missing any more
    from ..services import round_offers_set

    round_offers_set(
        round=round,
        seats={round.round_offers.get().offer.uuid: 2},
        acting_user=world.users[COORDINATOR],
    )
    assert client.get(_detail(round)).context["shortfall"]["missing"] == 0
    assert len(solves) == 3


def test_the_round_list_does_not_grow_queries_with_rounds(world, client_for):
    client = client_for(COORDINATOR)
    url = reverse("placement:round_list")
    draft_round(world)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        draft_round(world, name=f"Runde {i}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["rounds"]) == 5
    assert len(many) == len(few)


def _published(world, name):
    coordinator = world.users[COORDINATOR]
    round = open_round(world, name=name, offers={wp_offer(world, f"Smed {name}"): 2})
    wish(world, round, world.pupil_a, f"Smed {name}")
    round = round_close(round=round, acting_user=coordinator)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator)
    return round_publish(round=round, run=run, acting_user=coordinator)


def test_the_partners_lists_page_does_not_grow_queries_with_rounds(world, client_for):
    client = client_for(Role.PARTNER_CONTACT)
    url = reverse("placement:partner_lists")
    _published(world, "Forår")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert [item["count"] for item in response.context["rounds"]] == [1]
    for name in ("Sommer", "Efterår", "Vinter"):
        _published(world, name)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert [item["count"] for item in response.context["rounds"]] == [1, 1, 1, 1]
    assert len(many) == len(few)


def test_my_work_experience_does_not_grow_queries_with_rounds(world, client_for):
    client = client_for(Role.YOUNG_PERSON)
    url = reverse("placement:my_work_experience")
    round = open_round(world, name="Første", offers={wp_offer(world, "Smed"): 1})
    wish(world, round, world.pupil_a, "Smed")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _published(world, "Anden")
    for name in ("Tredje", "Fjerde"):
        later = open_round(world, name=name, offers={wp_offer(world, f"Kok {name}"): 1})
        wish(world, later, world.pupil_a, f"Kok {name}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    items = [row["item"] for row in response.context["items"]]
    assert len(items) == 4
    assert sum(1 for item in items if item.placement) == 1
    rows = response.context["items"]
    assert all(row["is_self"] for row in rows)
    assert [row["may_wish"] for row in rows] == [not row["item"].placement for row in rows]
    text = response.content.decode()
    assert "</a> – Vendsyssel Maskinfabrik ApS, Hjørring</li>" in text  # each wish's town
    assert len(many) == len(few)


def test_a_lock_fetches_its_pupil_through_the_logged_access_check(world, client_for):
    round = open_round(world)
    ro = round.round_offers.get()
    url = reverse("placement:lock_set", kwargs={"uuid": round.uuid})
    client = client_for(COORDINATOR)
    response = client.post(url, {"young_person": str(world.pupil_a.uuid), "round_offer": ro.uuid})
    assert response.status_code == 302 and round.locks.filter(young_person=world.pupil_a).exists()
    looked = AccessLogEntry.objects.filter(
        young_person=world.pupil_a, action=AccessLogEntry.Action.VIEW
    )
    assert looked.filter(username="praktikkoordinator").count() == 1
    # pupil B is in district B: not this coordinator's, and the attempt is logged
    response = client.post(url, {"young_person": str(world.pupil_b.uuid), "round_offer": ro.uuid})
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        young_person=world.pupil_b, action=AccessLogEntry.Action.DENIED
    ).exists()
    assert not round.locks.filter(young_person=world.pupil_b).exists()
