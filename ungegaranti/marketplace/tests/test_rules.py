"""Each working-time rule at its boundary: allowed at the limit, refused just past it."""

from datetime import time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ungegaranti.plans.models import ActivityKind

from ..rules import MINIMUM_AGE, REST_SOURCE, RULES, SOURCE, working_time_violations

HALF = Decimal("0.5")


def offer(**values):
    base = {
        "type": ActivityKind.LEISURE_JOB,
        "min_age": 13,
        "max_age": 14,
        "hours_per_day": Decimal(1),
        "hours_per_week": Decimal(5),
        "during_school_period": True,
        "works_on_school_days": True,
        "for_school_leavers": False,
        "day_starts_at": None,
        "day_ends_at": None,
        "light_work": True,
    }
    base.update(values)
    return SimpleNamespace(**base)


# (situation, offer settings, which day limit, which week limit)
SITUATIONS = [
    ("school day", {}, "school_day_hours", "school_week_hours"),
    (
        "day off in a school week",
        {"works_on_school_days": False},
        "non_school_day_hours",
        "school_week_hours",
    ),
    (
        "school-free week",
        {"during_school_period": False},
        "non_school_day_hours",
        "free_week_hours",
    ),
]
CASES = [
    pytest.param(rule, situation, settings, day, week, id=f"{rule.key}-{situation}")
    for rule in RULES
    for situation, settings, day, week in SITUATIONS
]


def _rule_offer(rule, settings, **hours):
    return offer(
        min_age=rule.min_age,
        max_age=rule.max_age,
        for_school_leavers=not rule.still_in_school,
        **settings,
        **hours,
    )


def _keys(violations):
    return {v.rule_key for v in violations}


@pytest.mark.parametrize(("rule", "situation", "settings", "day", "week"), CASES)
def test_daily_limit_allowed_at_the_limit_refused_past_it(rule, situation, settings, day, week):
    limit, week_limit = getattr(rule, day), getattr(rule, week)
    at_limit = _rule_offer(
        rule, settings, hours_per_day=limit, hours_per_week=min(limit, week_limit)
    )
    assert working_time_violations(at_limit) == []
    past = _rule_offer(
        rule, settings, hours_per_day=limit + HALF, hours_per_week=min(limit, week_limit)
    )
    violations = working_time_violations(past)
    assert _keys(violations) == {f"{rule.key}-day"}
    assert "(0,5 timer for meget)" in violations[0].message
    assert violations[0].source == SOURCE


@pytest.mark.parametrize(("rule", "situation", "settings", "day", "week"), CASES)
def test_weekly_limit_allowed_at_the_limit_refused_past_it(rule, situation, settings, day, week):
    limit = getattr(rule, week)
    at_limit = _rule_offer(rule, settings, hours_per_day=Decimal(1), hours_per_week=limit)
    assert working_time_violations(at_limit) == []
    past = _rule_offer(rule, settings, hours_per_day=Decimal(1), hours_per_week=limit + 1)
    violations = working_time_violations(past)
    assert _keys(violations) == {f"{rule.key}-week"}
    assert "(1 time for meget)" in violations[0].message


def test_message_names_the_rule_and_the_excess():
    (violation,) = working_time_violations(offer(hours_per_day=Decimal(3)))
    assert violation.message == (
        "13-14 år i skoleperioden: højst 2 timer på en skoledag – tilbuddet har 3 timer "
        "(1 time for meget)"
    )


def test_the_table_is_the_one_in_domain_md():
    table = {
        r.key: (r.school_day_hours, r.non_school_day_hours, r.school_week_hours, r.free_week_hours)
        for r in RULES
    }
    assert table == {
        "13-14": (2, 7, 12, 35),
        "15-17-school": (2, 8, 12, 40),
        "15-17-finished": (8, 8, 40, 40),
    }
    assert all("Bekendtgørelse om unges arbejde" in r.source for r in RULES)
    assert "unges arbejdstid, hviletid og fridøgn" in SOURCE.lower()


@pytest.mark.parametrize("rule", [r for r in RULES if r.night_starts], ids=lambda r: r.key)
def test_night_window_for_pupils(rule):
    def check(starts, ends):
        return _keys(
            working_time_violations(_rule_offer(rule, {}, day_starts_at=starts, day_ends_at=ends))
        )

    assert check(time(18, 0), time(20, 0)) == set()
    assert check(time(6, 0), time(8, 0)) == set()
    assert check(time(18, 30), time(20, 1)) == {f"{rule.key}-night-end"}
    assert check(time(5, 59), time(7, 59)) == {f"{rule.key}-night-start"}
    assert check(time(22, 0), time(1, 0)) == {f"{rule.key}-night-end"}
    late = working_time_violations(
        _rule_offer(rule, {}, day_starts_at=time(19), day_ends_at=time(20, 30))
    )
    assert "intet arbejde mellem 20:00 og 06:00" in late[0].message
    assert "(30 minutter for sent)" in late[0].message


def test_school_leavers_have_no_pupil_night_window():
    leaver = offer(
        min_age=15,
        max_age=17,
        for_school_leavers=True,
        day_starts_at=time(14),
        day_ends_at=time(21),
    )
    assert working_time_violations(leaver) == []


def test_under_13_refused_13_allowed():
    assert working_time_violations(offer(min_age=MINIMUM_AGE.min_age)) == []
    violations = working_time_violations(offer(min_age=12))
    assert _keys(violations) == {"min-age"}
    assert "under 13 år" in violations[0].message
    assert "(1 år for ung)" in violations[0].message


def test_work_experience_counts_as_days_without_school():
    placement = offer(
        type=ActivityKind.WORK_EXPERIENCE, hours_per_day=Decimal(7), hours_per_week=Decimal(35)
    )
    assert working_time_violations(placement) == []
    placement.hours_per_day = Decimal("7.5")
    assert _keys(working_time_violations(placement)) == {"13-14-day"}


def test_not_work_or_adults_only_is_not_checked():
    assert (
        working_time_violations(
            offer(type=ActivityKind.COMPANY_VISIT, min_age=6, hours_per_day=Decimal(9))
        )
        == []
    )
    assert working_time_violations(offer(min_age=18, max_age=29, hours_per_day=Decimal(10))) == []


def test_work_for_minors_needs_hours():
    assert _keys(working_time_violations(offer(hours_per_day=None))) == {"hours-missing"}


def test_an_age_range_across_bands_meets_every_band():
    wide = offer(min_age=13, max_age=17, hours_per_day=Decimal(2), hours_per_week=Decimal(13))
    assert _keys(working_time_violations(wide)) == {"13-14-week", "15-17-school-week"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_daily_rest_allowed_at_the_limit_refused_past_it(rule):
    """The working day from start to end must leave 14 hours of rest (pupils) or 12 (school
    leavers); the day starts at 06:00 so that the night window plays no part."""
    longest = int(24 - rule.rest_hours)

    def violations(ends):
        return working_time_violations(
            _rule_offer(rule, {}, day_starts_at=time(6, 0), day_ends_at=ends)
        )

    assert violations(time(6 + longest, 0)) == []
    (past,) = violations(time(6 + longest, 30))
    assert past.rule_key == f"{rule.key}-rest"
    assert past.source == REST_SOURCE
    assert f"mindst {rule.rest_hours} timer sammenhængende hvile" in past.message
    assert "(30 minutter for lidt)" in past.message


def test_rest_is_14_hours_for_pupils_and_12_for_school_leavers():
    assert {r.key: r.rest_hours for r in RULES} == {
        "13-14": 14,
        "15-17-school": 14,
        "15-17-finished": 12,
    }
    (violation,) = working_time_violations(
        offer(
            min_age=15,
            max_age=17,
            for_school_leavers=True,
            hours_per_day=Decimal(8),
            hours_per_week=Decimal(40),
            day_starts_at=time(7, 0),
            day_ends_at=time(20, 0),
        )
    )
    assert violation.message == (
        "15-17 år, der har afsluttet 9. klasse: mindst 12 timer sammenhængende hvile i døgnet – "
        "arbejdsdagen 07:00–20:00 giver 11 timer (1 time for lidt)"
    )


def test_light_work_only_for_13_14_year_olds():
    refused = working_time_violations(offer(light_work=False))
    assert _keys(refused) == {"13-14-light-work"}
    assert refused[0].message.startswith("13-14 år: kun let arbejde")
    assert working_time_violations(offer(light_work=True)) == []
    # An age range that only touches 13-14 counts too; 15 and up does not need it.
    assert _keys(working_time_violations(offer(min_age=14, max_age=16, light_work=False))) == {
        "13-14-light-work"
    }
    assert working_time_violations(offer(min_age=15, max_age=17, light_work=False)) == []
    # Not work for an employer: a company visit for a class is not held to the rule.
    visit = offer(type=ActivityKind.COMPANY_VISIT, light_work=False)
    assert working_time_violations(visit) == []
