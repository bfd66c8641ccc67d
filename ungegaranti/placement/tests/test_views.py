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
    assert "intet login" not in text
    assert "Runden har 1 tilbud med 1 plads." in text
    pupil(world, "Otto", 11)  # no login
    text = client.post(_url("round_status", round), {"action": "open"}).content.decode()
    assert "1 elev har intet login og skal have besked på anden måde" in text
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


# --- 2. offers and seats, the new-round form, the pupil list -------------------------------


def test_the_seats_table_leaves_out_full_offers_and_counts_seats_in_danish(world, client_for):
    wp_offer(world, "Erhvervspraktik som smed", seats=1)
    wp_offer(world, "Kok", seats=3, partner=world.partner_b)
    full = wp_offer(world, "Maler", seats=2)
    full.periods.update(seats_taken=2)
    round = draft_round(world)
    text = client_for(COORDINATOR).get(_url("round_offers", round)).content.decode()
    assert "1 ledig plads<" in text and "3 ledige pladser<" in text
    assert "1 ledige" not in text and "0 ledige" not in text
    assert "Maler" not in text
    assert "1 tilbud uden ledige pladser i perioden er ikke vist." in text
    # the job first, without the repeated "Erhvervspraktik som", and the company with it
    assert 'Smed<br><span class="muted">Vendsyssel Maskinfabrik ApS, 9800 Hjørring' in text


def test_an_offer_in_the_round_stays_on_the_seats_page_when_its_period_fills(world, client_for):
    smed = wp_offer(world, "Smed", seats=2)
    round = draft_round(world, offers={smed: 1})
    smed.periods.update(seats_taken=2)
    text = client_for(COORDINATOR).get(_url("round_offers", round)).content.decode()
    assert "Smed<br>" in text and "0 ledige pladser" in text


def test_the_new_round_form_puts_each_box_with_its_label_and_explains_the_seed(client_for):
    text = client_for(COORDINATOR).get(reverse("placement:round_create")).content.decode()
    assert (
        '<div class="field field-check"><input type="checkbox" name="grades" value="8"'
        in text.replace("\n", "")
    )
    assert '<label for="id_grades_1">8. klasse</label>' in text
    assert "Lodtrækningsnummer (seed)" in text
    assert "Samme nummer giver samme resultat, så kørslen kan efterprøves." in text
    assert 'aria-describedby="id_seed_helptext"' in text and 'id="id_seed_helptext"' in text


def test_the_closed_round_explains_the_run_in_plain_words(world, client_for):
    round = round_close(round=open_round(world), acting_user=world.users[COORDINATOR])
    text = client_for(COORDINATOR).get(_url("round_detail", round)).content.decode()
    assert "Beregn fordelingen med begge metoder og sammenlign" in text
    assert "Kør begge metoder" not in text


def _names(response):
    return [row["person"].first_name for row in response.context["rows"]]


def test_the_pupil_list_filters_by_class_wishes_and_support(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed", seats=3): 3})
    otto = pupil(world, "Otto", 11)
    other_class = world.class_a.__class__.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=8,
        letter="b",
        school_year=world.class_a.school_year,
    )
    pupil(world, "Bo", 12, school_class=other_class)
    wish(world, round, otto, "Smed")
    client = client_for(COORDINATOR)
    url = _url("round_pupils", round)
    assert _names(client.get(url)) == ["Asta", "Otto", "Bo"]  # 8.a before 8.b
    assert _names(client.get(url, {"klasse": str(other_class.uuid)})) == ["Bo"]
    assert _names(client.get(url, {"skole": str(world.school_a.uuid)})) == ["Asta", "Otto", "Bo"]
    assert _names(client.get(url, {"vis": "ikke-oensket"})) == ["Asta", "Bo"]
    assert _names(client.get(url, {"vis": "stoette"})) == ["Asta"]
    # an unknown value filters nothing rather than failing
    assert _names(client.get(url, {"klasse": "nonsense", "vis": "x"})) == ["Asta", "Otto", "Bo"]
    text = client.get(url, {"vis": "ikke-oensket"}).content.decode()
    assert "2 elever" in text and "Nulstil" in text
    assert "Uden plads" not in text  # only once published


def test_the_pupil_list_shows_those_without_a_place_once_published(world, client_for):
    round, run, otto = _closed_with_a_run(world)
    client = client_for(COORDINATOR)
    client.post(_url("publish", round), {"run": str(run.uuid), "confirmed": "yes"})
    unplaced = Placement.objects.get(round=round, via=Placement.Via.UNPLACED).young_person
    response = client.get(_url("round_pupils", round), {"vis": "uden-plads"})
    assert _names(response) == [unplaced.first_name]
    detail = client.get(_url("round_detail", round)).content.decode()
    assert "1 elev mangler en plads" in detail and "?vis=uden-plads" in detail


def test_the_pupil_list_is_paged(world, client_for, monkeypatch):
    from .. import views

    monkeypatch.setattr(views, "PUPILS_PER_PAGE", 2)
    round = open_round(world)
    for i in range(3):
        pupil(world, f"Elev{i}", 30 + i)
    client = client_for(COORDINATOR)
    url = _url("round_pupils", round)
    first = client.get(url, {"vis": "ikke-oensket"})
    assert len(first.context["rows"]) == 2
    assert "Elev 1–2 af 4" in first.content.decode()
    assert "side=2" in first.content.decode() and "vis=ikke-oensket" in first.content.decode()
    assert len(client.get(url, {"vis": "ikke-oensket", "side": 2}).context["rows"]) == 2


def test_locking_returns_to_the_same_filter_at_the_pupils_row(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    ro = round.round_offers.get()
    response = client_for(COORDINATOR).post(
        _url("lock_set", round),
        {
            "young_person": str(world.pupil_a.uuid),
            "round_offer": str(ro.uuid),
            "query": f"klasse={world.class_a.uuid}&side=1&evil=1",
        },
    )
    assert response.status_code == 302
    assert response.url == (
        _url("round_pupils", round) + f"?klasse={world.class_a.uuid}&side=1"
        f"#elev-{world.pupil_a.uuid}"
    )
    assert round.locks.get().young_person == world.pupil_a


# --- 3. the teacher's page -----------------------------------------------------------------


def _publish(world, client_for, round, run):
    client_for(COORDINATOR).post(_url("publish", round), {"run": str(run.uuid), "confirmed": "yes"})


def test_the_teacher_sees_the_company_of_each_wish_and_edits_with_a_danish_genitive(
    world, client_for
):
    round = open_round(
        world,
        offers={
            wp_offer(world, "Erhvervspraktik som mekaniker"): 1,
            wp_offer(world, "Erhvervspraktik som mekaniker", partner=world.partner_b): 1,
        },
    )
    magnus = pupil(world, "Magnus", 11)
    ros = list(round.round_offers.order_by("offer__partner__name"))
    from ..services import wishes_set

    wishes_set(
        round=round, young_person=magnus, round_offers=ros, acting_user=world.users[COORDINATOR]
    )
    text = client_for(Role.TEACHER).get(reverse("placement:teacher_overview")).content.decode()
    assert (
        "<li>Mekaniker – Hirtshals Havnecafé</li><li>Mekaniker – Vendsyssel Maskinfabrik ApS"
        in (text.replace("\n", ""))
    )
    assert "Ret Magnus&#x27; ønsker" in text and "Ret Astas ønsker" in text
    assert "Magnuss" not in text
    assert f'id="oensker-{round.uuid}-{magnus.uuid}"' in text


def test_saving_wishes_returns_the_teacher_to_the_pupils_row(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    ro = round.round_offers.get()
    url = _url("wishes_edit", round, person_uuid=world.pupil_a.uuid)
    response = client_for(Role.TEACHER).post(url, {"wish_1": str(ro.uuid)})
    assert response.status_code == 302
    assert response.url == (
        reverse("placement:teacher_overview") + f"#oensker-{round.uuid}-{world.pupil_a.uuid}"
    )
    response = client_for(COORDINATOR).post(url, {"wish_1": str(ro.uuid)})
    assert response.url == (
        _url("round_pupils", round) + f"?klasse={world.class_a.uuid}#elev-{world.pupil_a.uuid}"
    )


def test_the_teacher_reads_the_result_in_the_third_person(world, client_for):
    round, run, otto = _closed_with_a_run(world)
    _publish(world, client_for, round, run)
    placed = Placement.objects.exclude(via=Placement.Via.UNPLACED).get(round=round)
    text = client_for(Role.TEACHER).get(reverse("placement:teacher_overview")).content.decode()
    name = placed.young_person.first_name
    assert f"{name} fik sit 1. ønske: Smed – Vendsyssel Maskinfabrik ApS." in text
    assert "har ikke fået en plads: pladserne på ønskerne var optaget" in text
    assert "Du fik" not in text and "Du havde" not in text and "Dine ønsker" not in text


def test_once_the_wishes_are_over_the_teacher_reads_who_did_not_wish(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    text = client_for(Role.TEACHER).get(reverse("placement:teacher_overview")).content.decode()
    assert "Har ikke ønsket endnu" in text
    round = round_close(round=round, acting_user=world.users[COORDINATOR])
    run = run_create(round=round, mechanism="optimal", acting_user=world.users[COORDINATOR])
    _publish(world, client_for, round, run)
    text = client_for(Role.TEACHER).get(reverse("placement:teacher_overview")).content.decode()
    assert "Har ikke ønsket endnu" not in text and "Ønskede ikke" in text
    assert "Asta havde ikke ønsket og fik en ledig plads" in text


def test_the_teacher_page_does_not_grow_queries_with_pupils(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round, run, otto = _closed_with_a_run(world)
    _publish(world, client_for, round, run)
    client = client_for(Role.TEACHER)
    url = reverse("placement:teacher_overview")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        pupil(world, f"Elev{i}", 40 + i)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["blocks"][0]["rows"]) == 6
    assert len(many) == len(few)


def test_the_guardians_notice_uses_the_genitive(world, client_for):
    round, run, otto = _closed_with_a_run(world)
    _publish(world, client_for, round, run)
    assert Notification.objects.filter(subject="Astas erhvervspraktik er fundet").exists()


# --- 4. the pupil's pages ------------------------------------------------------------------


def test_the_wish_options_are_short_and_tell_alike_offers_apart(world, client_for):
    round = open_round(
        world,
        offers={
            wp_offer(world, "Erhvervspraktik som dyrepasser (Planteskole)"): 1,
            wp_offer(
                world,
                "Erhvervspraktik som dyrepasser (Planteskole)",
                partner=world.partner_b,
                postal_code="9850",
            ): 1,
            wp_offer(world, "Kok", support=False): 1,
        },
    )
    url = _url("wishes_edit", round, person_uuid=world.pupil_a.uuid)
    text = client_for(Role.YOUNG_PERSON).get(url).content.decode()
    assert ">Dyrepasser (Planteskole) – Hirtshals Havnecafé, Hirtshals</option>" in text
    assert ">Dyrepasser (Planteskole) – Vendsyssel Maskinfabrik ApS, Hjørring</option>" in text
    assert ">Erhvervspraktik som" not in text
    # pupil A gets extra support: the offer not made for it is shown, disabled, with why
    kok = round.round_offers.get(offer__title="Kok")
    assert f'<option value="{kok.uuid}" disabled>' in text
    assert "Ønsket «Kok» kan ikke vælges: tilbuddet er ikke tilrettelagt" in text
    # each offer links to its page; the way back leads to the pupil's own page
    for ro in round.round_offers.all():
        assert f'href="{ro.offer.get_absolute_url()}"' in text
    assert "Tilbage til Min erhvervspraktik" in text
    assert f"{reverse('placement:my_work_experience')}#runde-{round.uuid}-" in text
    assert "<h1>Dine ønsker til erhvervspraktik</h1>" in text


def test_the_teacher_sees_whose_wishes_the_form_is(world, client_for):
    round = open_round(world)
    url = _url("wishes_edit", round, person_uuid=world.pupil_a.uuid)
    text = client_for(Role.TEACHER).get(url).content.decode()
    assert "<h1>Astas ønsker til erhvervspraktik</h1>" in text
    assert f'href="{reverse("placement:teacher_overview")}#oensker-{round.uuid}-' in text


def test_the_wish_form_does_not_grow_queries_with_offers(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    client = client_for(Role.YOUNG_PERSON)
    url = _url("wishes_edit", round, person_uuid=world.pupil_a.uuid)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from ..services import round_offers_set

    more = {wp_offer(world, f"Tilbud {i}", postal_code="9850"): 1 for i in range(4)}
    round_offers_set(
        round=round,
        seats={**{o.uuid: 1 for o in more}, round.round_offers.get().offer.uuid: 1},
        acting_user=world.users[COORDINATOR],
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count('class="result"') == 5
    assert len(many) == len(few)


def test_after_wishing_the_pupil_sees_them_and_may_change_them(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Erhvervspraktik som smed"): 1})
    client = client_for(Role.YOUNG_PERSON)
    page = client.get(reverse("placement:my_work_experience")).content.decode()
    assert "Vælg dine ønsker" in page and "Ret dine ønsker" not in page
    ro = round.round_offers.get()
    response = client.post(
        _url("wishes_edit", round, person_uuid=world.pupil_a.uuid), {"wish_1": str(ro.uuid)}
    )
    assert response.url.endswith(f"#runde-{round.uuid}-{world.pupil_a.uuid}")
    page = client.get(reverse("placement:my_work_experience")).content.decode()
    assert "Ret dine ønsker" in page and "Vælg dine ønsker" not in page
    assert (
        f'<li><a href="{ro.offer.get_absolute_url()}">Smed</a> – Vendsyssel Maskinfabrik ApS,'
        " Hjørring</li>"
    ) in page


def test_the_placement_shows_the_offer_the_contact_and_the_first_day(world, client_for):
    from datetime import time

    from ungegaranti.marketplace.models import Offer

    round = open_round(world, offers={wp_offer(world, "Smed"): 2})
    wish(world, round, world.pupil_a, "Smed")
    round = round_close(round=round, acting_user=world.users[COORDINATOR])
    run = run_create(round=round, mechanism="optimal", acting_user=world.users[COORDINATOR])
    Offer.objects.filter(title="Smed").update(
        day_starts_at=time(8, 0), day_ends_at=time(14, 30), contact_phone="98 12 34 56"
    )
    _publish(world, client_for, round, run)
    placed = Placement.objects.get(round=round, young_person=world.pupil_a)
    page = client_for(Role.YOUNG_PERSON).get(reverse("placement:my_work_experience"))
    text = page.content.decode()
    offer = placed.round_offer.offer
    assert f'<a href="{offer.get_absolute_url()}">Smed</a>' in text
    assert "Industrivej 1, 9800 Hjørring" in text
    assert "Per Partner" in text and 'href="mailto:per@example.org"' in text
    assert 'href="tel:98123456"' in text
    first_day = round.start_date
    from django.utils.formats import date_format

    assert f"{date_format(first_day, 'l j. F Y')} kl. 08.00" in text
    assert "kl. 08.00–14.30" in text
    assert "Du fik dit 1. ønske: Smed" in text  # and why


def test_the_round_pages_write_dates_as_the_app_does(world, client_for):
    """Every range on the round pages through core.dates ("3.–7. dec. 2026")."""
    from ungegaranti.core.dates import format_date_range

    round = draft_round(world, offers={wp_offer(world, "Smed"): 1})
    dates = format_date_range(round.start_date, round.end_date)
    client = client_for(COORDINATOR)
    for page in ("round_detail", "round_offers"):
        assert dates in client.get(_url(page, round)).content.decode(), page
    assert dates in client.get(reverse("placement:round_list")).content.decode()
