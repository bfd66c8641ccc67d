"""Dates as the app writes them, in the active language: "3. dec. 2026", and ranges with the
shared month and year once ("3.–7. dec. 2026"). Every date formatted in Python goes through
here; templates use the `date_range` filter (core/templatetags/ranges.py) or Django's `date`
filter with DAY_MONTH_YEAR."""

from datetime import date

from django.utils.formats import date_format

DASH = "\u2013"
DAY_MONTH_YEAR = "j. N Y"  # N: the language's short month names, e.g. "dec.", "marts"


def format_date(day: date) -> str:
    """ "3. dec. 2026" """
    return date_format(day, DAY_MONTH_YEAR)


def format_date_range(start: date | None, end: date | None) -> str:
    """One date when both ends are equal (or one is missing), else the range with what the
    ends share written once: "3.–7. dec. 2026", "28. nov.–3. dec. 2026"."""
    if start is None or end is None:
        one = start or end
        return format_date(one) if one else ""
    if start == end:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j.')}{DASH}{format_date(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j. N')}{DASH}{format_date(end)}"
    return f"{format_date(start)}{DASH}{format_date(end)}"


def add_years(day: date, years: int) -> date:
    """The same date `years` later (negative: earlier); 29 February becomes 28 February in a
    common year, as a birthday or an anniversary is kept in Danish practice."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
