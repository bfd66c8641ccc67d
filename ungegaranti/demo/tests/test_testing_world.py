"""The test world's ages are relative to the day the suite runs (issue 16: the suite passes on
any date; `make test-dates` runs it with the clock at the edges of the school year)."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from ungegaranti.demo.testing import born_aged
from ungegaranti.people.models import YoungPerson

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    "today",
    [date(2027, 1, 5), date(2027, 2, 1), date(2027, 7, 31), date(2027, 8, 1), date(2028, 2, 29)],
)
@pytest.mark.parametrize("years", [14, 15, 17, 22])
def test_someone_born_aged_n_is_n_today_and_for_the_weeks_ahead(today, years):
    with time_machine.travel(datetime(today.year, today.month, today.day, 9, tzinfo=COPENHAGEN)):
        assert timezone.localdate() == today
        born = born_aged(years)
    person = YoungPerson(birth_date=born)
    assert person.age_on(today) == years
    assert person.age_on(date.fromordinal(today.toordinal() + 300)) == years


def test_the_world_s_pupils_are_fourteen_today(world):
    assert world.pupil_a.age == world.pupil_b.age == 14
    assert world.foreign_pupil.age == 15


def test_the_clock_stands_at_the_test_date_when_one_is_set():
    wanted = os.environ.get("UNGEGARANTI_TEST_DATE")
    if not wanted:
        pytest.skip("UNGEGARANTI_TEST_DATE is not set: the suite runs at today's date")
    assert timezone.localdate() == date.fromisoformat(wanted)
