"""Uddannelse & Job: a class activity enters every pupil's record and counts towards the
class's yearly target (25 hours unless the municipality sets another)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_bounds, teaching_year_share
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import Activity, ActivityKind, ClassActivity, Goal, Stage
from ungegaranti.plans.selectors import career_progress_for, career_target_hours
from ungegaranti.plans.services import career_setting_change, class_activity_record


def _a_day_in(world) -> date:
    """A day already passed in the test world's school year (whatever today is)."""
    first, _last = school_year_bounds(world.class_a.school_year)
    return max(first, timezone.localdate() - timedelta(days=1))


def _record(world, hours="2", school_class=None, role=Role.TEACHER, day=None):
    return class_activity_record(
        school_class=school_class or world.class_a,
        topic="Mit drømmejob",
        activity_date=day or _a_day_in(world),
        hours=Decimal(hours),
        stage=Stage.SENSING,
        goal=Goal.INSIGHT,
        acting_user=world.users[role],
    )


def _second_pupil_in_class_a(world):
    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(timezone.localdate().year - 14, 6, 1), 9, male=False),
        first_name="Ea",
        last_name="Eriksen",
        postal_code="9800",
        school=world.school_a,
        school_class=world.class_a,
    )
    return person


def test_a_class_activity_enters_every_pupils_record_on_its_date(world):
    ea = _second_pupil_in_class_a(world)
    class_activity = _record(world)
    copies = Activity.objects.filter(class_activity=class_activity)
    assert {a.young_person for a in copies} == {world.pupil_a, ea}
    assert {a.kind for a in copies} == {ActivityKind.CLASS_ACTIVITY}
    assert {a.start_date for a in copies} == {class_activity.activity_date}
    assert not Activity.objects.filter(young_person=world.pupil_b).exists()
    event = AuditEvent.objects.get(action="plans.class_activity.record")
    assert event.changes["pupils"] == 2 and event.changes["hours"] == "2"


@pytest.mark.parametrize("hours", ["0", "-1.5", "41"])
def test_zero_negative_or_absurd_hours_are_a_message_on_the_field(world, hours):
    with pytest.raises(ValidationError) as refused:
        _record(world, hours=hours)
    assert list(refused.value.message_dict) == ["hours"]
    assert not ClassActivity.objects.exists() and not Activity.objects.exists()


def test_a_date_outside_the_classs_school_year_is_a_message_on_the_field(world):
    first, last = school_year_bounds(world.class_a.school_year)
    for day in (first - timedelta(days=1), last + timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            _record(world, day=day)
        assert list(refused.value.message_dict) == ["activity_date"]
        assert "skoleår" in refused.value.message_dict["activity_date"][0]
    assert not ClassActivity.objects.exists()


def test_only_staff_following_the_class_record_for_it(world):
    for role in (Role.GUIDANCE_COUNSELLOR, Role.YOUNG_PERSON, Role.WORK_EXPERIENCE_COORDINATOR):
        with pytest.raises(PermissionDenied):
            _record(world, role=role)
    with pytest.raises(PermissionDenied):  # the teacher's own class is 8.a at school A only
        _record(world, school_class=world.class_b)
    assert _record(world, role=Role.CAREER_COUNSELLOR).created_by.role == Role.CAREER_COUNSELLOR


def test_the_teacher_records_on_the_page_and_a_bad_hour_is_shown_on_its_field(world, client_for):
    url = reverse("plans:class_activities", kwargs={"uuid": world.class_a.uuid})
    teacher = client_for(Role.TEACHER)
    data = {
        "topic": "Besøg på erhvervsskolen",
        "activity_date": _a_day_in(world).isoformat(),
        "hours": "0",
        "stage": Stage.SENSING,
        "goal": Goal.OUTLOOK,
    }
    page = teacher.post(url, data).content.decode()
    assert "Timetallet skal være større end 0." in page
    assert not ClassActivity.objects.exists()
    assert teacher.post(url, {**data, "hours": "1,5"}).status_code == 302
    assert ClassActivity.objects.get().hours == Decimal("1.5")
    assert "1,5 af 25 timer" in teacher.get(url).content.decode()


def test_the_pace_runs_from_august_to_june():
    assert teaching_year_share(2026, date(2026, 7, 31)) == 0.0
    assert teaching_year_share(2026, date(2026, 8, 1)) == 0.0
    assert 0.49 < teaching_year_share(2026, date(2027, 1, 15)) < 0.51
    assert teaching_year_share(2026, date(2027, 6, 30)) == 1.0


def test_progress_per_class_school_and_district_with_classes_behind(world):
    _record(world, hours="30", school_class=world.class_a, role=Role.SECRETARIAT)
    _record(world, hours="0.5", school_class=world.class_b, role=Role.SECRETARIAT)
    # Late in the year, so the pace expects most of the 25 hours.
    late = date(world.class_a.school_year + 1, 6, 1)
    districts = career_progress_for(
        user=world.users[Role.SECRETARIAT], school_year=world.class_a.school_year, today=late
    )
    by_name = {d.name: d for d in districts}
    a, b = by_name["Distrikt A"], by_name["Distrikt B"]
    assert a.children[0].children[0].hours == Decimal("30")
    assert not a.children[0].children[0].is_behind and a.behind_classes == 0
    assert b.children[0].children[0].is_behind and b.behind_classes == 1
    assert a.children[0].children[0].percent == 100
    # The teacher sees only their own class.
    teacher_view = career_progress_for(
        user=world.users[Role.TEACHER], school_year=world.class_a.school_year, today=late
    )
    assert [d.name for d in teacher_view] == ["Distrikt A"]


def test_the_municipality_sets_its_own_target(world):
    assert career_target_hours(municipality_id=world.municipality.pk) == 25
    with pytest.raises(PermissionDenied):
        career_setting_change(
            municipality=world.municipality,
            yearly_target_hours=30,
            acting_user=world.users[Role.TEACHER],
        )
    career_setting_change(
        municipality=world.municipality,
        yearly_target_hours=30,
        acting_user=world.users[Role.SECRETARIAT],
    )
    assert career_target_hours(municipality_id=world.municipality.pk) == 30
    assert career_target_hours(municipality_id=world.other_municipality.pk) == 25
    event = AuditEvent.objects.get(action="plans.career_setting.change")
    assert event.changes == {"yearly_target_hours": [25, 30]}


def test_the_progress_page_highlights_classes_behind(world, client_for):
    page = client_for(Role.WORK_EXPERIENCE_COORDINATOR).get(reverse("plans:career_progress"))
    html = page.content.decode()
    assert "Skole A" in html and "Skole B" not in html
