"""Working days for the follow-up of unanswered requests: Danish holidays and office-closed
days."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from ..models import Application
from ..selectors import (
    followup_list,
    is_working_day,
    working_days_before,
    working_days_between,
)
from .helpers import (
    published_offer,
    sixteen_year_old_application,
)


def test_working_days_between():
    friday = date(2026, 11, 6)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + timedelta(days=7)) == 5
    assert working_days_between(date(2026, 11, 2), date(2026, 11, 30)) == 20


def test_a_plain_week_has_five_working_days():
    monday = date(2026, 11, 2)
    counts = [working_days_between(monday, monday + timedelta(days=n)) for n in range(8)]
    assert counts == [0, 1, 2, 3, 4, 4, 4, 5]  # to Monday the next week
    assert working_days_before(date(2026, 11, 9), 5) == monday
    assert working_days_before(date(2026, 11, 8), 5) == date(2026, 11, 1)  # a Sunday


def test_unanswered_over_easter_2027_waits_for_five_working_days(world):
    # Skærtorsdag 25 March, langfredag 26 March and 2. påskedag 29 March are closed: a request
    # made on Wednesday 24 March has its five working days (30, 31 March, 1, 2 and 5 April) on
    # Monday 5 April, not on Wednesday 31 March as Monday-Friday alone would say.
    offer = published_offer(world, min_grade=None, max_grade=None)
    application = sixteen_year_old_application(world, offer)
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.make_aware(datetime(2027, 3, 24, 10, 0))
    )

    def unanswered(today):
        return [
            a.pk for a in followup_list(municipality=world.municipality, today=today)["unanswered"]
        ]

    assert unanswered(date(2027, 3, 31)) == []
    assert unanswered(date(2027, 4, 2)) == []
    assert unanswered(date(2027, 4, 5)) == [application.pk]
    assert working_days_between(date(2027, 3, 24), date(2027, 4, 5)) == 5
    assert working_days_before(date(2027, 4, 2), 5) == date(2027, 3, 23)


def test_ascension_and_whitsun_are_not_working_days():
    # 2027: Kristi himmelfartsdag Thursday 6 May (the Friday after is a working day),
    # pinsedag Sunday 16 May, 2. pinsedag Monday 17 May.
    assert not is_working_day(date(2027, 5, 6))
    assert is_working_day(date(2027, 5, 7))
    assert not is_working_day(date(2027, 5, 17))
    assert working_days_between(date(2027, 5, 3), date(2027, 5, 10)) == 4
    assert working_days_between(date(2027, 5, 3), date(2027, 5, 11)) == 5
    assert working_days_between(date(2027, 5, 12), date(2027, 5, 19)) == 4
    assert working_days_before(date(2027, 5, 20), 5) == date(2027, 5, 12)


def test_store_bededag_is_a_holiday_up_to_2023_only():
    # Friday 5 May 2023 was store bededag; Friday 26 April 2024 would have been, after its
    # abolition it is a working day.
    assert not is_working_day(date(2023, 5, 5))
    assert working_days_between(date(2023, 5, 4), date(2023, 5, 8)) == 1
    assert is_working_day(date(2024, 4, 26))
    assert working_days_between(date(2024, 4, 25), date(2024, 4, 29)) == 2


def test_christmas_week_and_new_year():
    # 2026: juleaftensdag Thursday 24, juledag Friday 25, nytårsaftensdag Thursday 31 December,
    # nytårsdag Friday 1 January 2027.
    for closed in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)):
        assert not is_working_day(closed)
    assert working_days_between(date(2026, 12, 21), date(2026, 12, 30)) == 5
    assert working_days_before(date(2026, 12, 30), 5) == date(2026, 12, 21)
    assert working_days_before(date(2026, 12, 29), 5) == date(2026, 12, 20)
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 8)) == 11


def test_grundlovsdag_is_closed_but_first_of_may_is_a_working_day():
    assert not is_working_day(date(2026, 6, 5))  # a Friday
    assert is_working_day(date(2026, 5, 1))  # also a Friday; not a day offices close


def _working_days_one_by_one(start, end):
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n))
    )


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    span=st.integers(min_value=0, max_value=800),
    working_days=st.integers(min_value=0, max_value=40),
)
def test_working_days_agree_with_counting_day_by_day(day, span, working_days):
    start = day - timedelta(days=span)
    assert working_days_between(start, day) == _working_days_one_by_one(start, day)
    cutoff = working_days_before(day, working_days)
    assert working_days_between(cutoff, day) >= working_days
    assert working_days_between(cutoff + timedelta(days=1), day) < working_days or (
        working_days == 0 and cutoff == day
    )
