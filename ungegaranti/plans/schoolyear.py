"""The school year (1 August to 31 July, named by its starting year) and how far the teaching
year (August to June) has come, for the pace of the Uddannelse & Job target."""

from datetime import date


def school_year_of(day: date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def school_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 8, 1), date(start_year + 1, 7, 31)


def teaching_year_share(start_year: int, today: date) -> float:
    """The share of the teaching year (1 August to 30 June) behind us on `today`, 0 to 1."""
    first, last = date(start_year, 8, 1), date(start_year + 1, 6, 30)
    if today <= first:
        return 0.0
    if today >= last:
        return 1.0
    return (today - first).days / (last - first).days
