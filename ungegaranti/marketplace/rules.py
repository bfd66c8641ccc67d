"""Working-time rules for minors (under 18), kept as data with their source.

An offer of work is checked against every rule whose age band its age range touches. A breach
blocks publishing (a draft may break them); the partner sees each breach on its field with its
source. Rules the offer does not hold enough facts to check are given to the partner as advice
(`working_time_advice`). Decision 0009 lists which rules are enforced, which are advice, why, and
which version of the executive order the table was written from.

Interpretations (written down so they can be changed in one place):
- Erhvervspraktik replaces school on the days at the company, so those days count as days
  without school: the non-school-day and school-free-week limits apply.
- Juniormesterlære is 1-2 days a week at the company in a school week: a company day is held to
  the non-school-day limit, and the week's company hours plus the school hours of the other days
  to the school-free-week limit (time in school counts as working time for a pupil whose work is
  part of the teaching).
- In the school period an offer that works on school days is held to the school-day limit; one
  that only works on days off (e.g. Saturday) to the non-school-day limit; the week limit of a
  school week applies to both.
- 15-17 year olds count as "still in compulsory school" unless the offer is only for young people
  who have finished 9th grade (Offer.for_school_leavers); they too may only do light work.
- Daily rest (Arbejdsmiljøloven § 62): the working day from its start to its end must leave the
  unbroken rest of the age band (14 hours for pupils and under-15s, 12 for school leavers).
- "Light work only" cannot be read off the hours: the partner confirms it on the offer
  (Offer.light_work).
- Under 13: no work for an employer. Erhvervspraktik may still receive them when the offer says
  it consists of observation and work-like tasks only (Offer.under_13_observation); it is then
  held to the limits of 13-14 year olds, the strictest band.
- The working days a week are at least hours per week / hours per day; more than five leaves
  fewer than two days off.
"""

import math
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ungegaranti.plans.models import ActivityKind

# The executive order is cited without its number: see decision 0009 for the version the rules
# were written from and what must be verified against retsinformation.dk before production.
ORDER = "Bekendtgørelse om unges arbejde (gældende version)"
GUIDANCE = "Arbejdstilsynet »Unges arbejdstid, hviletid og fridøgn«"
SOURCE = f"{ORDER}, reglerne om arbejdstid; {GUIDANCE}"
MINIMUM_AGE_SOURCE = (
    f"{ORDER}, reglerne om unge under 13 år; At-meddelelse 4.01.6 om erhvervspraktik"
)
LIGHT_WORK_SOURCE = f"{ORDER}, reglerne om lettere arbejde (under 15 år og undervisningspligtige)"
NIGHT_SOURCE = f"{ORDER}, reglerne om natarbejde (kl. 20-06, undtagelser for visse brancher)"
BREAK_SOURCE = f"{ORDER}, reglerne om pauser (mindst 30 minutter ved mere end 4½ times arbejde)"
DAYS_OFF_SOURCE = f"{ORDER}, reglerne om fridøgn (2 fridøgn i hver periode på 7 døgn)"
TIMES_SOURCE = f"{ORDER}; arbejdstiden skal kendes for at tjekke nat- og hvilereglerne"
REST_SOURCE = "Arbejdsmiljøloven § 62, stk. 1 (daglig hvileperiode for unge under 18 år)"
JUNIOR_SOURCE = (
    "Folkeskoleloven om juniormesterlære (fra 2025/26, uvm.dk): 1-2 dage om ugen, "
    f"højst 2/5 af undervisningstiden; {ORDER}, reglerne om arbejdstid"
)
SHOP_SOURCE = f"{ORDER}, reglerne om alenearbejde i butikker"

# Offer types that are work for an employer and so fall under the rules.
WORK_TYPES = frozenset(
    {
        ActivityKind.WORK_EXPERIENCE,
        ActivityKind.LEISURE_JOB,
        ActivityKind.INTRO_JOB,
        ActivityKind.JUNIOR_APPRENTICESHIP,
        ActivityKind.APPRENTICESHIP,
    }
)

ADULT_AGE = 18
MINIMUM_WORK_AGE = 13
BREAK_AFTER_MINUTES = 270  # more than 4 h 30 min of work a day ...
BREAK_MINUTES = 30  # ... needs a break of at least 30 minutes
WORKING_DAYS_A_WEEK = 5  # two days off in every seven
JUNIOR_DAYS_A_WEEK = 2
# The school day counted with juniormesterlære: 35 hours a week in 7.-9. klasse
# (folkeskoleloven § 16 a, the length of the school week); verify in decision 0009.
SCHOOL_DAY_HOURS = Decimal(7)
SCHOOL_DAYS_A_WEEK = 5


class NightWork:
    """The night-work exceptions for young people who have finished 9th grade (Offer.night_work):
    the last minute of the working day, counted from midnight."""

    NONE = ""
    UNTIL_22 = "UNTIL_22"
    UNTIL_24 = "UNTIL_24"
    LATEST = {NONE: 20 * 60, UNTIL_22: 22 * 60, UNTIL_24: 24 * 60}


@dataclass(frozen=True)
class WorkingTimeRule:
    key: str
    label: str  # the age group in Danish, e.g. "13-14 år"
    min_age: int
    max_age: int
    still_in_school: bool  # True: in compulsory school; False: finished 9th grade
    school_day_hours: Decimal
    non_school_day_hours: Decimal
    school_week_hours: Decimal
    free_week_hours: Decimal
    night_starts: time  # no work from night_starts ...
    night_ends: time  # ... until night_ends
    night_exceptions: bool  # the trade exceptions (until 22:00 or 24:00) may apply
    rest_hours: Decimal  # unbroken rest in every 24 hours
    light_work_only: bool  # the partner confirms light work on the offer
    source: str


RULES: tuple[WorkingTimeRule, ...] = (
    WorkingTimeRule(
        key="13-14",
        label="13-14 år",
        min_age=13,
        max_age=14,
        still_in_school=True,
        school_day_hours=Decimal(2),
        non_school_day_hours=Decimal(7),
        school_week_hours=Decimal(12),
        free_week_hours=Decimal(35),
        night_starts=time(20, 0),
        night_ends=time(6, 0),
        night_exceptions=False,
        rest_hours=Decimal(14),
        light_work_only=True,
        source=SOURCE,
    ),
    WorkingTimeRule(
        key="15-17-school",
        label="15-17 år i grundskolen",
        min_age=15,
        max_age=17,
        still_in_school=True,
        school_day_hours=Decimal(2),
        non_school_day_hours=Decimal(8),
        school_week_hours=Decimal(12),
        free_week_hours=Decimal(40),
        night_starts=time(20, 0),
        night_ends=time(6, 0),
        night_exceptions=False,
        rest_hours=Decimal(14),
        light_work_only=True,
        source=SOURCE,
    ),
    WorkingTimeRule(
        key="15-17-finished",
        label="15-17 år, der har afsluttet 9. klasse",
        min_age=15,
        max_age=17,
        still_in_school=False,
        school_day_hours=Decimal(8),
        non_school_day_hours=Decimal(8),
        school_week_hours=Decimal(40),
        free_week_hours=Decimal(40),
        night_starts=time(20, 0),
        night_ends=time(6, 0),
        night_exceptions=True,
        rest_hours=Decimal(12),
        light_work_only=False,
        source=SOURCE,
    ),
)


@dataclass(frozen=True)
class Violation:
    rule_key: str
    message: str
    source: str = SOURCE
    field: str = "hours_per_day"  # the offer field to change, shown beside it on the form


@dataclass(frozen=True)
class Advice:
    """A rule the offer cannot show it keeps: the partner is told, publishing is not refused."""

    key: str
    message: str
    source: str


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return _("%(n)s time") % {"n": text} if value == 1 else _("%(n)s timer") % {"n": text}


def _minutes(minutes: int) -> str:
    if minutes % 60 == 0:
        return _hours(Decimal(minutes // 60))
    if minutes > 60:
        return _("%(h)s t. %(m)s min.") % {"h": minutes // 60, "m": minutes % 60}
    if minutes == 1:
        return _("1 minut")
    return _("%(n)s minutter") % {"n": minutes}


def _clock(minutes: int) -> str:
    return "24:00" if minutes == 24 * 60 else f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def rules_for(*, min_age: int, max_age: int, for_school_leavers: bool) -> list[WorkingTimeRule]:
    """The rules whose age band the age range touches (pupils or school leavers at 15-17)."""
    return [
        rule
        for rule in RULES
        if rule.min_age <= max_age
        and min_age <= rule.max_age
        and (rule.max_age < 15 or rule.still_in_school != for_school_leavers)
    ]


def is_work_for_minors(offer: object) -> bool:
    """Whether the rules apply: work for an employer open to someone under 18."""
    min_age = getattr(offer, "min_age", None)
    return (
        getattr(offer, "type", "") in WORK_TYPES
        and min_age is not None
        and getattr(offer, "max_age", None) is not None
        and min_age < ADULT_AGE
    )


def working_time_violations(offer: Any) -> list[Violation]:
    """Every breach of the rules for minors by this offer, each with a Danish message naming the
    rule and by how much it is broken. An empty list: the offer may be published."""
    if not is_work_for_minors(offer):
        return []
    kind = offer.type
    min_age: int = offer.min_age
    max_age: int = offer.max_age
    violations = _under_13_violations(offer, kind, min_age)
    per_day = getattr(offer, "hours_per_day", None)
    per_week = getattr(offer, "hours_per_week", None)
    starts = getattr(offer, "day_starts_at", None)
    ends = getattr(offer, "day_ends_at", None)
    if per_day is None or per_week is None:
        violations.append(
            Violation(
                "hours-missing",
                _("Arbejde for unge under 18 år: angiv timer pr. dag og timer pr. uge."),
                TIMES_SOURCE,
                field="hours_per_day" if per_day is None else "hours_per_week",
            )
        )
    for name, value in (("hours_per_day", per_day), ("hours_per_week", per_week)):
        if value is not None and value <= 0:
            # Nothing is checked against no hours: a day limit holds for -1 hours, and the days
            # a week (days off, juniormesterlære) cannot be counted from 0 hours a day.
            violations.append(
                Violation(
                    "hours-not-positive",
                    _("Arbejde for unge under 18 år: timer pr. dag og pr. uge skal være over 0."),
                    TIMES_SOURCE,
                    field=name,
                )
            )
    if starts is None or ends is None:
        violations.append(
            Violation(
                "times-missing",
                _(
                    "Arbejde for unge under 18 år: angiv, hvornår arbejdsdagen begynder og "
                    "slutter (så nat- og hvilereglerne kan tjekkes)."
                ),
                TIMES_SOURCE,
                field="day_starts_at" if starts is None else "day_ends_at",
            )
        )
    leavers = bool(getattr(offer, "for_school_leavers", False))
    night_work = getattr(offer, "night_work", NightWork.NONE) or NightWork.NONE
    span = _span(starts, ends)
    for rule in rules_for(
        min_age=max(min_age, MINIMUM_WORK_AGE),
        max_age=max(max_age, MINIMUM_WORK_AGE),
        for_school_leavers=leavers,
    ):
        violations += _hour_violations(rule, offer, kind, per_day, per_week)
        if span is not None:
            violations += _night_violations(rule, span, night_work)
            violations += _rest_violations(rule, span)
        if rule.light_work_only and not getattr(offer, "light_work", False):
            violations.append(
                Violation(
                    f"{rule.key}-light-work",
                    _(
                        "%(rule)s: kun let arbejde – bekræft på tilbuddet, at arbejdet er let "
                        "og ufarligt, eller gør tilbuddet kun for unge, der har afsluttet "
                        "9. klasse"
                    )
                    % {"rule": rule.label},
                    LIGHT_WORK_SOURCE,
                    field="light_work",
                )
            )
    if night_work and not leavers:
        violations.append(
            Violation(
                "night-work-pupils",
                _(
                    "Undtagelsen for arbejde efter kl. 20 gælder kun unge, der har afsluttet "
                    "9. klasse – vælg »kun for unge, der har afsluttet 9. klasse« eller fjern "
                    "undtagelsen"
                ),
                NIGHT_SOURCE,
                field="night_work",
            )
        )
    violations += _break_violations(per_day, span, getattr(offer, "break_minutes", 0) or 0)
    violations += _days_off_violations(per_day, per_week)
    return violations


def _under_13_violations(offer: object, kind: str, min_age: int) -> list[Violation]:
    observation = bool(getattr(offer, "under_13_observation", False))
    if observation and kind != ActivityKind.WORK_EXPERIENCE:
        return [
            Violation(
                "under-13-observation-type",
                _("Kun erhvervspraktik kan tage imod elever under 13 år som observation."),
                MINIMUM_AGE_SOURCE,
                field="under_13_observation",
            )
        ]
    if min_age >= MINIMUM_WORK_AGE or observation:
        return []
    if kind == ActivityKind.WORK_EXPERIENCE:
        message = _(
            "Elever under 13 år må ikke arbejde for en arbejdsgiver – tilbuddet er for unge fra "
            "%(age)s år. Sæt kryds ved »elever under 13 år: kun observation og "
            "arbejdslignende opgaver«, eller gør tilbuddet for unge fra 13 år."
        ) % {"age": min_age}
        field = "under_13_observation"
    else:
        message = _(
            "Unge under 13 år må ikke arbejde for en arbejdsgiver – tilbuddet er for unge fra "
            "%(age)s år (%(short)s for ung)"
        ) % {"age": min_age, "short": _("%(n)s år") % {"n": MINIMUM_WORK_AGE - min_age}}
        field = "min_age"
    return [Violation("min-age", message, MINIMUM_AGE_SOURCE, field=field)]


def _hour_violations(
    rule: WorkingTimeRule,
    offer: object,
    kind: str,
    per_day: Decimal | None,
    per_week: Decimal | None,
) -> list[Violation]:
    if kind == ActivityKind.JUNIOR_APPRENTICESHIP and rule.still_in_school:
        return _junior_violations(rule, per_day, per_week)
    instead_of_school = kind == ActivityKind.WORK_EXPERIENCE
    school_period = bool(getattr(offer, "during_school_period", True)) and not instead_of_school
    if school_period:
        period_text = _("i skoleperioden")
        if getattr(offer, "works_on_school_days", True):
            day_limit, day_text = rule.school_day_hours, _("på en skoledag")
        else:
            day_limit, day_text = rule.non_school_day_hours, _("på en skolefri dag")
        week_limit, week_text = rule.school_week_hours, _("i en skoleuge")
    else:
        period_text = _("i erhvervspraktik") if instead_of_school else _("uden for skoleperioden")
        day_limit, day_text = rule.non_school_day_hours, _("på en skolefri dag")
        week_limit, week_text = rule.free_week_hours, _("i en skolefri uge")
    prefix = f"{rule.label} {period_text if rule.still_in_school else ''}".strip()
    found = []
    for value, limit, text, key in (
        (per_day, day_limit, day_text, "day"),
        (per_week, week_limit, week_text, "week"),
    ):
        if value is not None and Decimal(value) > limit:
            found.append(
                Violation(
                    f"{rule.key}-{key}",
                    _(
                        "%(rule)s: højst %(limit)s %(when)s – tilbuddet har %(value)s "
                        "(%(excess)s for meget)"
                    )
                    % {
                        "rule": prefix,
                        "limit": _hours(limit),
                        "when": text,
                        "value": _hours(Decimal(value)),
                        "excess": _hours(Decimal(value) - limit),
                    },
                    rule.source,
                    field=f"hours_per_{key}",
                )
            )
    return found


def _junior_violations(
    rule: WorkingTimeRule, per_day: Decimal | None, per_week: Decimal | None
) -> list[Violation]:
    """Juniormesterlære: a company day instead of a school day; the week is a school week whose
    school hours on the other days count with the company hours."""
    if per_day is None or per_week is None or per_day <= 0:
        return []
    found = []
    if per_day > rule.non_school_day_hours:
        found.append(
            Violation(
                f"{rule.key}-junior-day",
                _(
                    "%(rule)s i juniormesterlære: højst %(limit)s på en dag i virksomheden – "
                    "tilbuddet har %(value)s (%(excess)s for meget)"
                )
                % {
                    "rule": rule.label,
                    "limit": _hours(rule.non_school_day_hours),
                    "value": _hours(per_day),
                    "excess": _hours(per_day - rule.non_school_day_hours),
                },
                JUNIOR_SOURCE,
                field="hours_per_day",
            )
        )
    days = math.ceil(per_week / per_day)
    if days > JUNIOR_DAYS_A_WEEK:
        found.append(
            Violation(
                f"{rule.key}-junior-days",
                _(
                    "Juniormesterlære er højst %(max)s dage om ugen i virksomheden – "
                    "%(week)s med %(day)s om dagen er %(days)s dage"
                )
                % {
                    "max": JUNIOR_DAYS_A_WEEK,
                    "week": _hours(per_week),
                    "day": _hours(per_day),
                    "days": days,
                },
                JUNIOR_SOURCE,
                field="hours_per_week",
            )
        )
        return found
    school = SCHOOL_DAY_HOURS * max(SCHOOL_DAYS_A_WEEK - days, 0)
    total = per_week + school
    if total > rule.free_week_hours:
        found.append(
            Violation(
                f"{rule.key}-junior-week",
                _(
                    "%(rule)s i juniormesterlære: skoletid og tid i virksomheden højst %(limit)s "
                    "om ugen – %(week)s i virksomheden og %(school)s skole på de andre dage er "
                    "%(total)s (%(excess)s for meget)"
                )
                % {
                    "rule": rule.label,
                    "limit": _hours(rule.free_week_hours),
                    "week": _hours(per_week),
                    "school": _hours(school),
                    "total": _hours(total),
                    "excess": _hours(total - rule.free_week_hours),
                },
                JUNIOR_SOURCE,
                field="hours_per_week",
            )
        )
    return found


def _span(starts: time | None, ends: time | None) -> tuple[int, int] | None:
    """The working day as minutes from midnight; an end at or before the start is the next day
    (00:00 is midnight at the end of the day)."""
    if starts is None or ends is None:
        return None
    start = starts.hour * 60 + starts.minute
    end = ends.hour * 60 + ends.minute
    return start, end if end > start else end + 24 * 60


def _rest_violations(rule: WorkingTimeRule, span: tuple[int, int]) -> list[Violation]:
    """The working day, from its start to its end, must leave the rule's unbroken rest."""
    start, end = span
    rest = 24 * 60 - (end - start)
    needed = int(rule.rest_hours * 60)
    if rest >= needed:
        return []
    return [
        Violation(
            f"{rule.key}-rest",
            _(
                "%(rule)s: mindst %(needed)s sammenhængende hvile i døgnet – arbejdsdagen "
                "%(start)s–%(end)s giver %(rest)s (%(short)s for lidt)"
            )
            % {
                "rule": rule.label,
                "needed": _hours(rule.rest_hours),
                "start": _clock(start),
                "end": _clock(end),
                "rest": _minutes(max(rest, 0)),
                "short": _minutes(needed - max(rest, 0)),
            },
            REST_SOURCE,
            field="day_ends_at",
        )
    ]


def _night_violations(
    rule: WorkingTimeRule, span: tuple[int, int], night_work: str
) -> list[Violation]:
    start, end = span
    night_starts = rule.night_starts.hour * 60 + rule.night_starts.minute
    if rule.night_exceptions:
        night_starts = NightWork.LATEST.get(night_work, night_starts)
    night_ends = rule.night_ends.hour * 60 + rule.night_ends.minute
    night = _("%(rule)s: intet arbejde mellem %(start)s og %(end)s") % {
        "rule": rule.label,
        "start": _clock(night_starts),
        "end": _clock(night_ends),
    }
    found = []
    if end > night_starts:
        found.append(
            Violation(
                f"{rule.key}-night-end",
                _("%(night)s – arbejdsdagen slutter %(at)s (%(by)s for sent)")
                % {"night": night, "at": _clock(end), "by": _minutes(end - night_starts)},
                NIGHT_SOURCE,
                field="day_ends_at",
            )
        )
    if start < night_ends:
        found.append(
            Violation(
                f"{rule.key}-night-start",
                _("%(night)s – arbejdsdagen begynder %(at)s (%(by)s for tidligt)")
                % {"night": night, "at": _clock(start), "by": _minutes(night_ends - start)},
                NIGHT_SOURCE,
                field="day_starts_at",
            )
        )
    return found


def _break_violations(
    per_day: Decimal | None, span: tuple[int, int] | None, break_minutes: int
) -> list[Violation]:
    """More than 4 h 30 min of work in a day needs a break of at least 30 minutes. The work is
    the working day less its break, or the hours a day if they say more."""
    worked = [int(Decimal(per_day) * 60)] if per_day is not None else []
    if span is not None:
        worked.append(span[1] - span[0] - break_minutes)
    if not worked or max(worked) <= BREAK_AFTER_MINUTES or break_minutes >= BREAK_MINUTES:
        return []
    return [
        Violation(
            "break",
            _(
                "Unge under 18 år skal have mindst 30 minutters pause, når de arbejder mere "
                "end 4½ time om dagen – tilbuddet har %(worked)s arbejde og %(pause)s pause"
            )
            % {
                "worked": _minutes(max(worked)),
                "pause": _minutes(break_minutes) if break_minutes else _("ingen"),
            },
            BREAK_SOURCE,
            field="break_minutes",
        )
    ]


def _days_off_violations(per_day: Decimal | None, per_week: Decimal | None) -> list[Violation]:
    if per_day is None or per_week is None or per_day <= 0:
        return []
    days = math.ceil(Decimal(per_week) / Decimal(per_day))
    if days <= WORKING_DAYS_A_WEEK:
        return []
    return [
        Violation(
            "days-off",
            _(
                "Unge under 18 år skal have 2 fridøgn om ugen – %(week)s med højst %(day)s om "
                "dagen kræver %(days)s arbejdsdage"
            )
            % {"week": _hours(Decimal(per_week)), "day": _hours(Decimal(per_day)), "days": days},
            DAYS_OFF_SOURCE,
            field="hours_per_week",
        )
    ]


def working_time_advice(offer: Any) -> list[Advice]:
    """The rules the offer cannot show it keeps (it does not know the pupil's timetable or who
    else is in the shop): the partner is told them beside the form and on the offer page."""
    if not is_work_for_minors(offer):
        return []
    kind = offer.type
    leavers = bool(getattr(offer, "for_school_leavers", False))
    advice = []
    if not leavers and kind != ActivityKind.WORK_EXPERIENCE:
        advice.append(
            Advice(
                "school-hours",
                _(
                    "Elever må ikke arbejde i skoletiden. På dage med skole tæller skoletiden "
                    "med, når I planlægger arbejdstiden: aftal tiderne med den unge og forældrene "
                    "ud fra skoleskemaet."
                ),
                SOURCE,
            )
        )
    advice.append(
        Advice(
            "shop-alone",
            _(
                "Unge under 18 år må ikke arbejde alene i kiosker, bagerbutikker og på "
                "tankstationer efter kl. 18 på hverdage og efter kl. 14 i weekender."
            ),
            SHOP_SOURCE,
        )
    )
    if getattr(offer, "max_age", 0) >= 15:
        advice.append(
            Advice(
                "tenth-grade-evening",
                _(
                    "Elever i 10. klasse kan i brancher med aftenarbejde være omfattet af "
                    "samme undtagelse for aftenarbejde som unge, der har afsluttet 9. klasse. "
                    "Spørg ungesekretariatet, før I planlægger arbejde efter kl. 20."
                ),
                NIGHT_SOURCE,
            )
        )
    if getattr(offer, "under_13_observation", False):
        advice.append(
            Advice(
                "under-13",
                _(
                    "Elever under 13 år må ikke udføre arbejde for virksomheden. I praktikken "
                    "følger de jeres medarbejdere, ser med og prøver arbejdslignende opgaver "
                    "under opsyn – ikke produktion, salg eller opgaver, I ellers betaler for."
                ),
                MINIMUM_AGE_SOURCE,
            )
        )
    return advice
