"""The record's write services ask their policy and leave an audit event, called directly.
The tables must name every public function of plans.services."""

import inspect
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.people.models import YoungPerson

from .. import services
from ..models import (
    Activity,
    ActivityKind,
    CoordinationAction,
    CoordinationMeeting,
    Goal,
    PlanStep,
    PlanWish,
    Stage,
)

CASES = {"activity_record": services.ACTIVITY_RECORD}


def _kwargs(world):
    return {
        "young_person": world.pupil_a,
        "kind": ActivityKind.COMPANY_VISIT,
        "title": "Besøg på fabrikken",
        "source_key": "test:policy",
        "partner": world.partner_a,
        "start_date": date(2027, 1, 12),
    }


def test_the_rows_name_every_write_service():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public == set(CASES) | set(RECORD_CASES)


def _recorded(world):
    return services.activity_record(**_kwargs(world), acting_user=None)


def _create(world, user):
    return services.activity_create(
        young_person=world.pupil_a,
        title="Hjalp til i min onkels butik",
        start_date=timezone.localdate(),
        stage=Stage.SENSING,
        goal=Goal.OUTLOOK,
        acting_user=user,
    )


def _reflect(world, user):
    return services.activity_reflect(
        activity=_recorded(world),
        reflection_before="Jeg tror, det bliver larmende.",
        reflection_during="",
        reflection_after="",
        acting_user=user,
    )


def _comment(world, user):
    return services.activity_comment_add(
        activity=_recorded(world), text="Godt set!", acting_user=user
    )


def _class_activity(world, user):
    return services.class_activity_record(
        school_class=world.class_a,
        topic="Uddannelsesmesse forberedelse",
        activity_date=timezone.localdate(),
        hours=Decimal(2),
        stage=Stage.SIFTING,
        goal=Goal.INSIGHT,
        acting_user=user,
    )


def _setting(world, user):
    return services.career_setting_change(
        municipality=world.municipality, yearly_target_hours=30, acting_user=user
    )


def _wish(world, user):
    return services.plan_wish_add(
        young_person=world.pupil_a, kind=PlanWish.Kind.JOB, text="Dyrlæge", acting_user=user
    )


def _statement(world, user):
    return services.destination_statement_set(
        young_person=world.pupil_a, text="HHX på Hjørring Gymnasium", acting_user=user
    )


def _step(world, user):
    return services.plan_step_add(
        young_person=world.pupil_a,
        text="Brobygning på EUC Nord",
        responsible=world.users[Role.CAREER_COUNSELLOR],
        due_date=timezone.localdate() + timedelta(days=7),
        acting_user=user,
    )


def _step_complete(world, user):
    return services.plan_step_complete(step=PlanStep.objects.get(), acting_user=user)


def _plan_comment(world, user):
    return services.plan_comment_add(young_person=world.pupil_a, text="Fint.", acting_user=user)


def _cosign(world, user):
    return services.plan_cosign(young_person=world.pupil_a, acting_user=user)


def _emil(world):
    """A 16-year-old on the support track at school A, with an assessed transition."""
    from ungegaranti.people.cpr import synthetic_cpr
    from ungegaranti.people.services import young_person_upsert

    person, _ = young_person_upsert(
        municipality=world.municipality,
        acting_user=None,
        cpr=synthetic_cpr(date(timezone.localdate().year - 16, 1, 2), 11, male=True),
        first_name="Emil",
        last_name="Eriksen",
        postal_code="9800",
        school=world.school_a,
        support_track=True,
    )
    services.transition_record(
        young_person=person, reason="Bostøtte", acting_user=world.users[Role.SECRETARIAT]
    )
    return person


def _emils_meeting(world):
    return services.coordination_meeting_add(
        young_person=_emil(world),
        meeting_date=timezone.localdate(),
        participants="Lone Berg, Familieafdelingen",
        acting_user=world.users[Role.SECRETARIAT],
    )


def _emils_action(world):
    return services.coordination_action_add(
        meeting=_emils_meeting(world),
        text="Bostøtte søges",
        responsible="Ali Demir, Jobcenter",
        due_date=timezone.localdate(),
        acting_user=world.users[Role.SECRETARIAT],
    )


def _transition(world, user):
    return services.transition_record(
        young_person=world.pupil_a, reason="Forventet bostøtte", acting_user=user
    )


def _meeting(world, user):
    return services.coordination_meeting_add(
        young_person=YoungPerson.objects.get(first_name="Emil"),
        meeting_date=timezone.localdate(),
        participants="Lone Berg, Familieafdelingen",
        acting_user=user,
    )


def _action(world, user):
    return services.coordination_action_add(
        meeting=CoordinationMeeting.objects.get(),
        text="STU-ansøgning",
        responsible="Lone Berg",
        due_date=timezone.localdate(),
        acting_user=user,
    )


def _action_complete(world, user):
    return services.coordination_action_complete(
        action=CoordinationAction.objects.get(), acting_user=user
    )


# What must exist before the call: written by the young person, before the events are counted.
SETUPS = {
    "plan_step_complete": lambda world: _step(world, world.users[Role.YOUNG_PERSON]),
    "plan_cosign": lambda world: _statement(world, world.users[Role.YOUNG_PERSON]),
    "coordination_meeting_add": _emil,
    "coordination_action_add": _emils_meeting,
    "coordination_action_complete": _emils_action,
}


# service -> (call, roles the policy refuses, a role it allows, the action it records)
RECORD_CASES = {
    "activity_create": (_create, [Role.TEACHER, Role.GUARDIAN], Role.YOUNG_PERSON),
    "activity_reflect": (_reflect, [Role.TEACHER, Role.SECRETARIAT], Role.YOUNG_PERSON),
    "activity_comment_add": (_comment, [Role.PARTNER_CONTACT, Role.GUARDIAN], Role.TEACHER),
    "class_activity_record": (
        _class_activity,
        [Role.PARTNER_CONTACT, Role.YOUNG_PERSON],
        Role.TEACHER,
    ),
    "career_setting_change": (_setting, [Role.TEACHER, Role.POLITICIAN], Role.SECRETARIAT),
    "plan_wish_add": (_wish, [Role.CAREER_COUNSELLOR, Role.GUARDIAN], Role.YOUNG_PERSON),
    "destination_statement_set": (
        _statement,
        [Role.SECRETARIAT, Role.GUARDIAN],
        Role.YOUNG_PERSON,
    ),
    "plan_step_add": (_step, [Role.TEACHER, Role.GUARDIAN], Role.CAREER_COUNSELLOR),
    "plan_step_complete": (_step_complete, [Role.TEACHER, Role.GUARDIAN], Role.CAREER_COUNSELLOR),
    "plan_comment_add": (
        _plan_comment,
        [Role.TEACHER, Role.YOUNG_PERSON, Role.GUARDIAN],
        Role.WORK_EXPERIENCE_COORDINATOR,
    ),
    "plan_cosign": (_cosign, [Role.YOUNG_PERSON, Role.CAREER_COUNSELLOR], Role.GUARDIAN),
    "transition_record": (_transition, [Role.TEACHER, Role.GUARDIAN], Role.CAREER_COUNSELLOR),
    "coordination_meeting_add": (
        _meeting,
        [Role.TEACHER, Role.YOUNG_PERSON, Role.GUARDIAN],
        Role.WORK_EXPERIENCE_COORDINATOR,
    ),
    "coordination_action_add": (_action, [Role.TEACHER, Role.PARTNER_CONTACT], Role.SECRETARIAT),
    "coordination_action_complete": (
        _action_complete,
        [Role.YOUNG_PERSON, Role.GUARDIAN],
        Role.CAREER_COUNSELLOR,
    ),
}


@pytest.mark.parametrize(
    ("name", "role"),
    [(name, role) for name, (_, refused, _) in RECORD_CASES.items() for role in refused],
)
def test_a_refused_user_is_refused_by_each_record_service(world, name, role):
    call = RECORD_CASES[name][0]
    if name in SETUPS:
        SETUPS[name](world)
    events = AuditEvent.objects.exclude(action=services.ACTIVITY_RECORD).count()
    with pytest.raises(PermissionDenied):
        call(world, world.users[role])
    assert AuditEvent.objects.exclude(action=services.ACTIVITY_RECORD).count() == events


@pytest.mark.parametrize("name", sorted(RECORD_CASES))
def test_each_record_service_leaves_an_audit_event_naming_its_actor(world, name):
    call, _, role = RECORD_CASES[name]
    user = world.users[role]
    if name in SETUPS:
        SETUPS[name](world)
    call(world, user)
    assert AuditEvent.objects.filter(actor=user).exclude(action=services.ACTIVITY_RECORD).exists()


def test_nobody_writes_in_another_municipalitys_record(world):
    outsider = user_create(
        acting_user=None,
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
    )
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.activity_record(**_kwargs(world), acting_user=outsider)
    assert not Activity.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", [Role.PARTNER_CONTACT, Role.WORK_EXPERIENCE_COORDINATOR, None])
def test_a_recorded_activity_leaves_an_audit_event(world, role):
    actor = world.users[role] if role else None
    activity = services.activity_record(**_kwargs(world), acting_user=actor)
    event = AuditEvent.objects.get(action=services.ACTIVITY_RECORD)
    assert event.actor == actor and event.object_id == str(activity.uuid)
    assert event.changes["status"] == [None, "PLANNED"]
    # recording the same source again with a new status records the change only
    services.activity_record(
        **{**_kwargs(world), "source_key": "test:policy"},
        status=Activity.Status.COMPLETED,
        acting_user=actor,
    )
    latest = AuditEvent.objects.filter(action=services.ACTIVITY_RECORD).latest("pk")
    assert latest.changes == {"status": ["PLANNED", "COMPLETED"]}
