"""Own places: the pupil or a guardian registers a place they found; the coordinator approves
or rejects with a reason; an approved own place is locked in the next run."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification

from .. import own_places
from ..instance import instance_build
from ..models import OwnPlace, Placement
from ..own_places import own_place_decide, own_place_propose
from ..services import lock_set, round_close, round_publish, run_create
from .helpers import open_round, own_place_values, pupil, round_dates, wish, wp_offer

pytestmark = pytest.mark.django_db
COORDINATOR = Role.WORK_EXPERIENCE_COORDINATOR


def _form(**overrides):
    values = own_place_values(**overrides)
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else ("on" if v is True else v))
        for k, v in values.items()
        if v is not False
    }


def _propose(world, round, **overrides):
    return own_place_propose(
        round=round,
        young_person=world.pupil_a,
        acting_user=world.users[Role.YOUNG_PERSON],
        **own_place_values(**overrides),
    )


def test_the_pupil_registers_a_place_and_the_coordinator_is_told(world, client_for):
    round = open_round(world)
    client = client_for(Role.YOUNG_PERSON)
    page = client.get(reverse("placement:my_work_experience")).content.decode()
    assert "Har du selv fundet en praktikplads?" in page
    url = reverse(
        "placement:own_place_propose",
        kwargs={"uuid": round.uuid, "person_uuid": world.pupil_a.uuid},
    )
    assert client.get(url).status_code == 200
    response = client.post(url, _form(cvr="1000 0033"))
    assert response.status_code == 302
    own = OwnPlace.objects.get()
    assert own.status == OwnPlace.Status.PROPOSED and own.cvr == "10000033"
    assert own.created_by == world.users[Role.YOUNG_PERSON]
    assert Notification.objects.filter(
        recipient=world.users[COORDINATOR], subject="Egen praktikplads til godkendelse"
    ).exists()
    event = AuditEvent.objects.get(action=own_places.OWN_PLACE_PROPOSE)
    assert event.object_id == str(world.pupil_a.uuid)
    assert event.actor == world.users[Role.YOUNG_PERSON]
    page = client.get(reverse("placement:my_work_experience")).content.decode()
    assert "Tårs Tømrer ApS" in page and "Afventer godkendelse" in page


def test_a_guardian_may_register_for_their_child_and_nobody_else_may(world):
    round = open_round(world)
    otto = pupil(world, "Otto", 11, login=True)
    for who in (world.users[Role.TEACHER], world.users[Role.PARTNER_CONTACT], otto.user):
        with pytest.raises(PermissionDenied):
            own_place_propose(
                round=round, young_person=world.pupil_a, acting_user=who, **own_place_values()
            )
    assert not OwnPlace.objects.exists()
    own_place_propose(
        round=round,
        young_person=world.pupil_a,
        acting_user=world.users[Role.GUARDIAN],
        **own_place_values(),
    )
    assert OwnPlace.objects.get().created_by == world.users[Role.GUARDIAN]


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"cvr": "10000034"}, "cvr", "CVR-nummeret er ikke gyldigt"),
        ({"cvr": "1234"}, "cvr", "CVR-nummeret er ikke gyldigt"),
        ({"postal_code": "0001"}, "postal_code", "Postnummeret findes ikke"),
        ("after_round", "start_date", "Dagene skal ligge i rundens periode"),
        # 08:00-16:00 less 30 minutes is 7.5 hours; a pupil of 14 may work 7 on a day
        # without school (erhvervspraktik replaces the school day)
        ({"day_ends_at": "16:00"}, "day_ends_at", "7 timer"),
        ({"light_work": False}, "light_work", "kun let arbejde"),
        ({"day_starts_at": "05:00"}, "day_starts_at", "intet arbejde mellem 20:00 og 06:00"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    world, client_for, overrides, field, text
):
    round = open_round(world)
    if overrides == "after_round":
        _, _start, end = round_dates()
        overrides = {"end_date": end + timedelta(days=7)}
    url = reverse(
        "placement:own_place_propose",
        kwargs={"uuid": round.uuid, "person_uuid": world.pupil_a.uuid},
    )
    response = client_for(Role.YOUNG_PERSON).post(url, _form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(text in e for e in errors[field]), errors[field]
    assert not OwnPlace.objects.exists()


def test_an_approved_own_place_is_locked_in_the_next_run(world, client_for):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1})
    otto = pupil(world, "Otto", 11)
    wish(world, round, otto, "Smed")
    wish(world, round, world.pupil_a, "Smed")
    own = _propose(world, round)
    client = client_for(COORDINATOR)
    page = client.get(reverse("placement:own_place_list", kwargs={"uuid": round.uuid}))
    assert "Tårs Tømrer ApS" in page.content.decode()
    mail.outbox.clear()
    client.post(
        reverse("placement:own_place_decide", kwargs={"uuid": own.uuid}),
        {"decision": "approve"},
    )
    own.refresh_from_db()
    assert own.status == OwnPlace.Status.APPROVED and own.decided_by == world.users[COORDINATOR]
    instance = instance_build(round=round)
    student = next(s for s in instance["students"] if s["id"] == str(world.pupil_a.uuid))
    assert student["locked"] == str(own.uuid)
    assert {"id": str(own.uuid), "capacity": 1} == {
        k: v
        for k, v in next(o for o in instance["offers"] if o["id"] == str(own.uuid)).items()
        if k in ("id", "capacity")
    }
    round = round_close(round=round, acting_user=world.users[COORDINATOR])
    run = run_create(round=round, mechanism="optimal", acting_user=world.users[COORDINATOR])
    result = json.loads(run.result_json)
    mine = next(a for a in result["assignments"] if a["student"] == str(world.pupil_a.uuid))
    assert mine["via"] == "locked" and mine["offer"] == str(own.uuid)
    # the pupil's own place leaves the Smed seat to Otto
    ottos = next(a for a in result["assignments"] if a["student"] == str(otto.uuid))
    assert ottos["via"] == "wish"
    round_publish(round=round, run=run, acting_user=world.users[COORDINATOR])
    placement = Placement.objects.get(young_person=world.pupil_a)
    assert placement.own_place == own and placement.round_offer is None
    assert placement.via == Placement.Via.LOCKED
    assert placement.workplace.company == "Tårs Tømrer ApS"
    page = client_for(Role.YOUNG_PERSON).get(reverse("placement:my_work_experience"))
    assert "Din egen plads" in page.content.decode()
    event = AuditEvent.objects.get(action=own_places.OWN_PLACE_DECIDE)
    assert event.object_id == str(round.uuid) and event.actor == world.users[COORDINATOR]


def test_rejecting_needs_a_reason_and_the_pupil_may_then_register_another(world):
    round = open_round(world)
    own = _propose(world, round)
    coordinator = world.users[COORDINATOR]
    with pytest.raises(ValidationError):
        own_place_decide(own_place=own, approve=False, reason=" ", acting_user=coordinator)
    own_place_decide(
        own_place=own,
        approve=False,
        reason="Pladsen ligger i en anden kommune.",
        acting_user=coordinator,
    )
    own.refresh_from_db()
    assert own.status == OwnPlace.Status.REJECTED
    assert Notification.objects.filter(
        recipient=world.users[Role.YOUNG_PERSON],
        subject="Den egne praktikplads er ikke godkendt",
    ).exists()
    with pytest.raises(ValidationError):
        own_place_decide(own_place=own, approve=True, acting_user=coordinator)
    _propose(world, round, company_name="Sindal Bageri")
    assert OwnPlace.objects.filter(status=OwnPlace.Status.PROPOSED).count() == 1
    with pytest.raises(ValidationError):
        _propose(world, round, company_name="Tredje")


def test_approval_is_the_managers_and_invites_the_company_to_become_a_partner(
    world, django_capture_on_commit_callbacks
):
    round = open_round(world)
    own = _propose(world, round)
    for who in (Role.TEACHER, Role.YOUNG_PERSON, Role.GUARDIAN, Role.PARTNER_CONTACT):
        with pytest.raises(PermissionDenied):
            own_place_decide(own_place=own, approve=True, acting_user=world.users[who])
    assert OwnPlace.objects.get().status == OwnPlace.Status.PROPOSED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        own_place_decide(own_place=own, approve=True, acting_user=world.users[Role.SECRETARIAT])
    [message] = mail.outbox
    assert message.to == ["tom@example.org"]
    assert "bliv garantipartner" in message.subject
    assert "Kære Tom Tømrer" in message.body


def test_a_locked_pupil_cannot_get_an_own_place_approved_nor_the_other_way_round(world):
    round = open_round(world)
    coordinator = world.users[COORDINATOR]
    lock_set(
        round=round,
        young_person=world.pupil_a,
        round_offer=round.round_offers.get(),
        acting_user=coordinator,
    )
    own = _propose(world, round)
    with pytest.raises(ValidationError, match="låst"):
        own_place_decide(own_place=own, approve=True, acting_user=coordinator)
    lock_set(round=round, young_person=world.pupil_a, round_offer=None, acting_user=coordinator)
    own_place_decide(own_place=own, approve=True, acting_user=coordinator)
    with pytest.raises(ValidationError, match="egen plads"):
        lock_set(
            round=round,
            young_person=world.pupil_a,
            round_offer=round.round_offers.get(),
            acting_user=coordinator,
        )
