"""The demo rounds: every state a coordinator meets, enough seats, realistic wishes, last
year's placements in the pupils' records with attendance, on any day of the year."""

from datetime import date

import pytest
from django.utils import timezone

from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.demo.builder import build_demo_municipality
from ungegaranti.demo.marketplace import demo_offers_build
from ungegaranti.demo.rounds import HOLIDAY_WEEKS, demo_rounds_build, round_plans
from ungegaranti.people.models import SchoolDistrict
from ungegaranti.placement.models import Placement, Round, Run, Wish
from ungegaranti.placement.selectors import round_pupils, runs_current
from ungegaranti.plans.models import Activity


@pytest.mark.parametrize(
    "today", [date(2026, 8, 12), date(2026, 12, 2), date(2027, 3, 1), date(2027, 6, 20)]
)
def test_round_dates_fit_any_day_of_the_year(today):
    for district in range(6):
        plans = {
            p.state: p for p in round_plans(today=today, district_index=district, with_closed=True)
        }
        assert (
            plans["past"].start < today and plans["past"].school_year == school_year_of(today) - 1
        )
        assert plans["closed"].deadline < today < plans["closed"].start
        assert plans["open"].created < today < plans["open"].deadline < plans["open"].start
        for plan in plans.values():
            assert plan.start.weekday() == 0
            assert plan.start.isocalendar().week not in HOLIDAY_WEEKS
            assert plan.deadline <= plan.start


@pytest.mark.django_db
def test_demo_rounds_in_every_state():
    demo = build_demo_municipality(seed=7, young_people=2400, partners=70)
    municipality = demo.municipality
    demo_offers_build(municipality=municipality, seed=7, offers=60, applications=0)
    result = demo_rounds_build(municipality=municipality, seed=7)
    rounds = Round.objects.filter(municipality=municipality)
    by_status = {s: rounds.filter(status=s) for s in Round.Status.values}
    districts = SchoolDistrict.objects.filter(municipality=municipality).count()
    assert by_status[Round.Status.OPEN].count() == districts
    assert by_status[Round.Status.PUBLISHED].count() == districts
    (closed,) = by_status[Round.Status.CLOSED]
    assert closed.district == demo.users["praktikkoordinator"].district
    # The closed round's two runs wait side by side, both current, neither published.
    runs = list(closed.runs.all())
    assert sorted(r.mechanism for r in runs) == sorted(Run.Mechanism.values)
    assert runs_current(round=closed, runs=runs) == {r.pk for r in runs}
    today = timezone.localdate()
    totals: dict[str, list[int]] = {}
    for round in rounds:
        pupils = round_pupils(round=round).count()
        seats = sum(ro.seats for ro in round.round_offers.all())
        assert 1.08 * pupils <= seats <= 1.25 * pupils + 6, round.name
        wished = Wish.objects.filter(round=round).values("young_person").distinct().count()
        pair = totals.setdefault(round.status, [0, 0])
        pair[0] += wished
        pair[1] += pupils
        if round.status == Round.Status.OPEN:
            assert round.wish_deadline_date > today
    open_wished, open_pupils = totals[Round.Status.OPEN]
    assert 0.55 * open_pupils <= open_wished <= 0.78 * open_pupils  # about two thirds
    for status in (Round.Status.CLOSED, Round.Status.PUBLISHED):
        assert totals[status][0] >= 0.85 * totals[status][1]
    # Last year's rounds: this year's 9th-graders in 8. klasse, most placed on a wish, a few
    # on a fallback seat; the activity in the record, with attendance.
    # Each round, and more so over the six. (A round of 33 once placed 21 on a wish: its seats
    # were in towns where one young person of the district lived, not its pupils.)
    on_wish = placed = 0
    for round in by_status[Round.Status.PUBLISHED]:
        assert round.grades == [8] and round.start_date < today
        placements = Placement.objects.filter(round=round)
        assert {p.young_person.school_class.grade for p in placements} == {9}
        round_on_wish = placements.filter(via=Placement.Via.WISH).count()
        assert round_on_wish > 0.7 * placements.count(), round.name
        on_wish += round_on_wish
        placed += placements.count()
    assert on_wish > 0.75 * placed
    assert Placement.objects.filter(via=Placement.Via.FALLBACK).exists()
    activities = Activity.objects.filter(source_key__startswith="placement:")
    assert activities.count() == result.placed
    statuses = set(activities.values_list("status", flat=True))
    assert statuses == {Activity.Status.COMPLETED, Activity.Status.DID_NOT_ATTEND}
    assert result.attended == activities.filter(status=Activity.Status.COMPLETED).count()
    # Popular trades are oversubscribed in the open rounds: first wishes above the seats.
    over = 0
    for round in by_status[Round.Status.OPEN]:
        for ro in round.round_offers.all():
            first = Wish.objects.filter(round_offer=ro, rank=1).count()
            over += first > ro.seats
    assert over > 0


@pytest.mark.django_db
def test_demo_praktik_has_agreements_campaigns_own_places_and_days_in_every_state():
    from ungegaranti.placement.models import Agreement as PraktikAgreement
    from ungegaranti.placement.models import AttendanceDay, Invitation, OwnPlace

    demo = build_demo_municipality(seed=7, young_people=2400, partners=70)
    municipality = demo.municipality
    demo_offers_build(municipality=municipality, seed=7, offers=60, applications=0)
    result = demo_rounds_build(municipality=municipality, seed=7)
    agreements = list(PraktikAgreement.objects.filter(municipality=municipality))
    assert agreements and len(agreements) == result.praktik.agreements
    assert any(a.is_complete for a in agreements)
    assert any(a.company_confirmed_at is None for a in agreements)
    assert any(a.company_confirmed_at and not a.is_complete for a in agreements)
    assert AttendanceDay.objects.filter(present=True).exists()
    assert AttendanceDay.objects.filter(present=False).exists()
    answers = set(Invitation.objects.values_list("answer", flat=True))
    assert answers == {"OFFERED", "DECLINED", "PENDING"}
    assert set(OwnPlace.objects.values_list("status", flat=True)) == {
        "APPROVED",
        "REJECTED",
        "PROPOSED",
    }
