"""The rules for minors' work, table by table at their boundaries, written from the law:
Bekendtgørelse om unges arbejde (the current version; see decision 0009 for what was verified)
as Arbejdstilsynet restates it in »Unges arbejdstid, hviletid og fridøgn«, Arbejdsmiljøloven
§ 62 (daily rest) and At-meddelelse 4.01.6 (pupils in erhvervspraktik)."""

from datetime import time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from ungegaranti.plans.models import ActivityKind

from ..rules import (
    MINIMUM_AGE_SOURCE,
    NIGHT_SOURCE,
    RULES,
    SHOP_SOURCE,
    SOURCE,
    Advice,
    Violation,
    working_time_advice,
    working_time_violations,
)

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
        "day_starts_at": time(16, 0),
        "day_ends_at": time(17, 0),
        "break_minutes": 30,
        "night_work": "",
        "light_work": True,
        "under_13_observation": False,
    }
    base.update(values)
    return SimpleNamespace(**base)


def leaver(**values):
    """A job for 15-17 year olds who have finished 9th grade (no school-day limits)."""
    return offer(
        **{
            "min_age": 15,
            "max_age": 17,
            "for_school_leavers": True,
            "light_work": False,
            "hours_per_day": Decimal(4),
            "hours_per_week": Decimal(20),
            **values,
        }
    )


def _keys(violations):
    return {v.rule_key for v in violations}


def _fields(violations):
    return {v.field for v in violations}


# --- the hour limits (the table of domain.md) -------------------------------------------------

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
    assert "Bekendtgørelse om unges arbejde" in violations[0].source


@pytest.mark.parametrize(("rule", "situation", "settings", "day", "week"), CASES)
def test_weekly_limit_allowed_at_the_limit_refused_past_it(rule, situation, settings, day, week):
    """The days-off rule is left out here (12 hours of 2-hour days need 6 days): it has its own
    table below."""
    limit = getattr(rule, week)
    per_day = getattr(rule, day)
    at_limit = _rule_offer(rule, settings, hours_per_day=per_day, hours_per_week=limit)
    assert _keys(working_time_violations(at_limit)) - {"days-off"} == set()
    past = _rule_offer(rule, settings, hours_per_day=per_day, hours_per_week=limit + 1)
    violations = [v for v in working_time_violations(past) if v.rule_key != "days-off"]
    assert _keys(violations) == {f"{rule.key}-week"}
    assert "(1 time for meget)" in violations[0].message


def test_message_names_the_rule_and_the_excess():
    (violation,) = working_time_violations(offer(hours_per_day=Decimal(3)))
    assert violation.message == (
        "13-14 år i skoleperioden: højst 2 timer på en skoledag – tilbuddet har 3 timer "
        "(1 time for meget)"
    )
    assert violation.field == "hours_per_day"


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
    assert all("239" not in r.source for r in RULES)  # not the 2005 version


def test_an_age_range_across_bands_meets_every_band():
    wide = offer(min_age=13, max_age=17, hours_per_day=Decimal(2), hours_per_week=Decimal(10))
    assert working_time_violations(wide) == []
    wide.hours_per_week = Decimal(13)
    assert _keys(working_time_violations(wide)) >= {"13-14-week", "15-17-school-week"}


def test_not_work_or_adults_only_is_not_checked():
    visit = offer(type=ActivityKind.COMPANY_VISIT, min_age=6, hours_per_day=Decimal(9))
    assert working_time_violations(visit) == []
    adults = offer(min_age=18, max_age=29, hours_per_day=Decimal(10), day_starts_at=None)
    assert working_time_violations(adults) == []


def test_work_for_minors_needs_hours():
    assert _keys(working_time_violations(offer(hours_per_day=None))) == {"hours-missing"}


# --- start and end times are required: without them the night and rest rules go unchecked ---


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (None, None, "day_starts_at"),
        (time(16), None, "day_ends_at"),
        (None, time(17), "day_starts_at"),
    ],
)
def test_work_for_minors_needs_start_and_end_times(starts, ends, field):
    violations = working_time_violations(offer(day_starts_at=starts, day_ends_at=ends))
    assert _keys(violations) == {"times-missing"}
    assert _fields(violations) == {field}
    assert "angiv, hvornår arbejdsdagen begynder og slutter" in violations[0].message


def test_adults_only_work_needs_no_times():
    assert working_time_violations(leaver(min_age=18, max_age=29, day_starts_at=None)) == []


# --- night: no work 20:00-06:00 (pupils and school leavers alike); exceptions by trade --------


NIGHT_BANDS = [
    pytest.param({}, "13-14", id="13-14"),
    pytest.param({"min_age": 15, "max_age": 17}, "15-17-school", id="15-17-school"),
    pytest.param(
        {"for_school_leavers": True, "min_age": 15, "max_age": 17},
        "15-17-finished",
        id="15-17-finished",
    ),
]


@pytest.mark.parametrize(("base", "key"), NIGHT_BANDS)
@pytest.mark.parametrize(
    ("ends", "refused", "late"),
    [(time(19, 59), False, ""), (time(20, 0), False, ""), (time(20, 1), True, "1 minut")],
)
def test_the_working_day_ends_by_20(base, key, ends, refused, late):
    base = offer(**base, day_starts_at=time(18), day_ends_at=ends, hours_per_day=Decimal(2))
    violations = working_time_violations(base)
    assert (_keys(violations) == {f"{key}-night-end"}) is refused
    if refused:
        assert f"({late} for sent)" in violations[0].message
        assert violations[0].field == "day_ends_at"
        assert "natarbejde" in violations[0].source
    else:
        assert violations == []


@pytest.mark.parametrize(("base", "key"), NIGHT_BANDS)
@pytest.mark.parametrize(("starts", "refused"), [(time(5, 59), True), (time(6, 0), False)])
def test_the_working_day_starts_at_6_or_later(base, key, starts, refused):
    base = offer(**base, day_starts_at=starts, day_ends_at=time(8), hours_per_day=Decimal(2))
    assert (_keys(working_time_violations(base)) == {f"{key}-night-start"}) is refused


def test_a_school_leaver_cannot_be_scheduled_until_23_59():
    late = leaver(day_starts_at=time(16), day_ends_at=time(23, 59), break_minutes=60)
    violations = working_time_violations(late)
    assert _keys(violations) == {"15-17-finished-night-end"}
    assert "(3 t. 59 min. for sent)" in violations[0].message


@pytest.mark.parametrize(
    ("exception", "ends", "refused"),
    [
        ("UNTIL_22", time(22, 0), False),
        ("UNTIL_22", time(22, 1), True),
        ("UNTIL_24", time(0, 0), False),
        ("UNTIL_24", time(0, 1), True),
    ],
)
def test_trade_exceptions_let_school_leavers_work_until_22_or_24(exception, ends, refused):
    job = leaver(night_work=exception, day_starts_at=time(16), day_ends_at=ends, break_minutes=60)
    assert (_keys(working_time_violations(job)) == {"15-17-finished-night-end"}) is refused


def test_the_trade_exception_is_not_for_pupils():
    pupils = offer(
        min_age=15, max_age=17, night_work="UNTIL_22", day_starts_at=time(20), day_ends_at=time(22)
    )
    assert _keys(working_time_violations(pupils)) >= {
        "15-17-school-night-end",
        "night-work-pupils",
    }


# --- daily rest (Arbejdsmiljøloven § 62) -------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_daily_rest_allowed_at_the_limit_refused_past_it(rule):
    """The working day from start to end must leave 14 hours of rest (pupils) or 12 (school
    leavers); the day starts at 06:00 so that the night window plays no part."""
    longest = int(24 - rule.rest_hours)

    def violations(ends):
        found = working_time_violations(
            _rule_offer(rule, {}, day_starts_at=time(6, 0), day_ends_at=ends)
        )
        return [v for v in found if not v.rule_key.endswith("night-end")]

    assert violations(time(6 + longest, 0)) == []
    (past,) = violations(time(6 + longest, 30))
    assert past.rule_key == f"{rule.key}-rest"
    assert "Arbejdsmiljøloven § 62" in past.source
    assert f"mindst {rule.rest_hours} timer sammenhængende hvile" in past.message
    assert "(30 minutter for lidt)" in past.message


# --- light work: under 15 and everyone still in compulsory school ----------------------------


@pytest.mark.parametrize(
    ("ages", "leavers", "needed"),
    [
        ((13, 14), False, {"13-14-light-work"}),
        ((14, 16), False, {"13-14-light-work", "15-17-school-light-work"}),
        ((15, 17), False, {"15-17-school-light-work"}),
        ((15, 17), True, set()),
    ],
)
def test_light_work_under_15_and_for_pupils_in_compulsory_school(ages, leavers, needed):
    job = offer(min_age=ages[0], max_age=ages[1], for_school_leavers=leavers, light_work=False)
    violations = working_time_violations(job)
    assert _keys(violations) == needed
    assert all(v.field == "light_work" for v in violations)
    job.light_work = True
    assert working_time_violations(job) == []


def test_a_company_visit_is_not_held_to_light_work():
    assert working_time_violations(offer(type=ActivityKind.COMPANY_VISIT, light_work=False)) == []


# --- break: at least 30 minutes when the day's work is more than 4½ hours ---------------------


@pytest.mark.parametrize(
    ("ends", "pause", "refused"),
    [
        (time(12, 29), 0, False),  # 4 h 29 without a break
        (time(12, 30), 0, False),  # 4 h 30: not more than 4½ hours
        (time(12, 31), 0, True),  # 4 h 31 without a break
        (time(13, 1), 30, False),  # 4 h 31 of work and a 30-minute break
        (time(13, 0), 29, True),  # 4 h 31 of work and a 29-minute break
    ],
)
def test_break_after_four_and_a_half_hours(ends, pause, refused):
    job = leaver(day_starts_at=time(8), day_ends_at=ends, break_minutes=pause)
    violations = working_time_violations(job)
    assert (_keys(violations) == {"break"}) is refused
    if refused:
        assert violations[0].field == "break_minutes"
        assert "mindst 30 minutters pause" in violations[0].message


def test_hours_a_day_over_four_and_a_half_need_a_break_too():
    job = leaver(hours_per_day=Decimal(5), day_starts_at=time(8), day_ends_at=time(14))
    job.break_minutes = 0
    assert "break" in _keys(working_time_violations(job))


# --- two days off in every seven ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("per_day", "per_week", "refused"),
    [("2", "10", False), ("2", "10.5", True), ("8", "40", False), ("7.5", "40", True)],
)
def test_two_days_off_a_week(per_day, per_week, refused):
    job = leaver(
        hours_per_day=Decimal(per_day),
        hours_per_week=Decimal(per_week),
        day_starts_at=time(8),
        day_ends_at=time(16, 30),
    )
    assert ("days-off" in _keys(working_time_violations(job))) is refused


# --- juniormesterlære: 1-2 days in a school week; the school hours count ----------------------


def junior(**values):
    return offer(
        **{
            "type": ActivityKind.JUNIOR_APPRENTICESHIP,
            "min_age": 14,
            "max_age": 14,
            "hours_per_day": Decimal(7),
            "hours_per_week": Decimal(14),
            "day_starts_at": time(8),
            "day_ends_at": time(15, 30),
            **values,
        }
    )


@pytest.mark.parametrize(
    ("ages", "per_day", "per_week", "keys"),
    [
        ((14, 14), "7", "14", set()),  # 2 days + 3 school days of 7 h = 35 h
        ((14, 14), "7", "7", set()),  # 1 day + 4 school days = 35 h
        ((14, 14), "7", "35", {"13-14-junior-days"}),  # a whole week is not juniormesterlære
        ((14, 14), "7.5", "15", {"13-14-junior-day", "13-14-junior-week"}),
        ((15, 15), "8", "16", set()),  # 16 h + 21 h of school = 37 h of 40
        ((15, 15), "8", "24", {"15-17-school-junior-days"}),
    ],
)
def test_juniormesterlaere_counts_the_school_hours(ages, per_day, per_week, keys):
    job = junior(
        min_age=ages[0],
        max_age=ages[1],
        hours_per_day=Decimal(per_day),
        hours_per_week=Decimal(per_week),
        day_ends_at=time(16, 30),
    )
    assert _keys(working_time_violations(job)) == keys


def test_juniormesterlaere_week_message_counts_school_and_company():
    (violation,) = [
        v
        for v in working_time_violations(
            junior(hours_per_day=Decimal("7.5"), hours_per_week=Decimal(15), day_ends_at=time(16))
        )
        if v.rule_key == "13-14-junior-week"
    ]
    assert violation.message == (
        "13-14 år i juniormesterlære: skoletid og tid i virksomheden højst 35 timer om ugen – "
        "15 timer i virksomheden og 21 timer skole på de andre dage er 36 timer "
        "(1 time for meget)"
    )


# --- under 13: no work for an employer; erhvervspraktik as observation only ---------------------


def placement(**values):
    return offer(
        **{
            "type": ActivityKind.WORK_EXPERIENCE,
            "min_age": 12,
            "max_age": 16,
            "hours_per_day": Decimal(6),
            "hours_per_week": Decimal(30),
            "day_starts_at": time(8),
            "day_ends_at": time(14, 30),
            **values,
        }
    )


def test_under_13_work_is_refused():
    violations = working_time_violations(offer(min_age=12))
    assert _keys(violations) == {"min-age"}
    assert "(1 år for ung)" in violations[0].message
    assert working_time_violations(offer(min_age=13)) == []


def test_under_13_work_experience_as_observation_is_allowed():
    assert working_time_violations(placement(under_13_observation=True)) == []
    (refused,) = working_time_violations(placement(under_13_observation=False))
    assert refused.field == "under_13_observation"
    assert "kun observation og arbejdslignende opgaver" in refused.message


def test_under_13_observation_is_held_to_the_13_14_limits():
    only_12 = placement(max_age=12, under_13_observation=True, hours_per_day=Decimal("7.5"))
    assert _keys(working_time_violations(only_12)) == {"13-14-day"}


def test_only_work_experience_takes_under_13_as_observation():
    job = offer(min_age=12, under_13_observation=True)
    assert _keys(working_time_violations(job)) == {"under-13-observation-type"}


def test_the_partner_is_told_what_observation_means():
    keys = {a.key for a in working_time_advice(placement(under_13_observation=True))}
    assert "under-13" in keys
    assert "under-13" not in {a.key for a in working_time_advice(placement(min_age=13))}


# --- what cannot be checked is advice, shown beside the form -----------------------------------


def test_advice_for_school_hours_and_shops():
    keys = {a.key for a in working_time_advice(offer())}
    assert {"school-hours", "shop-alone"} <= keys
    assert working_time_advice(offer(type=ActivityKind.COMPANY_VISIT)) == []
    assert working_time_advice(offer(min_age=18, max_age=29)) == []


# --- what the partner reads: each breach's exact message, the field it is shown on and the law
# it cites. The numbers in the messages are the boundaries above: the limit, the value and the
# excess or shortfall, in hours and minutes as the partner types them.


def _one(violations, key):
    (found,) = [v for v in violations if v.rule_key == key]
    return found


# (offer, key, message, the source names, field)
MESSAGES = [
    pytest.param(
        offer(hours_per_day=Decimal("2.5")),
        "13-14-day",
        "13-14 år i skoleperioden: højst 2 timer på en skoledag – tilbuddet har 2,5 timer "
        "(0,5 timer for meget)",
        "reglerne om arbejdstid",
        "hours_per_day",
        id="school-day",
    ),
    pytest.param(
        offer(works_on_school_days=False, hours_per_day=Decimal(8), day_ends_at=time(20)),
        "13-14-day",
        "13-14 år i skoleperioden: højst 7 timer på en skolefri dag – tilbuddet har 8 timer "
        "(1 time for meget)",
        "reglerne om arbejdstid",
        "hours_per_day",
        id="day-off-in-a-school-week",
    ),
    pytest.param(
        offer(hours_per_week=Decimal(13)),
        "13-14-week",
        "13-14 år i skoleperioden: højst 12 timer i en skoleuge – tilbuddet har 13 timer "
        "(1 time for meget)",
        "reglerne om arbejdstid",
        "hours_per_week",
        id="school-week",
    ),
    pytest.param(
        offer(during_school_period=False, hours_per_week=Decimal(36)),
        "13-14-week",
        "13-14 år uden for skoleperioden: højst 35 timer i en skolefri uge – tilbuddet har "
        "36 timer (1 time for meget)",
        "reglerne om arbejdstid",
        "hours_per_week",
        id="school-free-week",
    ),
    pytest.param(
        offer(
            type=ActivityKind.WORK_EXPERIENCE,
            hours_per_day=Decimal("7.5"),
            hours_per_week=Decimal(30),
            day_starts_at=time(8),
            day_ends_at=time(16),
        ),
        "13-14-day",
        "13-14 år i erhvervspraktik: højst 7 timer på en skolefri dag – tilbuddet har "
        "7,5 timer (0,5 timer for meget)",
        "reglerne om arbejdstid",
        "hours_per_day",
        id="work-experience",
    ),
    pytest.param(
        leaver(hours_per_week=Decimal(41), hours_per_day=Decimal(8), day_ends_at=time(16)),
        "15-17-finished-week",
        "15-17 år, der har afsluttet 9. klasse: højst 40 timer i en skoleuge – tilbuddet har "
        "41 timer (1 time for meget)",
        "reglerne om arbejdstid",
        "hours_per_week",
        id="school-leaver-has-no-school-period",
    ),
    pytest.param(
        offer(light_work=False),
        "13-14-light-work",
        "13-14 år: kun let arbejde – bekræft på tilbuddet, at arbejdet er let og ufarligt, "
        "eller gør tilbuddet kun for unge, der har afsluttet 9. klasse",
        "reglerne om lettere arbejde",
        "light_work",
        id="light-work",
    ),
    pytest.param(
        offer(min_age=15, max_age=17, night_work="UNTIL_22"),
        "night-work-pupils",
        "Undtagelsen for arbejde efter kl. 20 gælder kun unge, der har afsluttet 9. klasse – "
        "vælg »kun for unge, der har afsluttet 9. klasse« eller fjern undtagelsen",
        "reglerne om natarbejde",
        "night_work",
        id="night-exception-for-pupils",
    ),
    pytest.param(
        offer(hours_per_day=None),
        "hours-missing",
        "Arbejde for unge under 18 år: angiv timer pr. dag og timer pr. uge.",
        "arbejdstiden skal kendes",
        "hours_per_day",
        id="hours-a-day-missing",
    ),
    pytest.param(
        offer(hours_per_week=None),
        "hours-missing",
        "Arbejde for unge under 18 år: angiv timer pr. dag og timer pr. uge.",
        "arbejdstiden skal kendes",
        "hours_per_week",
        id="hours-a-week-missing",
    ),
    pytest.param(
        offer(day_ends_at=None),
        "times-missing",
        "Arbejde for unge under 18 år: angiv, hvornår arbejdsdagen begynder og slutter (så "
        "nat- og hvilereglerne kan tjekkes).",
        "arbejdstiden skal kendes",
        "day_ends_at",
        id="times-missing",
    ),
    pytest.param(
        offer(day_starts_at=time(18), day_ends_at=time(20, 1)),
        "13-14-night-end",
        "13-14 år: intet arbejde mellem 20:00 og 06:00 – arbejdsdagen slutter 20:01 "
        "(1 minut for sent)",
        "reglerne om natarbejde",
        "day_ends_at",
        id="night-end",
    ),
    pytest.param(
        offer(day_starts_at=time(5, 59), day_ends_at=time(7)),
        "13-14-night-start",
        "13-14 år: intet arbejde mellem 20:00 og 06:00 – arbejdsdagen begynder 05:59 "
        "(1 minut for tidligt)",
        "reglerne om natarbejde",
        "day_starts_at",
        id="night-start",
    ),
    pytest.param(
        offer(day_starts_at=time(4, 30), day_ends_at=time(7)),
        "13-14-night-start",
        "13-14 år: intet arbejde mellem 20:00 og 06:00 – arbejdsdagen begynder 04:30 "
        "(1 t. 30 min. for tidligt)",
        "reglerne om natarbejde",
        "day_starts_at",
        id="night-start-by-hours-and-minutes",
    ),
    pytest.param(
        leaver(night_work="UNTIL_24", day_starts_at=time(16), day_ends_at=time(0, 1)),
        "15-17-finished-night-end",
        "15-17 år, der har afsluttet 9. klasse: intet arbejde mellem 24:00 og 06:00 – "
        "arbejdsdagen slutter 00:01 (1 minut for sent)",
        "reglerne om natarbejde",
        "day_ends_at",
        id="night-end-past-midnight",
    ),
    pytest.param(
        offer(day_starts_at=time(6), day_ends_at=time(16, 30), hours_per_day=Decimal(2)),
        "13-14-rest",
        "13-14 år: mindst 14 timer sammenhængende hvile i døgnet – arbejdsdagen 06:00–16:30 "
        "giver 13 t. 30 min. (30 minutter for lidt)",
        "Arbejdsmiljøloven § 62",
        "day_ends_at",
        id="rest",
    ),
    pytest.param(
        leaver(day_starts_at=time(8), day_ends_at=time(12, 31), break_minutes=0),
        "break",
        "Unge under 18 år skal have mindst 30 minutters pause, når de arbejder mere end "
        "4½ time om dagen – tilbuddet har 4 t. 31 min. arbejde og ingen pause",
        "reglerne om pauser",
        "break_minutes",
        id="no-break",
    ),
    pytest.param(
        leaver(day_starts_at=time(8), day_ends_at=time(13, 20), break_minutes=20),
        "break",
        "Unge under 18 år skal have mindst 30 minutters pause, når de arbejder mere end "
        "4½ time om dagen – tilbuddet har 5 timer arbejde og 20 minutter pause",
        "reglerne om pauser",
        "break_minutes",
        id="short-break",
    ),
    pytest.param(
        leaver(hours_per_day=Decimal(2), hours_per_week=Decimal("10.5")),
        "days-off",
        "Unge under 18 år skal have 2 fridøgn om ugen – 10,5 timer med højst 2 timer om dagen "
        "kræver 6 arbejdsdage",
        "reglerne om fridøgn",
        "hours_per_week",
        id="days-off",
    ),
]


@pytest.mark.parametrize(("job", "key", "message", "source", "field"), MESSAGES)
def test_each_breach_names_its_rule_its_law_and_its_field(job, key, message, source, field):
    violation = _one(working_time_violations(job), key)
    assert violation.message == message
    assert source in violation.source
    assert "Bekendtgørelse om unges arbejde" in violation.source or "§ 62" in violation.source
    assert violation.field == field


@pytest.mark.parametrize(
    ("ends", "late"),
    [
        (time(20, 59), "59 minutter"),
        (time(21, 0), "1 time"),
        (time(21, 1), "1 t. 1 min."),
        (time(22, 0), "2 timer"),
        (time(22, 1), "2 t. 1 min."),
    ],
)
def test_how_late_is_said_in_hours_and_minutes(ends, late):
    job = leaver(day_starts_at=time(16), day_ends_at=ends, break_minutes=60)
    violation = _one(working_time_violations(job), "15-17-finished-night-end")
    assert violation.message.endswith(f"slutter {ends:%H:%M} ({late} for sent)")


# --- under 13 ------------------------------------------------------------------------------------


def test_under_13_messages_and_fields():
    (job,) = working_time_violations(offer(min_age=11))
    assert job == Violation(
        "min-age",
        "Unge under 13 år må ikke arbejde for en arbejdsgiver – tilbuddet er for unge fra 11 år "
        "(2 år for ung)",
        MINIMUM_AGE_SOURCE,
        field="min_age",
    )
    (practice,) = working_time_violations(placement())
    assert practice == Violation(
        "min-age",
        "Elever under 13 år må ikke arbejde for en arbejdsgiver – tilbuddet er for unge fra 12 "
        "år. Sæt kryds ved »elever under 13 år: kun observation og arbejdslignende opgaver«, "
        "eller gør tilbuddet for unge fra 13 år.",
        MINIMUM_AGE_SOURCE,
        field="under_13_observation",
    )
    (observation,) = working_time_violations(offer(min_age=12, under_13_observation=True))
    assert observation == Violation(
        "under-13-observation-type",
        "Kun erhvervspraktik kan tage imod elever under 13 år som observation.",
        MINIMUM_AGE_SOURCE,
        field="under_13_observation",
    )
    assert "unge under 13 år" in MINIMUM_AGE_SOURCE and "4.01.6" in MINIMUM_AGE_SOURCE


# --- juniormesterlære: the two limits of its own and their messages ------------------------------


def test_juniormesterlaere_messages_fields_and_source():
    found = working_time_violations(
        junior(hours_per_day=Decimal("7.5"), hours_per_week=Decimal(15))
    )
    day = _one(found, "13-14-junior-day")
    assert day.message == (
        "13-14 år i juniormesterlære: højst 7 timer på en dag i virksomheden – tilbuddet har "
        "7,5 timer (0,5 timer for meget)"
    )
    assert day.field == "hours_per_day"
    week = _one(found, "13-14-junior-week")
    assert week.field == "hours_per_week"
    days = _one(working_time_violations(junior(hours_per_week=Decimal(21))), "13-14-junior-days")
    assert days.message == (
        "Juniormesterlære er højst 2 dage om ugen i virksomheden – 21 timer med 7 timer om "
        "dagen er 3 dage"
    )
    assert days.field == "hours_per_week"
    for violation in (day, week, days):
        assert "juniormesterlære" in violation.source and "2/5" in violation.source


@pytest.mark.parametrize(
    ("per_day", "per_week", "keys"),
    [
        ("1", "2", set()),  # two short days
        ("1", "3", {"13-14-junior-days"}),  # three days, however short
        ("0.5", "1.5", {"13-14-junior-days"}),
    ],
)
def test_juniormesterlaere_counts_short_days_as_days(per_day, per_week, keys):
    job = junior(hours_per_day=Decimal(per_day), hours_per_week=Decimal(per_week))
    assert _keys(working_time_violations(job)) == keys


@pytest.mark.parametrize(
    ("per_day", "per_week"), [(None, Decimal(14)), (Decimal(7), None), (None, None)]
)
def test_juniormesterlaere_without_hours_asks_for_them(per_day, per_week):
    job = junior(hours_per_day=per_day, hours_per_week=per_week)
    assert _keys(working_time_violations(job)) == {"hours-missing"}


# --- two days off: short days count as days too --------------------------------------------------


@pytest.mark.parametrize(
    ("per_day", "per_week", "refused"),
    [("1", "5", False), ("1", "6", True), ("0.5", "3", True)],
)
def test_short_days_count_towards_the_two_days_off(per_day, per_week, refused):
    job = offer(hours_per_day=Decimal(per_day), hours_per_week=Decimal(per_week))
    assert ("days-off" in _keys(working_time_violations(job))) is refused


@pytest.mark.parametrize("kind", [ActivityKind.LEISURE_JOB, ActivityKind.JUNIOR_APPRENTICESHIP])
@pytest.mark.parametrize(
    ("per_day", "per_week", "fields"),
    [
        ("0", "5", ["hours_per_day"]),
        ("-1", "5", ["hours_per_day"]),
        ("1", "0", ["hours_per_week"]),
        ("0", "0", ["hours_per_day", "hours_per_week"]),
        ("0.5", "1", []),
    ],
)
def test_hours_must_be_more_than_zero(kind, per_day, per_week, fields):
    """No hours cannot be held to the limits (the days a week cannot be counted from 0 hours a
    day), so an offer for minors with 0 or negative hours is refused, on the field to change."""
    job = offer(
        type=kind, min_age=14, hours_per_day=Decimal(per_day), hours_per_week=Decimal(per_week)
    )
    found = [v for v in working_time_violations(job) if v.rule_key == "hours-not-positive"]
    assert [v.field for v in found] == fields
    for violation in found:
        assert violation.message == (
            "Arbejde for unge under 18 år: timer pr. dag og pr. uge skal være over 0."
        )
        assert "arbejdstiden skal kendes" in violation.source
    assert _keys(working_time_violations(job)) - {"hours-not-positive"} == set()


# --- the break: the hours a day count when they say more than the working day -------------------


@pytest.mark.parametrize(("per_day", "refused"), [("4.5", False), ("5", True)])
def test_hours_a_day_over_four_and_a_half_need_a_break(per_day, refused):
    """The working day 08:00-12:30 is 4½ hours; the hours a day may say more (the rule counts
    whichever is more)."""
    job = leaver(hours_per_day=Decimal(per_day), day_starts_at=time(8), day_ends_at=time(12, 30))
    job.break_minutes = 0
    assert ("break" in _keys(working_time_violations(job))) is refused


def test_a_break_is_not_working_time():
    """08:00-12:45 with a 20-minute break is 4 h 25 min of work: no break is required."""
    job = leaver(day_starts_at=time(8), day_ends_at=time(12, 45), break_minutes=20)
    assert working_time_violations(job) == []


# --- the working day: an end at or before the start is the next day ------------------------------


def test_an_end_at_the_start_is_a_24_hour_day():
    job = leaver(day_starts_at=time(8), day_ends_at=time(8), break_minutes=60)
    found = working_time_violations(job)
    assert _keys(found) >= {"15-17-finished-night-end", "15-17-finished-rest"}
    assert _one(found, "15-17-finished-rest").message.endswith(
        "arbejdsdagen 08:00–08:00 giver 0 timer (12 timer for lidt)"
    )


def test_an_unknown_night_work_value_is_no_exception():
    job = leaver(night_work="UNTIL_23", day_starts_at=time(16), day_ends_at=time(22))
    assert _keys(working_time_violations(job)) == {"15-17-finished-night-end"}


# --- an offer-like object without the optional fields: the strict reading -----------------------


def test_missing_optional_fields_are_read_strictly():
    """Anything with the offer's fields can be checked; a field it lacks is read the strict way:
    a pupil, in the school period, on school days, not confirmed light work, no break, no
    exception, no observation."""
    bare = SimpleNamespace(
        type=ActivityKind.LEISURE_JOB,
        min_age=13,
        max_age=15,
        hours_per_day=Decimal(5),
        hours_per_week=Decimal(10),
        day_starts_at=time(14),
        day_ends_at=time(19, 30),
    )
    found = working_time_violations(bare)
    assert [v.rule_key for v in found] == [
        "13-14-day",
        "13-14-light-work",
        "15-17-school-day",
        "15-17-school-light-work",
        "break",
    ]
    assert _one(found, "break").message.endswith("5 t. 30 min. arbejde og ingen pause")
    assert [a.key for a in working_time_advice(bare)] == [
        "school-hours",
        "shop-alone",
        "tenth-grade-evening",
    ]
    unknown = SimpleNamespace(type=ActivityKind.LEISURE_JOB, min_age=13, max_age=14)
    assert [(v.rule_key, v.field) for v in working_time_violations(unknown)] == [
        ("hours-missing", "hours_per_day"),
        ("times-missing", "day_starts_at"),
        ("13-14-light-work", "light_work"),
    ]


@pytest.mark.parametrize(
    "thing",
    [
        SimpleNamespace(),
        SimpleNamespace(type=ActivityKind.LEISURE_JOB),
        SimpleNamespace(type=ActivityKind.LEISURE_JOB, min_age=13),
        SimpleNamespace(min_age=13, max_age=14),
    ],
)
def test_without_type_and_ages_it_is_not_work_for_minors(thing):
    assert working_time_violations(thing) == []
    assert working_time_advice(thing) == []


# --- the advice: whom each is for, what it says and its source ---------------------------------


@pytest.mark.parametrize(
    ("values", "keys"),
    [
        ({}, ["school-hours", "shop-alone"]),
        ({"max_age": 15}, ["school-hours", "shop-alone", "tenth-grade-evening"]),
        (
            {"min_age": 15, "max_age": 17, "for_school_leavers": True},
            ["shop-alone", "tenth-grade-evening"],
        ),
        ({"type": ActivityKind.WORK_EXPERIENCE}, ["shop-alone"]),
        (
            {"type": ActivityKind.WORK_EXPERIENCE, "min_age": 12, "under_13_observation": True},
            ["shop-alone", "under-13"],
        ),
    ],
)
def test_which_advice_an_offer_gets(values, keys):
    """School hours: pupils in a job (erhvervspraktik replaces school); the evening exception of
    10th-graders: offers open to 15 or older; what observation means: under-13 observation."""
    assert [a.key for a in working_time_advice(offer(**values))] == keys


def test_the_advice_texts_and_sources():
    advice = {
        a.key: a
        for a in working_time_advice(
            offer(type=ActivityKind.LEISURE_JOB, min_age=12, max_age=15, under_13_observation=True)
        )
    }
    assert advice["school-hours"] == Advice(
        "school-hours",
        "Elever må ikke arbejde i skoletiden. På dage med skole tæller skoletiden med, når I "
        "planlægger arbejdstiden: aftal tiderne med den unge og forældrene ud fra skoleskemaet.",
        SOURCE,
    )
    assert advice["shop-alone"] == Advice(
        "shop-alone",
        "Unge under 18 år må ikke arbejde alene i kiosker, bagerbutikker og på tankstationer "
        "efter kl. 18 på hverdage og efter kl. 14 i weekender.",
        SHOP_SOURCE,
    )
    assert advice["tenth-grade-evening"] == Advice(
        "tenth-grade-evening",
        "Elever i 10. klasse kan i brancher med aftenarbejde være omfattet af samme undtagelse "
        "for aftenarbejde som unge, der har afsluttet 9. klasse. Spørg ungesekretariatet, før I "
        "planlægger arbejde efter kl. 20.",
        NIGHT_SOURCE,
    )
    assert advice["under-13"] == Advice(
        "under-13",
        "Elever under 13 år må ikke udføre arbejde for virksomheden. I praktikken følger de "
        "jeres medarbejdere, ser med og prøver arbejdslignende opgaver under opsyn – ikke "
        "produktion, salg eller opgaver, I ellers betaler for.",
        MINIMUM_AGE_SOURCE,
    )
    assert "alenearbejde i butikker" in SHOP_SOURCE and "natarbejde" in NIGHT_SOURCE
