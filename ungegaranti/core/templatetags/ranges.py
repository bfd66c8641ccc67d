"""Ranges as people write them: one value when both ends are equal, the shared month and year
once ("3.–7. dec. 2026"), and month names from the active language (Danish: "3. dec. 2026")."""

from datetime import date

from django import template
from django.utils.formats import date_format

register = template.Library()

DASH = "\u2013"
DAY_MONTH_YEAR = "j. N Y"  # N: the language's short month names, e.g. "dec.", "marts"


@register.filter
def date_range(start: date | None, end: date | None) -> str:
    """{{ period.start_date|date_range:period.end_date }}"""
    if start is None or end is None:
        one = start or end
        return date_format(one, DAY_MONTH_YEAR) if one else ""
    if start == end:
        return date_format(start, DAY_MONTH_YEAR)
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j.')}{DASH}{date_format(end, DAY_MONTH_YEAR)}"
    if start.year == end.year:
        return f"{date_format(start, 'j. N')}{DASH}{date_format(end, DAY_MONTH_YEAR)}"
    return f"{date_format(start, DAY_MONTH_YEAR)}{DASH}{date_format(end, DAY_MONTH_YEAR)}"
