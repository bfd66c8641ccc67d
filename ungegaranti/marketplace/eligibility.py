"""Who an offer is for: the one statement of the age, grade, school-leaver and support rules.

Plain Python over plain values (no Django, no database), so the marketplace (may this young
person apply?), the work-experience rounds (may this pupil wish it?) and the instance builder
(the `grades` an offer admits in the allocation format) all ask the same rule. The allocation
engine keeps its own copy as the format's rule (docs/allocation-format.md, "Eligible");
tests/test_eligibility.py checks that the two agree.

The rules, as the offer states them:
- one reference date for age and grade (`reference_day`): the day the period begins, or today
  once it has begun. The grade is the class's grade in its school year projected to that day:
  one up at each 1 August, the start of the school year (`grade_on`, `class_grade_on`); from
  1 July a 9th-grader has finished 9th grade (the summer holiday has begun: `school_year_over`);
- age: `min_age <= age <= max_age` on the reference day;
- grade: an offer without a grade limit is open to everyone, also those not in a class; with a
  limit (a missing end is 0. or 10. klasse) only pupils in a class within it;
- school leavers: an offer only for young people who have finished 9th grade
  (`for_school_leavers`) refuses pupils in 0.-9. klasse;
- support: a pupil in the support track is placed by a round only on an offer suited to support
  needs. In the marketplace a young person chooses for themselves, so there it is no refusal.
"""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from ungegaranti.core.schoolyear import FIRST_MONTH, school_year_bounds, school_year_of

FIRST_GRADE = 0
LAST_GRADE = 10
LAST_COMPULSORY_GRADE = 9  # "har afsluttet 9. klasse"


class Refusal(Enum):
    """Why an offer is not for a young person; callers word it for their page."""

    AGE = "age"
    GRADE = "grade"
    SCHOOL_LEAVERS = "school_leavers"
    SUPPORT = "support"


@dataclass(frozen=True)
class OfferTerms:
    """What an offer says about whom it is for (the fields of marketplace.Offer)."""

    min_age: int
    max_age: int
    min_grade: int | None = None
    max_grade: int | None = None
    for_school_leavers: bool = False
    suits_support_needs: bool = False

    @classmethod
    def of(cls, offer: Any) -> "OfferTerms":
        """The terms of a marketplace Offer (or anything with its fields)."""
        return cls(
            min_age=offer.min_age,
            max_age=offer.max_age,
            min_grade=offer.min_grade,
            max_grade=offer.max_grade,
            for_school_leavers=bool(offer.for_school_leavers),
            suits_support_needs=bool(offer.suits_support_needs),
        )

    @property
    def grade_limited(self) -> bool:
        return self.min_grade is not None or self.max_grade is not None

    @property
    def grade_bounds(self) -> tuple[int, int]:
        """The grade limit with its missing ends filled in (0. and 10. klasse)."""
        low = self.min_grade if self.min_grade is not None else FIRST_GRADE
        high = self.max_grade if self.max_grade is not None else LAST_GRADE
        return low, high


@dataclass(frozen=True)
class Candidate:
    """A young person as the rules see them."""

    age: int
    grade: int | None  # None: not in a class
    support: bool = False
    school_year_over: bool = False  # the reference day is after the school year's last month


SCHOOL_YEAR_STARTS = (FIRST_MONTH, 1)  # 1 August (folkeskoleloven: the school year begins 1 August)
SUMMER_HOLIDAY_MONTH = 7  # in July the year's grade is finished and the next not begun


def grade_on(grade: int | None, *, today: date, day: date) -> int | None:
    """The grade on `day` of a pupil in `grade` today: one up for each 1 August after today up
    to `day` (at most 10. klasse)."""
    if grade is None:
        return None
    month, first = SCHOOL_YEAR_STARTS
    years = sum(
        1 for year in range(today.year, day.year + 1) if today < date(year, month, first) <= day
    )
    return min(grade + years, LAST_GRADE)


def class_grade_on(grade: int | None, *, school_year: int, day: date) -> int | None:
    """The grade on `day` of a pupil in a class of `grade` in the school year `school_year`.
    A class carries its own school year, which need not be today's: next year's classes may be
    imported in June, and last year's stay until the new list comes. So the grade holds in the
    class's year, not today: one down for each school year `day` lies before it, and `grade_on`
    from the first day of that year (one up at each 1 August after it)."""
    if grade is None:
        return None
    back = max(0, school_year - school_year_of(day))
    first_day, _ = school_year_bounds(school_year - back)
    return grade_on(max(grade - back, FIRST_GRADE), today=first_day, day=day)


def school_year_over(day: date) -> bool:
    return day.month == SUMMER_HOLIDAY_MONTH


def candidate_on(
    *,
    birth_date: date,
    grade: int | None,
    day: date,
    today: date | None = None,
    school_year: int | None = None,
    support: bool = False,
) -> Candidate:
    """A young person as the rules see them on the reference day `day`. `grade` is their
    class's grade in its school year `school_year` (`class_grade_on`) or, without one, today's
    grade (`grade_on`)."""
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    if school_year is not None:
        grade = class_grade_on(grade, school_year=school_year, day=day)
    else:
        if today is None:
            raise TypeError("candidate_on needs the class's school year or today")
        grade = grade_on(grade, today=today, day=day)
    return Candidate(
        age=age,
        grade=grade,
        support=support,
        school_year_over=school_year_over(day),
    )


def reference_day(*, start_date: date, today: date) -> date:
    """The day a young person's age and grade are taken for a period: its first day, or today
    once it has begun."""
    return max(start_date, today)


def refusals(terms: OfferTerms, candidate: Candidate, *, support_matters: bool) -> list[Refusal]:
    """Every rule of the offer the young person does not meet, in the order above. Empty: the
    offer is for them. `support_matters`: whether the support rule applies (rounds, yes;
    the marketplace, no)."""
    found = []
    if not terms.min_age <= candidate.age <= terms.max_age:
        found.append(Refusal.AGE)
    if not within_grades(terms, candidate.grade):
        found.append(Refusal.GRADE)
    if (
        terms.for_school_leavers
        and candidate.grade is not None
        and candidate.grade <= LAST_COMPULSORY_GRADE
        and not (candidate.grade == LAST_COMPULSORY_GRADE and candidate.school_year_over)
        and Refusal.GRADE not in found
    ):
        found.append(Refusal.SCHOOL_LEAVERS)
    if support_matters and candidate.support and not terms.suits_support_needs:
        found.append(Refusal.SUPPORT)
    return found


def within_grades(terms: OfferTerms, grade: int | None) -> bool:
    """Whether a grade (None: not in a class) is inside the offer's grade limit, if it has one."""
    if not terms.grade_limited:
        return True
    low, high = terms.grade_bounds
    return grade is not None and low <= grade <= high


def admitted_grades(terms: OfferTerms) -> list[int]:
    """The grades (0-10) whose pupils the offer admits: the `grades` of the allocation format."""
    low, high = terms.grade_bounds
    return [
        grade
        for grade in range(FIRST_GRADE, LAST_GRADE + 1)
        if low <= grade <= high
        and not (terms.for_school_leavers and grade <= LAST_COMPULSORY_GRADE)
    ]
