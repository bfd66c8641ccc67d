"""Working-time rules for minors (under 18), kept as data with their source.

An offer of work is checked against every rule whose age band its age range touches. A breach
blocks publishing (a draft may break them). The table follows Arbejdstilsynet's guidance
"Unges arbejdstid, hviletid og fridøgn" on Bekendtgørelse om unges arbejde (BEK nr. 239 af
6. april 2005 med senere ændringer); see docs/decisions and ../shared/domain.md.

Interpretations (written down so they can be changed in one place):
- Erhvervspraktik and juniormesterlære replace school on the days at the company, so those days
  count as days without school: the non-school-day and school-free-week limits apply.
- In the school period an offer that works on school days is held to the school-day limit; one
  that only works on days off (e.g. Saturday) to the non-school-day limit; the week limit of a
  school week applies to both.
- 15-17 year olds count as "still in school" unless the offer is only for young people who have
  finished 9th grade (Offer.for_school_leavers).
- Daily rest (Arbejdsmiljøloven § 62): the working day from its start to its end must leave the
  unbroken rest of the age band (14 hours for pupils and under-15s, 12 for school leavers).
- "Light work only" for 13-14 cannot be read off the hours: the partner confirms it on the offer
  (Offer.light_work), and an offer open to 13-14 year olds cannot be published without it.
- Not checked: the night-work exceptions for school leavers by trade, working alone in shops
  after 18:00 (14:00 at weekends), two days off a week; the offer does not say enough.
"""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.utils.translation import gettext as _

from ungegaranti.plans.models import ActivityKind

SOURCE = (
    "Arbejdstilsynet: Bekendtgørelse om unges arbejde (BEK nr. 239 af 06/04/2005) og "
    "arbejdstilsynet.dk »Unges arbejdstid, hviletid og fridøgn«"
)
REST_SOURCE = "Arbejdsmiljøloven § 62, stk. 1 (daglig hvileperiode for unge under 18 år)"

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
# Days at the company instead of school (see the module docstring).
INSTEAD_OF_SCHOOL_TYPES = frozenset(
    {ActivityKind.WORK_EXPERIENCE, ActivityKind.JUNIOR_APPRENTICESHIP}
)

ADULT_AGE = 18


@dataclass(frozen=True)
class MinimumAgeRule:
    min_age: int
    label: str
    source: str


@dataclass(frozen=True)
class WorkingTimeRule:
    key: str
    label: str  # the age group in Danish, e.g. "13-14 år"
    min_age: int
    max_age: int
    still_in_school: bool  # True: pupils; False: finished 9th grade
    school_day_hours: Decimal
    non_school_day_hours: Decimal
    school_week_hours: Decimal
    free_week_hours: Decimal
    night_starts: time | None  # no work from night_starts ...
    night_ends: time | None  # ... until night_ends (pupils)
    rest_hours: Decimal  # unbroken rest in every 24 hours
    light_work_only: bool  # 13-14: only light work (the partner confirms it on the offer)
    source: str


MINIMUM_AGE = MinimumAgeRule(
    min_age=13,
    label="Under 13 år: intet arbejde for en arbejdsgiver (undtagen kulturelt arbejde med tilladelse)",
    source=SOURCE,
)

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
        rest_hours=Decimal(14),
        light_work_only=True,
        source=SOURCE,
    ),
    WorkingTimeRule(
        key="15-17-school",
        label="15-17 år i skole",
        min_age=15,
        max_age=17,
        still_in_school=True,
        school_day_hours=Decimal(2),
        non_school_day_hours=Decimal(8),
        school_week_hours=Decimal(12),
        free_week_hours=Decimal(40),
        night_starts=time(20, 0),
        night_ends=time(6, 0),
        rest_hours=Decimal(14),
        light_work_only=False,
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
        night_starts=None,
        night_ends=None,
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
    field: str = "hours_per_day"  # the offer field to change, for a link to it on the form


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return _("%(n)s time") % {"n": text} if value == 1 else _("%(n)s timer") % {"n": text}


def _minutes(minutes: int) -> str:
    if minutes % 60 == 0:
        return _hours(Decimal(minutes // 60))
    if minutes == 1:
        return _("1 minut")
    return _("%(n)s minutter") % {"n": minutes}


def rules_for(*, min_age: int, max_age: int, for_school_leavers: bool) -> list[WorkingTimeRule]:
    """The rules whose age band the age range touches (pupils or school leavers at 15-17)."""
    return [
        rule
        for rule in RULES
        if rule.min_age <= max_age
        and min_age <= rule.max_age
        and (rule.max_age < 15 or rule.still_in_school != for_school_leavers)
    ]


def working_time_violations(offer: object) -> list[Violation]:
    """Every breach of the rules for minors by this offer, each with a Danish message naming the
    rule and by how much it is broken. An empty list: the offer may be published."""
    kind = getattr(offer, "type", "")
    min_age = getattr(offer, "min_age", None)
    max_age = getattr(offer, "max_age", None)
    if kind not in WORK_TYPES or min_age is None or max_age is None or min_age >= ADULT_AGE:
        return []
    violations: list[Violation] = []
    if min_age < MINIMUM_AGE.min_age:
        violations.append(
            Violation(
                "min-age",
                _(
                    "Unge under 13 år må ikke arbejde for en arbejdsgiver – tilbuddet er for "
                    "unge fra %(age)s år (%(short)s for ung)"
                )
                % {
                    "age": min_age,
                    "short": _("%(n)s år") % {"n": MINIMUM_AGE.min_age - min_age},
                },
                MINIMUM_AGE.source,
                field="min_age",
            )
        )
    per_day = getattr(offer, "hours_per_day", None)
    per_week = getattr(offer, "hours_per_week", None)
    if per_day is None or per_week is None:
        violations.append(
            Violation(
                "hours-missing",
                _("Arbejde for unge under 18 år: angiv timer pr. dag og timer pr. uge."),
            )
        )
    instead_of_school = kind in INSTEAD_OF_SCHOOL_TYPES
    school_period = bool(getattr(offer, "during_school_period", True)) and not instead_of_school
    on_school_days = bool(getattr(offer, "works_on_school_days", True))
    leavers = bool(getattr(offer, "for_school_leavers", False))
    starts = getattr(offer, "day_starts_at", None)
    ends = getattr(offer, "day_ends_at", None)
    for rule in rules_for(
        min_age=max(min_age, MINIMUM_AGE.min_age), max_age=max_age, for_school_leavers=leavers
    ):
        if school_period:
            period_text = _("i skoleperioden")
            if on_school_days:
                day_limit, day_text = rule.school_day_hours, _("på en skoledag")
            else:
                day_limit, day_text = rule.non_school_day_hours, _("på en skolefri dag")
            week_limit, week_text = rule.school_week_hours, _("i en skoleuge")
        else:
            period_text = (
                _("i erhvervspraktik/juniormesterlære")
                if instead_of_school
                else _("uden for skoleperioden")
            )
            day_limit, day_text = rule.non_school_day_hours, _("på en skolefri dag")
            week_limit, week_text = rule.free_week_hours, _("i en skolefri uge")
        if not rule.still_in_school:
            period_text = ""
        prefix = f"{rule.label} {period_text}".strip()
        for value, limit, text, key in (
            (per_day, day_limit, day_text, "day"),
            (per_week, week_limit, week_text, "week"),
        ):
            if value is not None and Decimal(value) > limit:
                violations.append(
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
        if rule.night_starts is not None and rule.night_ends is not None:
            violations += _night_violations(rule, starts, ends)
        violations += _rest_violations(rule, starts, ends)
        if rule.light_work_only and not getattr(offer, "light_work", False):
            violations.append(
                Violation(
                    f"{rule.key}-light-work",
                    _(
                        "%(rule)s: kun let arbejde – bekræft på tilbuddet, at arbejdet er let "
                        "og ufarligt, eller gør tilbuddet for unge fra 15 år"
                    )
                    % {"rule": rule.label},
                    rule.source,
                    field="light_work",
                )
            )
    return violations


def _rest_violations(rule: WorkingTimeRule, starts: time | None, ends: time | None) -> list:
    """The working day, from its start to its end, must leave the rule's unbroken rest."""
    if starts is None or ends is None:
        return []
    rest = 24 * 60 - _minutes_between(starts, ends)
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
                "start": starts.strftime("%H:%M"),
                "end": ends.strftime("%H:%M"),
                "rest": _minutes(rest),
                "short": _minutes(needed - rest),
            },
            REST_SOURCE,
            field="day_ends_at",
        )
    ]


def _night_violations(rule: WorkingTimeRule, starts: time | None, ends: time | None) -> list:
    assert rule.night_starts is not None and rule.night_ends is not None
    night = _("%(rule)s (elever): intet arbejde mellem %(start)s og %(end)s") % {
        "rule": rule.label,
        "start": rule.night_starts.strftime("%H:%M"),
        "end": rule.night_ends.strftime("%H:%M"),
    }
    found = []
    if ends is not None and (ends > rule.night_starts or (starts and ends < starts)):
        late = _minutes_between(rule.night_starts, ends)
        found.append(
            Violation(
                f"{rule.key}-night-end",
                _("%(night)s – arbejdsdagen slutter %(at)s (%(by)s for sent)")
                % {"night": night, "at": ends.strftime("%H:%M"), "by": _minutes(late)},
                rule.source,
                field="day_ends_at",
            )
        )
    if starts is not None and starts < rule.night_ends:
        early = _minutes_between(starts, rule.night_ends)
        found.append(
            Violation(
                f"{rule.key}-night-start",
                _("%(night)s – arbejdsdagen begynder %(at)s (%(by)s for tidligt)")
                % {"night": night, "at": starts.strftime("%H:%M"), "by": _minutes(early)},
                rule.source,
                field="day_starts_at",
            )
        )
    return found


def _minutes_between(earlier: time, later: time) -> int:
    minutes = (later.hour * 60 + later.minute) - (earlier.hour * 60 + earlier.minute)
    return minutes % (24 * 60)
