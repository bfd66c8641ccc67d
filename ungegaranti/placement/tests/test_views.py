"""The round pages as people use them: confirmations before actions that tell many people or
end the wishes, the next step first, and the pages of teachers and pupils."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification

from ..models import Placement, Round
from ..services import lock_set, round_close, run_create
from .helpers import draft_round, open_round, pupil, wish, wp_offer

COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _url(name, round, **kwargs):
    return reverse(f"placement:{name}", kwargs={"uuid": round.uuid, **kwargs})


def _closed_with_a_run(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    otto = pupil(world, "Otto", 11)
    wish(world, round, otto, "Smed")
    wish(world, round, world.pupil_a, "Smed")
    round = round_close(round=round, acting_user=world.users[COORDINATOR])
    run = run_create(round=round, mechanism="optimal", acting_user=world.users[COORDINATOR])
    return round, run, otto


# --- 1. confirmations and the next step ----------------------------------------------------


def test_opening_asks_first_and_says_who_is_told(world, client_for):
    round = draft_round(world, offers={wp_offer(world, "Smed"): 1})
    client = client_for(COORDINATOR)
    response = client.post(_url("round_status", round), {"action": "open"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 elev kan ønske op til 5 pladser" in text
    assert "1 elev med login får besked nu." in text
    assert "Runden har 1 tilbud med 1 plads." in text
    assert 'name="confirmed" value="yes"' in text
    round.refresh_from_db()
    assert round.status == Round.Status.DRAFT
    assert not Notification.objects.exists()

    client.post(_url("round_status", round), {"action": "open", "confirmed": "yes"})
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN


def test_closing_before_the_deadline_warns_with_the_pupils_not_wished(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    pupil(world, "Otto", 11)
    wish(world, round, world.pupil_a, "Smed")
    client = client_for(COORDINATOR)

    page = client.get(_url("round_detail", round)).content.decode()
    assert "Vent med at lukke, til fristen er overstået" in page
    assert "Luk for ønsker før fristen" in page

    response = client.post(_url("round_status", round), {"action": "close"})
    text = response.content.decode()
    days = (round.wish_deadline_date - timezone.localdate()).days
    assert "Fristen for ønsker er ikke overstået." in text
    assert f"om {days} dage" in text
    assert "1 af 2 elever har ikke ønsket endnu." in text
    assert "Ja, luk for ønsker før fristen" in text
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN

    client.post(_url("round_status", round), {"action": "close", "confirmed": "yes"})
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED


def test_after_the_deadline_closing_is_the_plain_next_step(world, client_for):
    today = timezone.localdate()
    round = open_round(world, wish_deadline_date=today - timedelta(days=1))
    client = client_for(COORDINATOR)
    page = client.get(_url("round_detail", round)).content.decode()
    assert "Fristen er overstået. Luk runden for ønsker" in page
    assert "Vent med at lukke" not in page
    text = client.post(_url("round_status", round), {"action": "close"}).content.decode()
    assert "ikke overstået" not in text and "Ja, luk for ønsker</button>" in text


def test_a_closed_round_can_be_reopened_until_the_deadline(world, client_for):
    round = open_round(world)
    round = round_close(round=round, acting_user=world.users[COORDINATOR])
    client = client_for(COORDINATOR)
    assert "Åbn for ønsker igen" in client.get(_url("round_detail", round)).content.decode()
    client.post(_url("round_status", round), {"action": "reopen"})
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN

    Round.objects.filter(pk=round.pk).update(
        status=Round.Status.CLOSED, wish_deadline_date=timezone.localdate() - timedelta(days=1)
    )
    page = client.get(_url("round_detail", round)).content.decode()
    assert "Åbn for ønsker igen" not in page
    response = client.post(_url("round_status", round), {"action": "reopen"}, follow=True)
    assert "kan ikke åbnes igen" in response.content.decode()
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED


def test_publishing_asks_first_and_counts_pupils_without_a_place(world, client_for):
    round, run, otto = _closed_with_a_run(world)
    told = Notification.objects.count()
    client = client_for(COORDINATOR)
    response = client.post(_url("publish", round), {"run": str(run.uuid)})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Det kan ikke gøres om." in text
    assert "2 elever og deres forældre får besked, heraf 1 uden plads." in text
    assert "1 garantipartner får listen over sine praktikanter." in text
    assert not Placement.objects.exists() and Notification.objects.count() == told

    client.post(_url("publish", round), {"run": str(run.uuid), "confirmed": "yes"})
    round.refresh_from_db()
    assert round.status == Round.Status.PUBLISHED and round.published_run == run
    assert Placement.objects.filter(round=round).count() == 2


def test_a_run_made_before_a_change_cannot_be_published(world, client_for):
    round, run, otto = _closed_with_a_run(world)
    lock_set(
        round=round,
        young_person=otto,
        round_offer=round.round_offers.get(),
        acting_user=world.users[COORDINATOR],
    )
    client = client_for(COORDINATOR)
    page = client.get(_url("round_detail", round)).content.decode()
    assert "Forældet" in page and "Beregn den igen, før du offentliggør" in page
    assert "Offentliggør Optimal" not in page
    response = client.post(
        _url("publish", round), {"run": str(run.uuid), "confirmed": "yes"}, follow=True
    )
    assert "ændret, siden fordelingen blev beregnet" in response.content.decode()
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED


def test_the_next_step_comes_before_the_long_lists(world, client_for):
    world.partner_b.commits_work_experience = True
    world.partner_b.save()
    round, run, otto = _closed_with_a_run(world)
    page = client_for(COORDINATOR).get(_url("round_detail", round)).content.decode()
    assert (
        page.index("Næste skridt")
        < page.index("Beregn fordelingen igen")
        < page.index("Metoderne side om side")
        < page.index("Ønsker og pladser")
    )
    # the partners without an offer are folded away, with their number
    summary = page.index("1 garantipartner med tilsagn om erhvervspraktik har intet tilbud")
    assert page.rindex("<details>", 0, summary) > page.index("Ønsker og pladser")
    # the methods are explained, the seed named in plain words
    assert "Lodtrækningsnummer (seed)" in page and "kørslen kan efterprøves" in page
    assert "Optimal: placerer så mange elever som muligt" in page
