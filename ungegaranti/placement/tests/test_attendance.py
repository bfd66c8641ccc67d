"""The five days counted: the company or the school registers each day of a placement; the days
present count across rounds and own places towards the five of folkeskoleloven § 9, stk. 3."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.notifications.models import Notification
from ungegaranti.people.models import SchoolClass

from .. import attendance
from ..attendance import attendance_set, days_counted, incident_report, working_days
from ..models import AttendanceDay, Incident, Placement, Round
from .test_agreements import _published

pytestmark = pytest.mark.django_db
COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _past(round: Round) -> None:
    """Move the round's days into the past, so that they can be registered. Early in August
    that is last school year: the pupils' classes go along (the round was for the grade they
    had then: a past round finds its pupils by their class in its school year). In July the
    round was for after the summer, a grade up: moved before it, it is for their grade now."""
    shift = round.end_date - timezone.localdate() + timedelta(days=7)
    classes = SchoolClass.objects.filter(
        pk__in=Placement.objects.filter(round=round).values("young_person__school_class")
    )
    classes.update(school_year=school_year_of(round.start_date - shift))
    Round.objects.filter(pk=round.pk).update(
        grades=sorted(set(classes.values_list("grade", flat=True))),
        start_date=round.start_date - shift,
        end_date=round.end_date - shift,
        wish_deadline_date=round.wish_deadline_date - shift,
    )
    for period in round.round_offers.values_list("period", flat=True):
        from ungegaranti.marketplace.models import OfferPeriod

        p = OfferPeriod.objects.get(pk=period)
        OfferPeriod.objects.filter(pk=period).update(
            start_date=p.start_date - shift, end_date=p.end_date - shift
        )


def test_the_company_registers_days_and_the_pupils_page_counts_them(world, client_for):
    round, agreement = _published(world)
    _past(round)
    placement = Placement.objects.get(pk=agreement.placement_id)
    days = working_days(placement)
    assert 1 <= len(days) <= 5
    partner = client_for(Role.PARTNER_CONTACT)
    url = reverse("placement:attendance_edit", kwargs={"uuid": placement.uuid})
    assert partner.get(url).status_code == 200
    data = {"form": "days", **{f"dag-{d.isoformat()}": "yes" for d in days}}
    data[f"dag-{days[-1].isoformat()}"] = "no"
    partner.post(url, data)
    present = len(days) - 1
    assert days_counted(people=[world.pupil_a]) == {world.pupil_a.pk: present}
    page = client_for(Role.YOUNG_PERSON).get(reverse("placement:my_work_experience"))
    assert f"{present} af 5 dage" in page.content.decode()
    teacher = client_for(Role.TEACHER).get(reverse("placement:teacher_overview"))
    assert f"{present} af 5 dage" in teacher.content.decode()
    event = AuditEvent.objects.get(action=attendance.ATTENDANCE_SET)
    assert event.actor == world.users[Role.PARTNER_CONTACT]
    # unregistering a day takes it out again
    partner.post(url, {**data, f"dag-{days[0].isoformat()}": ""})
    assert days_counted(people=[world.pupil_a]) == {world.pupil_a.pk: present - 1}


def test_days_outside_the_placement_or_in_the_future_are_refused(world):
    round, agreement = _published(world)
    placement = agreement.placement
    coordinator = world.users[COORDINATOR]
    with pytest.raises(ValidationError, match="ikke kommet endnu"):
        attendance_set(
            placement=placement, days={working_days(placement)[0]: True}, acting_user=coordinator
        )
    with pytest.raises(ValidationError, match="ikke en dag i praktikken"):
        attendance_set(
            placement=placement,
            days={round.start_date - timedelta(days=30): True},
            acting_user=coordinator,
        )
    assert not AttendanceDay.objects.exists()


def test_only_the_company_the_school_and_the_managers_register(world):
    round, agreement = _published(world)
    _past(round)
    placement = Placement.objects.get(pk=agreement.placement_id)
    day = working_days(placement)[0]
    for role in (Role.YOUNG_PERSON, Role.GUARDIAN, Role.GUIDANCE_COUNSELLOR, Role.RESEARCHER):
        with pytest.raises(PermissionDenied):
            attendance_set(placement=placement, days={day: True}, acting_user=world.users[role])
    assert not AttendanceDay.objects.exists()
    attendance_set(placement=placement, days={day: True}, acting_user=world.users[Role.TEACHER])
    assert AttendanceDay.objects.get().recorded_by == world.users[Role.TEACHER]


def test_an_injury_is_reported_with_its_data_and_the_guardian_is_told(world, client_for):
    round, agreement = _published(world)
    _past(round)
    placement = Placement.objects.get(pk=agreement.placement_id)
    day = working_days(placement)[0]
    when = timezone.make_aware(datetime.combine(day, time(10, 30)))
    url = reverse("placement:attendance_edit", kwargs={"uuid": placement.uuid})
    response = client_for(Role.PARTNER_CONTACT).post(
        url,
        {
            "form": "incident",
            "occurred_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            "description": "Skar sig på en plade i værkstedet.",
            "injury": "on",
            "treatment": "Førstehjælp, derefter skadestue",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.injury and incident.treatment.startswith("Førstehjælp")
    assert Notification.objects.filter(
        recipient=world.users[Role.GUARDIAN], subject__startswith="Hændelse i erhvervspraktik"
    ).exists()
    with pytest.raises(ValidationError):
        incident_report(
            placement=placement,
            occurred_at=when - timedelta(days=60),
            description="For tidligt",
            injury=False,
            acting_user=world.users[COORDINATOR],
        )
    assert Incident.objects.count() == 1


def test_the_coordinator_lists_the_9th_graders_short_of_five_days_per_school(world, client_for):
    from ungegaranti.people.models import SchoolClass

    from .helpers import pupil

    round, agreement = _published(world)
    _past(round)
    placement = Placement.objects.get(pk=agreement.placement_id)
    days = working_days(placement)
    attendance_set(
        placement=placement,
        days=dict.fromkeys(days, True),
        acting_user=world.users[COORDINATOR],
    )
    ninth = SchoolClass.objects.create(
        municipality=world.municipality,
        school=world.school_a,
        grade=9,
        letter="b",
        school_year=world.class_a.school_year,
    )
    short = pupil(world, "Karla", 31, school_class=ninth)
    # pupil A (grade 8) is not on the 9th-grade list; Karla has no days yet
    page = client_for(COORDINATOR).get(reverse("placement:days_short_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert short.full_name in text and "0 af 5 dage" in text
    assert world.pupil_a.full_name not in text
    assert "1 elev i 9. klasse mangler dage." in text
    # the selector leaves out a pupil with five days or more
    from ungegaranti.people.models import YoungPerson

    from ..attendance import pupils_short_of_days

    rows = pupils_short_of_days(pupils=YoungPerson.objects.filter(pk=world.pupil_a.pk))
    assert (rows == []) == (len(days) >= 5)


def test_the_company_gives_its_feedback_after_the_last_day_and_the_pupil_reads_it(
    world, client_for
):
    round, agreement = _published(world)
    placement = Placement.objects.get(pk=agreement.placement_id)
    with pytest.raises(ValidationError, match="sidste dag"):
        attendance.feedback_set(
            placement=placement, text="For tidligt", acting_user=world.users[Role.PARTNER_CONTACT]
        )
    _past(round)
    url = reverse("placement:attendance_edit", kwargs={"uuid": placement.uuid})
    client_for(Role.PARTNER_CONTACT).post(
        url, {"form": "feedback", "feedback": "Asta mødte til tiden og spurgte meget."}
    )
    placement.refresh_from_db()
    assert placement.feedback == "Asta mødte til tiden og spurgte meget."
    page = client_for(Role.YOUNG_PERSON).get(reverse("placement:my_work_experience"))
    assert "Asta mødte til tiden og spurgte meget." in page.content.decode()
    assert AuditEvent.objects.filter(action=attendance.FEEDBACK_SET).exists()
