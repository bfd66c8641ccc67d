"""Round services against the real database: lifecycle, wishes, locks, runs, publishing and
the shortfall."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from ungegaranti.core.dates import format_date
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.eligibility import grade_on
from ungegaranti.notifications.models import Notification
from ungegaranti.plans.models import Activity

from ..engine import ENGINE
from ..models import Placement, Round
from ..selectors import round_demand, round_shortfall, run_rerun
from ..services import (
    lock_set,
    round_close,
    round_open,
    round_publish,
    run_create,
    runs_create_both,
    wishes_set,
)
from .helpers import draft_round, open_round, pupil, round_dates, wish, wp_offer


def coordinator(world):
    return world.users[Role.WORK_EXPERIENCE_COORDINATOR]


def test_round_lifecycle_and_seed(world):
    round = draft_round(world, offers={wp_offer(world, "Smed"): 2})
    assert round.status == Round.Status.DRAFT
    assert round.district == world.school_a.district  # the coordinator's own district
    assert round.seed == int(round.uuid.hex[:8], 16)
    assert round.max_fallback_km == 25.0
    round = round_open(round=round, acting_user=coordinator(world))
    assert round.status == Round.Status.OPEN
    # pupil A (grade 8, district A) is told; pupil B (district B) is not in the round
    told = Notification.objects.filter(subject="Vælg dine ønsker til erhvervspraktik")
    assert list(told.values_list("recipient__username", flat=True)) == ["ung"]
    with pytest.raises(ValidationError):
        round_open(round=round, acting_user=coordinator(world))
    round = round_close(round=round, acting_user=coordinator(world))
    assert round.status == Round.Status.CLOSED


def test_a_round_needs_an_offer_before_it_opens(world):
    round = draft_round(world)
    with pytest.raises(ValidationError, match="mindst ét tilbud"):
        round_open(round=round, acting_user=coordinator(world))


def test_grades_outside_7_to_9_are_refused(world):
    with pytest.raises(ValidationError, match="7, 8 og 9"):
        draft_round(world, grades=[6])


def test_round_seats_cannot_exceed_the_periods_seats_left(world):
    offer = wp_offer(world, "Smed", seats=2)
    with pytest.raises(ValidationError, match="2 ledige pladser"):
        draft_round(world, offers={offer: 3})


def test_wishes_are_ranked_and_replaced(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1, wp_offer(world, "Kok"): 1})
    wish(world, round, world.pupil_a, "Kok", "Smed")
    assert [w.round_offer.offer.title for w in round.wishes.order_by("rank")] == ["Kok", "Smed"]
    wish(world, round, world.pupil_a, "Smed")
    assert [w.round_offer.offer.title for w in round.wishes.all()] == ["Smed"]


@pytest.mark.parametrize(
    ("offer_kwargs", "message"),
    [
        ({"min_age": 15}, "tilbuddet er for 15-17-årige, og eleven er 14 år"),
        # the grade on the round's first day: on 31 July a grade-8 pupil starts in 9. klasse
        (
            {"min_grade": "next"},
            "tilbuddet er for {next}.-{next}. klasse, og eleven går i {grade}. klasse",
        ),
        ({"support": False}, "ikke tilrettelagt til elever, der får ekstra støtte"),
        (
            {"min_age": 13, "max_grade": None, "school_leavers": True},
            "tilbuddet er kun for unge, der har afsluttet 9. klasse",
        ),
    ],
)
def test_an_ineligible_wish_is_refused_with_a_reason_and_nothing_saved(
    world, offer_kwargs, message
):
    _, start, _ = round_dates()
    grade = grade_on(8, today=timezone.localdate(), day=start)
    if offer_kwargs.get("min_grade") == "next":
        offer_kwargs = {"min_grade": grade + 1, "max_grade": grade + 1}
    message = message.format(grade=grade, next=(grade or 0) + 1)
    round = open_round(
        world, offers={wp_offer(world, "Smed"): 1, wp_offer(world, "Kok", **offer_kwargs): 1}
    )
    wish(world, round, world.pupil_a, "Smed")
    with pytest.raises(ValidationError) as refused:
        wish(world, round, world.pupil_a, "Smed", "Kok")
    assert any(message in m and "«Kok»" in m for m in refused.value.messages)
    # all or nothing: the earlier list stands
    assert [w.round_offer.offer.title for w in round.wishes.all()] == ["Smed"]


def test_duplicate_and_too_many_wishes_are_refused(world):
    offers = {wp_offer(world, f"Tilbud {i}"): 1 for i in range(6)}
    round = open_round(world, offers=offers)
    with pytest.raises(ValidationError, match="mere end én gang"):
        wish(world, round, world.pupil_a, "Tilbud 0", "Tilbud 0")
    with pytest.raises(ValidationError, match="højst ønske 5"):
        wish(world, round, world.pupil_a, *[f"Tilbud {i}" for i in range(6)])
    assert not round.wishes.exists()


def test_wishes_only_while_open_and_only_for_pupils_of_the_round(world):
    round = draft_round(world, offers={wp_offer(world, "Smed"): 1})
    ro = round.round_offers.get()
    with pytest.raises(ValidationError, match="ikke åben"):
        wishes_set(
            round=round,
            young_person=world.pupil_a,
            round_offers=[ro],
            acting_user=coordinator(world),
        )
    round_open(round=round, acting_user=coordinator(world))
    with pytest.raises(ValidationError, match="ikke med i denne runde"):  # district B
        wishes_set(
            round=round,
            young_person=world.pupil_b,
            round_offers=[ro],
            acting_user=coordinator(world),
        )


def test_a_lock_beyond_the_offers_seats_is_refused(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    ro = round.round_offers.get()
    other = pupil(world, "Otto", 11)
    lock_set(
        round=round, young_person=world.pupil_a, round_offer=ro, acting_user=coordinator(world)
    )
    with pytest.raises(ValidationError, match="1 pladser i runden, og de er alle låst"):
        lock_set(round=round, young_person=other, round_offer=ro, acting_user=coordinator(world))
    assert round.locks.count() == 1
    # moving the same pupil's lock is fine
    lock_set(
        round=round, young_person=world.pupil_a, round_offer=ro, acting_user=coordinator(world)
    )
    assert round.locks.count() == 1


def _closed_round_with_wishes(world):
    smed, kok = wp_offer(world, "Smed"), wp_offer(world, "Kok")
    round = open_round(world, offers={smed: 1, kok: 2})
    otto = pupil(world, "Otto", 11)
    wish(world, round, otto, "Smed", "Kok")
    wish(world, round, world.pupil_a, "Smed")
    return round_close(round=round, acting_user=coordinator(world)), otto


def test_a_run_stores_instance_and_result_and_reruns_to_the_byte(world):
    round, otto = _closed_round_with_wishes(world)
    optimal, lottery = runs_create_both(round=round, acting_user=coordinator(world))
    for run in (optimal, lottery):
        instance = json.loads(run.instance_json)
        result = json.loads(run.result_json)
        assert instance["format"] == "ungegaranti.allocation/1"
        assert instance["mechanism"] == run.mechanism == result["mechanism"]
        assert instance["seed"] == run.seed == round.seed == result["seed"]
        assert run.engine == ENGINE == result["engine"]
        ids = [s["id"] for s in instance["students"]]
        assert ids == sorted([str(world.pupil_a.uuid), str(otto.uuid)])
        assert run_rerun(run=run).encode() == run.result_json.encode()
        assert run.summary["overall"]["pupils"] == len(instance["students"])
        assert [s["school"] for s in run.summary["schools"]] == ["Skole A"]


def test_optimal_gives_both_pupils_a_wish(world):
    round, otto = _closed_round_with_wishes(world)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator(world))
    result = json.loads(run.result_json)
    got = {a["student"]: (a["via"], a["rank"]) for a in result["assignments"]}
    # Smed has one seat: pupil A's only wish; Otto gets his 2nd wish (cost 1 + 4 < 4 + 36)
    assert got[str(world.pupil_a.uuid)] == ("wish", 1)
    assert got[str(otto.uuid)] == ("wish", 2)


def test_publish_creates_placements_activities_and_notifications(world):
    round, otto = _closed_round_with_wishes(world)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator(world))
    mail.outbox.clear()
    with pytest.raises(ValidationError):  # a run of another round
        round_publish(round=draft_round(world), run=run, acting_user=coordinator(world))
    round = round_publish(round=round, run=run, acting_user=coordinator(world))
    assert round.status == Round.Status.PUBLISHED and round.published_run == run
    placement = Placement.objects.get(round=round, young_person=otto)
    assert placement.explanation.startswith(
        "Pladserne på dit 1. ønske var optaget; du fik dit 2. ønske: Kok"
    )
    activity = Activity.objects.get(source_key=f"placement:{round.uuid}:{otto.uuid}")
    assert activity.kind == "WORK_EXPERIENCE" and activity.partner == world.partner_a
    assert activity.start_date == round.start_date
    assert Activity.objects.filter(source_key__startswith=f"placement:{round.uuid}:").count() == 2
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"ung", "foraelder", "partner"} <= recipients  # pupil A, her guardian, partner A


def test_shortfall_on_a_constructed_case(world):
    # Three grade-8 pupils in district A: pupil A (support, Hjørring), Otto (Hjørring) and
    # Hanne (Hirtshals). One seat in Hjørring, suitable for support; one in Hirtshals that is
    # not. Pupil A can only go to Hjørring, so one of Otto/Hanne... both can use either, but
    # there are 2 seats for 3 pupils: one seat is missing.
    hj = wp_offer(world, "Smed", support=True)
    hi = wp_offer(world, "Havn", postal_code="9850", support=False, partner=world.partner_b)
    round = open_round(world, offers={hj: 1, hi: 1})
    pupil(world, "Otto", 11)
    pupil(world, "Hanne", 12, postal_code="9850")
    short = round_shortfall(round=round)
    assert short["pupils"] == 3 and short["seats"] == 2 and short["missing"] == 1
    assert sum(w["missing"] for w in short["where"]) == 1
    _, start, _ = round_dates()  # grade 8 today; on 31 July already 9 on the round's first day
    assert all(
        w["grade"] == grade_on(8, today=timezone.localdate(), day=start) for w in short["where"]
    )
    # partner B has no erhvervspraktik commitment; partner A has one but is in the round
    assert short["partners_without_offer"] == []
    world.partner_b.commits_work_experience = True
    world.partner_b.save()
    round.round_offers.filter(offer=hi).delete()
    short = round_shortfall(round=round)
    assert short["missing"] == 2
    assert [p.name for p in short["partners_without_offer"]] == ["Hirtshals Havnecafé"]


def test_demand_counts_first_choices_against_seats(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1, wp_offer(world, "Kok"): 2})
    wish(world, round, world.pupil_a, "Smed")
    wish(world, round, pupil(world, "Otto", 11), "Smed", "Kok")
    demand = round_demand(round=round)
    assert demand["pupils"] == 2 and demand["wished"] == 2
    assert [(r["label"].split(" (")[0], r["first_choice"], r["seats"]) for r in demand["over"]] == [
        ("Smed", 2, 1)
    ]


def test_no_wishes_after_the_deadline_even_while_the_round_is_open(world):
    # the deadline was yesterday, but nobody has closed the round yet
    yesterday = timezone.localdate() - timedelta(days=1)
    round = open_round(world, wish_deadline_date=yesterday)
    assert round.status == Round.Status.OPEN
    with pytest.raises(ValidationError, match=f"Fristen for ønsker var {format_date(yesterday)}"):
        wish(world, round, world.pupil_a, "Smed")
    assert not round.wishes.exists()


def test_a_run_of_another_closed_round_is_never_published(world):
    round, _otto = _closed_round_with_wishes(world)
    run = run_create(round=round, mechanism="optimal", acting_user=coordinator(world))
    other = open_round(world, name="Anden runde", offers={wp_offer(world, "Bager"): 1})
    other = round_close(round=other, acting_user=coordinator(world))
    with pytest.raises(ValidationError, match="Kørslen hører ikke til denne runde"):
        round_publish(round=other, run=run, acting_user=coordinator(world))
    other.refresh_from_db()
    assert other.status == Round.Status.CLOSED and other.published_run is None
    assert not Placement.objects.exists()
