"""Dates and date ranges as people write them, in the active language (core.dates)."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from ungegaranti.core.dates import add_years, format_date, format_date_range


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 12, 3), date(2026, 12, 3), "3. dec. 2026"),
        (date(2026, 12, 3), date(2026, 12, 7), "3.–7. dec. 2026"),
        (date(2026, 11, 28), date(2026, 12, 3), "28. nov.–3. dec. 2026"),
        (date(2026, 12, 17), date(2027, 6, 15), "17. dec. 2026–15. juni 2027"),
        (date(2027, 3, 1), date(2027, 3, 1), "1. marts 2027"),
    ],
)
def test_danish_date_ranges(start, end, expected):
    with translation.override("da"):
        assert format_date_range(start, end) == expected


def test_one_date():
    with translation.override("da"):
        assert format_date(date(2026, 12, 3)) == "3. dec. 2026"
        assert format_date(date(2027, 5, 31)) == "31. maj 2027"


def test_english_month_names_under_english():
    with translation.override("en"):
        assert format_date_range(date(2026, 12, 3), date(2026, 12, 3)) == "3. Dec. 2026"


def test_a_missing_end_gives_the_one_date():
    with translation.override("da"):
        assert format_date_range(date(2026, 12, 3), None) == "3. dec. 2026"
        assert format_date_range(None, date(2026, 12, 7)) == "7. dec. 2026"
        assert format_date_range(None, None) == ""


def test_the_template_filter_is_the_same_helper():
    template = Template("{% load ranges %}{{ start|date_range:end }}")
    with translation.override("da"):
        text = template.render(Context({"start": date(2026, 12, 3), "end": date(2026, 12, 7)}))
    assert text == "3.–7. dec. 2026"


@pytest.mark.parametrize(
    "day, years, moved",
    [
        (date(2028, 2, 29), -15, date(2013, 2, 28)),  # a MitID login's born-by on a leap day
        (date(2028, 2, 29), 2, date(2030, 2, 28)),  # an agreement's end
        (date(2028, 2, 29), -4, date(2024, 2, 29)),  # leap year to leap year
        (date(2027, 2, 28), 1, date(2028, 2, 28)),
        (date(2027, 3, 1), -1, date(2026, 3, 1)),
    ],
)
def test_add_years_keeps_29_february_as_28_february_in_a_common_year(day, years, moved):
    assert add_years(day, years) == moved
