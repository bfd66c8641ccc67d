"""The school year: 1 August to 31 July, named by its starting year (2026 is 2026/27), as
folkeskoleloven sets it. Every app takes the school year from here. Pure functions."""

from datetime import date, timedelta

from .dates import add_years

FIRST_MONTH = 8  # a school year starts on 1 August


def school_year_of(day: date) -> int:
    """The school year a day falls in, named by its starting year."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def school_year_bounds(year: int) -> tuple[date, date]:
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def school_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def teaching_year_share(year: int, today: date) -> float:
    """The share of the teaching year (1 August to 30 June) behind us on `today`, 0 to 1, for
    the pace of a yearly target."""
    first, last = date(year, FIRST_MONTH, 1), date(year + 1, 6, 30)
    if today <= first:
        return 0.0
    if today >= last:
        return 1.0
    return (today - first).days / (last - first).days


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
    return add_years(day, 1)
