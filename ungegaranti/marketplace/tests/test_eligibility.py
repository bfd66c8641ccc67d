"""Who an offer is for (marketplace.eligibility), rule by rule at its boundaries.

The rules are the offer's own terms (min/max age, min/max grade, "kun for unge, der har afsluttet
9. klasse", "tilrettelagt til elever i støttesporet"); the age is taken on the first day of the
period, or today once it has begun. No database.
"""

from datetime import date

import pytest

from ungegaranti.marketplace.eligibility import (
    Candidate,
    OfferTerms,
    Refusal,
    admitted_grades,
    reference_day,
    refusals,
    within_grades,
)


def why(terms, *, age=15, grade=8, support=False, support_matters=True):
    return refusals(
        terms, Candidate(age=age, grade=grade, support=support), support_matters=support_matters
    )


@pytest.mark.parametrize(
    ("age", "refused"), [(12, True), (13, False), (15, False), (17, False), (18, True)]
)
def test_age_boundaries_are_inclusive(age, refused):
    assert (Refusal.AGE in why(OfferTerms(min_age=13, max_age=17), age=age)) is refused


@pytest.mark.parametrize(
    ("grade", "refused"), [(6, True), (7, False), (9, False), (10, True), (None, True)]
)
def test_grade_limit_is_inclusive_and_refuses_those_not_in_a_class(grade, refused):
    terms = OfferTerms(min_age=13, max_age=17, min_grade=7, max_grade=9)
    assert (Refusal.GRADE in why(terms, grade=grade)) is refused


def test_no_grade_limit_admits_everyone_also_those_not_in_a_class():
    terms = OfferTerms(min_age=13, max_age=17)
    assert why(terms, grade=None) == []
    assert why(terms, grade=0) == why(terms, grade=10) == []
    assert admitted_grades(terms) == list(range(0, 11))


@pytest.mark.parametrize(
    ("min_grade", "max_grade", "low", "high"),
    [(8, None, 8, 10), (None, 8, 0, 8), (0, 0, 0, 0), (10, 10, 10, 10)],
)
def test_a_missing_end_of_the_grade_limit_is_0_or_10(min_grade, max_grade, low, high):
    terms = OfferTerms(min_age=13, max_age=17, min_grade=min_grade, max_grade=max_grade)
    assert terms.grade_bounds == (low, high)
    assert admitted_grades(terms) == list(range(low, high + 1))
    assert within_grades(terms, low) and within_grades(terms, high)
    assert not within_grades(terms, low - 1) and not within_grades(terms, high + 1)


@pytest.mark.parametrize(("grade", "refused"), [(8, True), (9, True), (10, False), (None, False)])
def test_school_leavers_only_refuses_pupils_up_to_9th_grade(grade, refused):
    terms = OfferTerms(min_age=15, max_age=17, for_school_leavers=True)
    assert (Refusal.SCHOOL_LEAVERS in why(terms, grade=grade)) is refused
    assert admitted_grades(terms) == [10]


def test_a_grade_outside_the_limit_is_one_reason_not_two():
    terms = OfferTerms(min_age=15, max_age=17, min_grade=10, max_grade=10, for_school_leavers=True)
    assert why(terms, grade=8) == [Refusal.GRADE]


@pytest.mark.parametrize(
    ("support", "suits", "support_matters", "refused"),
    [
        (True, False, True, True),
        (True, True, True, False),
        (False, False, True, False),
        (True, False, False, False),  # the marketplace: the young person chooses
    ],
)
def test_support_track(support, suits, support_matters, refused):
    terms = OfferTerms(min_age=13, max_age=17, suits_support_needs=suits)
    found = why(terms, support=support, support_matters=support_matters)
    assert (Refusal.SUPPORT in found) is refused


def test_every_reason_in_order():
    terms = OfferTerms(min_age=16, max_age=17, min_grade=9, max_grade=9)
    assert why(terms, age=14, grade=8, support=True) == [
        Refusal.AGE,
        Refusal.GRADE,
        Refusal.SUPPORT,
    ]


@pytest.mark.parametrize(
    ("start", "today", "day"),
    [
        (date(2027, 3, 1), date(2027, 2, 28), date(2027, 3, 1)),  # not begun: its first day
        (date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 1)),
        (date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 2)),  # begun: today
    ],
)
def test_the_age_is_taken_on_the_first_day_or_today_once_begun(start, today, day):
    assert reference_day(start_date=start, today=today) == day


def test_terms_of_an_offer_object():
    class Offer:
        min_age, max_age, min_grade, max_grade = 13, 16, None, 9
        for_school_leavers, suits_support_needs = False, 1

    assert OfferTerms.of(Offer()) == OfferTerms(
        min_age=13, max_age=16, min_grade=None, max_grade=9, suits_support_needs=True
    )


# --- one reference date for age and grade: the period's first day (issue 15) ------------------

from ungegaranti.marketplace.eligibility import (  # noqa: E402
    candidate_on,
    class_grade_on,
    grade_on,
)

FIRST, LAST = date(2027, 3, 1), date(2027, 3, 5)  # a week of erhvervspraktik
BEFORE = date(2027, 1, 15)  # the day the young person applies


def _born(years: int, birthday: date) -> date:
    return birthday.replace(year=birthday.year - years)


@pytest.mark.parametrize(
    ("years", "birthday", "terms", "refused"),
    [
        # 13th birthday: the first age of the 13-14 band
        (13, FIRST, OfferTerms(min_age=13, max_age=14), False),
        (13, LAST, OfferTerms(min_age=13, max_age=14), True),
        # 15th birthday: from 15 the 15-17 band
        (15, FIRST, OfferTerms(min_age=15, max_age=17), False),
        (15, LAST, OfferTerms(min_age=15, max_age=17), True),
        # 18th birthday: an adult on the first day is out of an offer for minors
        (18, FIRST, OfferTerms(min_age=15, max_age=17), True),
        (18, LAST, OfferTerms(min_age=15, max_age=17), False),
        (18, FIRST, OfferTerms(min_age=18, max_age=29), False),
        (18, LAST, OfferTerms(min_age=18, max_age=29), True),
    ],
)
def test_the_age_is_taken_on_the_periods_first_day(years, birthday, terms, refused):
    candidate = candidate_on(
        birth_date=_born(years, birthday),
        grade=None,
        today=BEFORE,
        day=reference_day(start_date=FIRST, today=BEFORE),
    )
    assert (Refusal.AGE in refusals(terms, candidate, support_matters=False)) is refused


@pytest.mark.parametrize(
    ("grade_today", "today", "day", "grade"),
    [
        (9, date(2027, 5, 10), date(2027, 7, 31), 9),  # before 1 August: the same grade
        (9, date(2027, 5, 10), date(2027, 8, 1), 10),  # 1 August: the next grade
        (9, date(2027, 8, 1), date(2027, 8, 1), 9),  # already in it today
        (7, date(2026, 11, 1), date(2028, 9, 1), 9),  # two school years on
        (9, date(2026, 11, 1), date(2028, 9, 1), 10),  # at most 10. klasse
        (None, date(2026, 11, 1), date(2027, 9, 1), None),  # not in a class
    ],
)
def test_the_grade_is_projected_across_1_august(grade_today, today, day, grade):
    assert grade_on(grade_today, today=today, day=day) == grade


@pytest.mark.parametrize(
    ("grade", "school_year", "day", "expected"),
    [
        # a class of 2027/28 (imported in June 2027 for next year): its grade from 1 August 2027
        (9, 2027, date(2027, 7, 31), 8),
        (9, 2027, date(2027, 8, 1), 9),
        (9, 2027, date(2028, 7, 31), 9),
        (9, 2027, date(2028, 8, 1), 10),
        # last year's class, not yet replaced: its pupils have moved up since
        (8, 2026, date(2027, 9, 1), 9),
        (8, 2026, date(2028, 9, 1), 10),
        (9, 2026, date(2028, 9, 1), 10),  # at most 10. klasse
        (0, 2027, date(2027, 6, 1), 0),  # not below 0. klasse
        (0, 2027, date(2027, 9, 1), 0),  # 0. klasse in its own year
        (0, 2027, date(2028, 8, 1), 1),
        (None, 2027, date(2027, 9, 1), None),  # not in a class
    ],
)
def test_the_grade_holds_in_the_classs_own_school_year(grade, school_year, day, expected):
    """Folkeskoleloven: the school year begins 1 August. Whatever today is, a class's grade is
    the grade in its school year; `candidate_on` takes it so with the class's year."""
    assert class_grade_on(grade, school_year=school_year, day=day) == expected
    candidate = candidate_on(
        birth_date=date(2013, 1, 1), grade=grade, school_year=school_year, day=day
    )
    assert candidate.grade == expected


def test_a_9th_grader_applying_in_may_may_take_a_school_leaver_job_starting_in_july():
    """Age and grade on one date: in July 9th grade is finished (the summer holiday has begun)."""
    leavers = OfferTerms(min_age=15, max_age=17, for_school_leavers=True)
    may, july = date(2027, 5, 10), date(2027, 7, 5)
    in_july = candidate_on(birth_date=date(2011, 6, 1), grade=9, today=may, day=july)
    assert refusals(leavers, in_july, support_matters=False) == []
    in_june = candidate_on(birth_date=date(2011, 6, 1), grade=9, today=may, day=date(2027, 6, 7))
    assert refusals(leavers, in_june, support_matters=False) == [Refusal.SCHOOL_LEAVERS]
    after_summer = candidate_on(
        birth_date=date(2011, 6, 1), grade=9, today=may, day=date(2027, 8, 9)
    )
    assert after_summer.grade == 10
    assert refusals(leavers, after_summer, support_matters=False) == []


# --- killing the mutants that survived `make mutate` (docs/testing.md) ----------------------


def test_the_terms_of_an_offer_are_its_own_fields():
    from types import SimpleNamespace

    offer = SimpleNamespace(
        min_age=14,
        max_age=16,
        min_grade=8,
        max_grade=9,
        for_school_leavers=1,
        suits_support_needs=1,
    )
    assert OfferTerms.of(offer) == OfferTerms(
        min_age=14,
        max_age=16,
        min_grade=8,
        max_grade=9,
        for_school_leavers=True,
        suits_support_needs=True,
    )


def test_without_a_grade_limit_every_grade_0_to_10_is_admitted_and_no_more():
    assert admitted_grades(OfferTerms(min_age=13, max_age=29)) == list(range(0, 11))
    assert admitted_grades(OfferTerms(min_age=13, max_age=29, for_school_leavers=True)) == [10]


def test_a_candidate_on_the_reference_day_has_that_days_age_and_grade_and_no_support_unless_said():
    from ungegaranti.marketplace.eligibility import candidate_on

    today, born = date(2027, 7, 20), date(2013, 8, 3)
    before = candidate_on(birth_date=born, grade=8, today=today, day=date(2027, 8, 2))
    assert (before.age, before.grade, before.support) == (13, 9, False)
    on = candidate_on(birth_date=born, grade=8, today=today, day=date(2027, 8, 3), support=True)
    assert (on.age, on.grade, on.support) == (14, 9, True)


def test_a_candidate_needs_the_classs_school_year_or_today():
    with pytest.raises(TypeError, match=r"^candidate_on needs the class's school year or today$"):
        candidate_on(birth_date=date(2013, 1, 1), grade=7, day=date(2027, 9, 1))
