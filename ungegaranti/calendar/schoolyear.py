"""The school year (1 August - 31 July) and moving a date to the same week and weekday of the
next one. Pure functions, no database."""

from datetime import date, timedelta

FIRST_MONTH = 8  # a school year starts on 1 August


def school_year_of(day: date) -> int:
    """The school year a day falls in, named by its starting year (2026 is 2026/27)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def school_year_bounds(year: int) -> tuple[date, date]:
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def school_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def same_week_next_year(day: date) -> date:
    """The day with the same ISO week number and weekday one year later (week 53 becomes the
    last week, 52, in a year that has none)."""
    iso_year, week, weekday = day.isocalendar()
    try:
        return date.fromisocalendar(iso_year + 1, week, weekday)
    except ValueError:
        return date.fromisocalendar(iso_year + 1, 52, weekday)


def same_date_next_year(day: date) -> date:
    """The same calendar date one year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)
