"""Transition to adulthood (Ungekoordinering): for a young person on the support track expected
to need municipal support after 18, coordination meetings from 16 with agreed actions, who is
responsible and by when; visible to the professionals in scope and to the young person."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert
from ungegaranti.plans.models import CoordinationAction, CoordinationMeeting
from ungegaranti.plans.selectors import data_about, transition_of
from ungegaranti.plans.services import (
    coordination_action_add,
    coordination_action_complete,
    coordination_meeting_add,
    transition_record,
)


def _sixteen(world, *, support_track=True, years=16):
    """A pupil of school A, `years` old since last January."""
    today = timezone.localdate()
    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(today.year - years, 1, 2), 11, male=True),
        first_name="Emil",
        last_name="Eriksen",
        postal_code="9800",
        school=world.school_a,
        support_track=support_track,
    )
    return person


def _counsellor(world):
    return world.users[Role.CAREER_COUNSELLOR]  # school A's: Emil is in scope


def _meeting(world, person, day=None):
    transition_record(
        young_person=person,
        reason="Autisme; forventes at få brug for bostøtte.",
        acting_user=_counsellor(world),
    )
    return coordination_meeting_add(
        young_person=person,
        meeting_date=day or timezone.localdate(),
        participants="Lone Berg, Familieafdelingen; Ali Demir, Jobcenter",
        summary="Emil vil gerne på STU.",
        acting_user=_counsellor(world),
    )


def test_meetings_hold_actions_with_a_responsible_and_a_date(world):
    person = _sixteen(world)
    meeting = _meeting(world, person)
    action = coordination_action_add(
        meeting=meeting,
        text="Ansøgning om STU sendes",
        responsible="Lone Berg, Familieafdelingen",
        due_date=timezone.localdate() + timedelta(days=30),
        acting_user=_counsellor(world),
    )
    transition = transition_of(young_person=person)
    assert [m.action_list for m in transition.meeting_list] == [[action]]
    coordination_action_complete(action=action, acting_user=_counsellor(world))
    action.refresh_from_db()
    assert action.done_date == timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        coordination_action_add(
            meeting=meeting,
            text="For sent",
            responsible="Ali Demir, Jobcenter",
            due_date=meeting.meeting_date - timedelta(days=1),
            acting_user=_counsellor(world),
        )
    assert "due_date" in refused.value.message_dict


def test_meetings_begin_at_16_and_only_on_the_support_track(world):
    fifteen = _sixteen(world, years=15)
    transition_record(
        young_person=fifteen, reason="Forventet støtte", acting_user=_counsellor(world)
    )
    with pytest.raises(ValidationError) as refused:
        coordination_meeting_add(
            young_person=fifteen,
            meeting_date=timezone.localdate(),
            participants="Lone Berg",
            acting_user=_counsellor(world),
        )
    assert "16" in refused.value.message_dict["meeting_date"][0]
    not_supported = world.pupil_b  # not on the support track
    secretariat = world.users[Role.SECRETARIAT]
    with pytest.raises(PermissionDenied):
        transition_record(young_person=not_supported, reason="x", acting_user=secretariat)
    assert not CoordinationMeeting.objects.exists()


def test_only_professionals_in_scope_hold_meetings(world):
    person = _sixteen(world)
    for role in (Role.TEACHER, Role.GUARDIAN, Role.YOUNG_PERSON, Role.PARTNER_CONTACT):
        with pytest.raises(PermissionDenied):
            transition_record(young_person=person, reason="x", acting_user=world.users[role])
    meeting = _meeting(world, person)
    other_school = user_create(
        acting_user=None,
        username="karrierevejleder-b",
        password=None,
        role=Role.CAREER_COUNSELLOR,
        municipality=world.municipality,
        school=world.school_b,
    )
    with pytest.raises(PermissionDenied):
        coordination_action_add(
            meeting=meeting,
            text="x",
            responsible="y",
            due_date=timezone.localdate(),
            acting_user=other_school,
        )
    assert not CoordinationAction.objects.exists()


def test_the_young_person_and_staff_in_scope_see_it_and_the_guardian_and_teacher_do_not(
    world, client_for
):
    person = _sixteen(world)
    _meeting(world, person)
    own = user_create(
        acting_user=None,
        username="ung-emil",
        password="emil-password-123",  # noqa: S106
        role=Role.YOUNG_PERSON,
        municipality=world.municipality,
        young_person=person,
    )
    from django.test import Client

    client = Client()
    client.force_login(own)
    url = reverse("plans:transition", kwargs={"uuid": person.uuid})
    page = client.get(url).content.decode()
    assert "Lone Berg, Familieafdelingen" in page and "Gem mødet" not in page
    assert client.post(url, {"meeting": "1"}).status_code == 403
    staff = client_for(Role.CAREER_COUNSELLOR)
    assert "Gem mødet" in staff.get(url).content.decode()
    assert AccessLogEntry.objects.filter(
        young_person=person, purpose="Visning af den unges ungekoordinering"
    ).exists()
    assert client_for(Role.TEACHER).get(url).status_code == 403
    assert client_for(Role.PARTNER_CONTACT).get(url).status_code == 403


def test_the_page_records_a_meeting_and_an_action_and_a_bad_date_is_a_message(world, client_for):
    person = _sixteen(world)
    transition_record(young_person=person, reason="Bostøtte", acting_user=_counsellor(world))
    client = client_for(Role.CAREER_COUNSELLOR)
    url = reverse("plans:transition", kwargs={"uuid": person.uuid})
    too_early = date(timezone.localdate().year - 2, 6, 1).isoformat()  # Emil was 14
    response = client.post(
        url,
        {"meeting": "1", "meeting-meeting_date": too_early, "meeting-participants": "Lone Berg"},
    )
    assert response.status_code == 200 and "koordineringsmøder holdes fra 16" in (
        response.content.decode()
    )
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {"meeting": "1", "meeting-meeting_date": today, "meeting-participants": "Lone Berg"},
    )
    assert response.status_code == 302
    meeting = CoordinationMeeting.objects.get()
    prefix = f"action-{meeting.uuid}"
    response = client.post(
        url,
        {
            "action": str(meeting.uuid),
            f"{prefix}-text": "Bostøtte søges",
            f"{prefix}-responsible": "Ali Demir, Jobcenter",
            f"{prefix}-due_date": today,
        },
    )
    assert response.status_code == 302
    assert CoordinationAction.objects.get().responsible == "Ali Demir, Jobcenter"


def test_the_data_download_holds_the_meetings(world):
    person = _sixteen(world)
    meeting = _meeting(world, person)
    coordination_action_add(
        meeting=meeting,
        text="Bostøtte søges",
        responsible="Ali Demir, Jobcenter",
        due_date=timezone.localdate(),
        acting_user=_counsellor(world),
    )
    data = data_about(young_person=person)["ungekoordinering"]
    assert data["moeder"][0]["handlinger"][0]["ansvarlig"] == "Ali Demir, Jobcenter"
    assert data_about(young_person=world.pupil_a)["ungekoordinering"] is None
