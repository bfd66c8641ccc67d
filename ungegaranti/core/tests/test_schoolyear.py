"""The school year (1 August - 31 July) and moving a day to the next school year."""

from datetime import date

import pytest

from ungegaranti.core.schoolyear import (
    same_date_next_year,
    same_week_next_year,
    school_year_bounds,
    school_year_of,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 7, 31), 2025),
        (date(2026, 8, 1), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 7, 31), 2026),
    ],
)
def test_school_year_runs_from_1_august_to_31_july(day, year):
    assert school_year_of(day) == year
    first, last = school_year_bounds(year)
    assert first <= day <= last
    assert (first, last) == (date(year, 8, 1), date(year + 1, 7, 31))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 10, 5),  # Monday of week 41
        date(2027, 2, 19),  # Friday of week 7 (winter holiday)
        date(2027, 3, 1),
        date(2026, 8, 3),
        date(2027, 7, 30),
        date(2026, 12, 31),  # ISO week 53 of 2026
    ],
)
def test_same_week_next_year_keeps_weekday_and_iso_week(day):
    moved = same_week_next_year(day)
    assert moved.isoweekday() == day.isoweekday()
    week = day.isocalendar().week
    assert moved.isocalendar().week == (week if week <= 52 else 52)
    assert moved.isocalendar().year == day.isocalendar().year + 1
    assert 357 <= (moved - day).days <= 371


def test_same_date_next_year_keeps_the_date_and_29_february_becomes_28():
    assert same_date_next_year(date(2027, 3, 1)) == date(2028, 3, 1)
    assert same_date_next_year(date(2028, 2, 29)) == date(2029, 2, 28)
