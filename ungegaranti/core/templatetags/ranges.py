"""Ranges as people write them (core.dates): {{ period.start_date|date_range:period.end_date }}."""

from datetime import date

from django import template

from ungegaranti.core.dates import format_date_range

register = template.Library()


@register.filter
def date_range(start: date | None, end: date | None) -> str:
    """{{ period.start_date|date_range:period.end_date }}"""
    return format_date_range(start, end)
