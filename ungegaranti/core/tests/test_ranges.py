"""Date ranges as people write them, in the active language."""

from datetime import date

import pytest
from django.utils import translation

from ungegaranti.core.templatetags.ranges import date_range


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
        assert date_range(start, end) == expected


def test_english_month_names_under_english():
    with translation.override("en"):
        assert date_range(date(2026, 12, 3), date(2026, 12, 3)) == "3. Dec. 2026"


def test_a_missing_end_gives_the_one_date():
    with translation.override("da"):
        assert date_range(date(2026, 12, 3), None) == "3. dec. 2026"
        assert date_range(None, None) == ""
