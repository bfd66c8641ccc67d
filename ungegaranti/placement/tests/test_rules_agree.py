"""The rules the project states once agree with the allocation engine's own copies (the format's
rules, docs/allocation-format.md): eligibility and the great-circle distance; and the round's
pupils as a query agree with `round_includes`."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ungegaranti.core.geo import haversine_km
from ungegaranti.core.roles import Role
from ungegaranti.marketplace.eligibility import Candidate, OfferTerms, admitted_grades, refusals
from ungegaranti.people.models import SchoolClass, YoungPerson

from ..engine import geo as engine_geo
from ..engine.instance import Offer, Student
from ..instance import instance_build
from ..selectors import round_includes, round_pupils
from ..services import round_create
from .helpers import draft_round, pupil, round_dates

grades = st.one_of(st.none(), st.integers(0, 10))
terms = st.builds(
    OfferTerms,
    min_age=st.integers(12, 19),
    max_age=st.integers(12, 19),
    min_grade=grades,
    max_grade=grades,
    for_school_leavers=st.booleans(),
    suits_support_needs=st.booleans(),
)
candidates = st.builds(
    Candidate, age=st.integers(11, 20), grade=st.integers(0, 10), support=st.booleans()
)


def engine_offer(t: OfferTerms) -> Offer:
    """The offer as the instance builder writes it (placement/instance.py offer_dict)."""
    return Offer(
        "O",
        1,
        57.0,
        10.0,
        t.min_age,
        t.max_age,
        frozenset(admitted_grades(t)),
        t.suits_support_needs,
    )


@given(t=terms, c=candidates)
def test_the_engine_admits_exactly_whom_the_eligibility_rules_admit(t, c):
    student = Student("S", c.age, c.grade, 57.0, 10.0, c.support, (), None)
    admitted = engine_offer(t).admits(student)
    assert admitted == (refusals(t, c, support_matters=True) == [])
    assert (engine_offer(t).refusal(student) == "") == admitted


latitudes = st.floats(-89.9, 89.9)
longitudes = st.floats(-180, 180)


@given(lat1=latitudes, lon1=longitudes, lat2=latitudes, lon2=longitudes)
def test_the_engine_measures_the_same_great_circle_distance(lat1, lon1, lat2, lon2):
    ours = haversine_km(lat1, lon1, lat2, lon2)
    assert engine_geo.haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(ours, abs=1e-6)
    assert engine_geo.EARTH_RADIUS_KM == 6371.0088


def test_the_rounds_pupils_are_those_the_round_includes(world):
    school_year = world.class_a.school_year
    class_9 = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=9,
        letter="x",
        school_year=school_year,
    )
    # and a 7th grade, whose pupils are in 8. klasse on a round's first day after a 1 August
    class_7 = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=7,
        letter="x",
        school_year=school_year,
    )
    pupil(world, "Nina", 31, school_class=class_9)
    pupil(world, "Mads", 37, school_class=class_7)
    pupil(world, "Ole", 33, school_class=None)
    pupil(world, "Pia", 35, school=None)
    people = list(YoungPerson.objects.filter(municipality=world.municipality))
    assert len(people) >= 5
    deadline, start, end = round_dates()
    for grades_ in ([8], [9], [7, 8, 9]):
        district_round = draft_round(world, grades=grades_)
        whole = round_create(
            acting_user=world.users[Role.SECRETARIAT],
            name="Hele kommunen",
            grades=grades_,
            start_date=start,
            end_date=end,
            wish_deadline_date=deadline,
        )
        assert whole.district_id is None
        for round in (district_round, whole):
            included = {p.pk for p in people if round_includes(round=round, young_person=p)}
            assert set(round_pupils(round=round).values_list("pk", flat=True)) == included
            assert included  # each round includes someone, so the comparison says something


def test_a_round_of_last_school_year_is_for_the_grade_its_pupils_had_then(world):
    """Pupils move up each August: last year's 8. klasse round was for this year's 9th-graders,
    in the query and in Python alike."""
    school_year = world.class_a.school_year
    class_9 = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=9,
        letter="x",
        school_year=school_year,
    )
    ninth = pupil(world, "Nina", 31, school_class=class_9)
    last_spring = date(school_year, 3, 2)
    last_year = draft_round(
        world,
        grades=[8],
        start_date=last_spring,
        end_date=last_spring + timedelta(days=4),
        wish_deadline_date=last_spring - timedelta(days=21),
    )
    assert list(round_pupils(round=last_year)) == [ninth]
    assert round_includes(round=last_year, young_person=ninth)
    assert not round_includes(round=last_year, young_person=world.pupil_a)  # 8th grade now
    # A round of the coming weeks is for the grade the pupils have then (9. klasse in July).
    coming = draft_round(world)
    assert world.pupil_a in round_pupils(round=coming)
    assert ninth not in round_pupils(round=coming)


def test_a_round_after_the_summer_is_for_the_grade_its_pupils_will_have(world):
    """Pupils move up each August also towards a round: next school year's 8. klasse round is
    for this year's 7th-graders while their class is still this year's, in the query, in Python
    and in the engine's instance alike (as the offers' eligibility takes the grade)."""
    school_year = world.class_a.school_year
    class_7 = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=7,
        letter="x",
        school_year=school_year,
    )
    seventh = pupil(world, "Mads", 37, school_class=class_7)
    autumn = date(school_year + 1, 9, 6)
    next_year = draft_round(
        world,
        grades=[8],
        start_date=autumn,
        end_date=autumn + timedelta(days=4),
        wish_deadline_date=autumn - timedelta(days=14),
    )
    assert list(round_pupils(round=next_year)) == [seventh]
    assert round_includes(round=next_year, young_person=seventh)
    assert not round_includes(round=next_year, young_person=world.pupil_a)  # 9th grade then
    students = {s["id"]: s for s in instance_build(round=next_year)["students"]}
    assert students[str(seventh.uuid)]["grade"] == 8
