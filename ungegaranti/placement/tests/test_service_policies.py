"""Every write service of placement asks its policy and leaves an audit event, called directly
(not through a view). The table must name every public function of placement.services: a new
write service without a row here fails the test."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AuditEvent, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.notifications.models import Notification
from ungegaranti.people.models import SchoolDistrict
from ungegaranti.plans.models import Activity

from .. import services
from ..models import Lock, Placement, Round, RoundOffer, Run, Wish
from .helpers import draft_round, open_round, pupil, round_dates, wish, wp_offer


def _coordinator(world: Any) -> User:
    return world.users[Role.WORK_EXPERIENCE_COORDINATOR]


def _closed(world: Any) -> Round:
    round = open_round(world)
    wish(world, round, world.pupil_a, "Smed")
    return services.round_close(round=round, acting_user=_coordinator(world))


def _create_kwargs(world: Any) -> dict[str, Any]:
    deadline, start, end = round_dates()
    return {
        "name": "Erhvervspraktik 8. klasse",
        "grades": [8],
        "start_date": start,
        "end_date": end,
        "wish_deadline_date": deadline,
        "district": world.school_a.district,
    }


def _offers_kwargs(world: Any) -> dict[str, Any]:
    return {"round": draft_round(world), "seats": {wp_offer(world, "Smed").uuid: 1}}


def _open_kwargs(world: Any) -> dict[str, Any]:
    return {"round": draft_round(world, offers={wp_offer(world, "Smed"): 1})}


def _wishes_kwargs(world: Any) -> dict[str, Any]:
    round = open_round(world)
    return {
        "round": round,
        "young_person": world.pupil_a,
        "round_offers": [round.round_offers.get()],
    }


def _lock_kwargs(world: Any) -> dict[str, Any]:
    round = open_round(world)
    return {"round": round, "young_person": world.pupil_a, "round_offer": round.round_offers.get()}


def _publish_kwargs(world: Any) -> dict[str, Any]:
    round = _closed(world)
    run = services.run_create(round=round, mechanism="optimal", acting_user=_coordinator(world))
    return {"round": round, "run": run}


@dataclass(frozen=True)
class Case:
    setup: Callable[[Any], dict[str, Any]]
    allowed: Callable[[Any], User]  # an actor the policy lets through
    refused: tuple[str, ...]  # actors (names in _outsiders) the policy refuses
    action: str  # the audit code the service records


MANAGERS_ONLY = ("coordinator_b", "other_secretariat", "teacher", "partner", "pupil", "counsellor")

CASES: dict[str, Case] = {
    "round_create": Case(
        _create_kwargs,
        _coordinator,
        ("coordinator_b", "other_secretariat", "teacher", "partner", "pupil"),
        services.ROUND_CREATE,
    ),
    "round_offers_set": Case(
        _offers_kwargs, _coordinator, MANAGERS_ONLY, services.ROUND_OFFERS_SET
    ),
    "round_open": Case(_open_kwargs, _coordinator, MANAGERS_ONLY, services.ROUND_OPEN),
    "round_close": Case(
        lambda w: {"round": open_round(w)}, _coordinator, MANAGERS_ONLY, services.ROUND_CLOSE
    ),
    "round_reopen": Case(
        lambda w: {"round": _closed(w)}, _coordinator, MANAGERS_ONLY, services.ROUND_REOPEN
    ),
    "wishes_set": Case(
        _wishes_kwargs,
        lambda w: w.users[Role.YOUNG_PERSON],
        ("coordinator_b", "other_secretariat", "teacher_b", "guardian", "partner", "otto"),
        services.WISHES_SET,
    ),
    "lock_set": Case(_lock_kwargs, _coordinator, MANAGERS_ONLY, services.LOCK_SET),
    "run_create": Case(
        lambda w: {"round": _closed(w), "mechanism": "optimal"},
        _coordinator,
        MANAGERS_ONLY,
        services.RUN_CREATE,
    ),
    "runs_create_both": Case(
        lambda w: {"round": _closed(w)}, _coordinator, MANAGERS_ONLY, services.RUN_CREATE
    ),
    "runs_create_enqueue": Case(
        lambda w: {"round": _closed(w)}, _coordinator, MANAGERS_ONLY, services.RUNS_QUEUE
    ),
    "round_publish": Case(
        _publish_kwargs,
        lambda w: w.users[Role.SECRETARIAT],
        MANAGERS_ONLY,
        services.ROUND_PUBLISH,
    ),
}


def _outsiders(world: Any) -> dict[str, User]:
    """Logins the round's policies must refuse: another district's coordinator and teacher,
    another municipality's secretariat, and roles that never manage a round."""
    district_b = SchoolDistrict.objects.get(name="Distrikt B")
    otto = pupil(world, "Otto", 11, login=True)
    return {
        "coordinator_b": user_create(
            acting_user=None,
            username="koordinator-b",
            password=None,
            role=Role.WORK_EXPERIENCE_COORDINATOR,
            municipality=world.municipality,
            district=district_b,
        ),
        "teacher_b": user_create(
            acting_user=None,
            username="laerer-b",
            password=None,
            role=Role.TEACHER,
            municipality=world.municipality,
            teaching_classes=[world.class_b],
        ),
        "other_secretariat": user_create(
            acting_user=None,
            username="sekretariat-norddjurs",
            password=None,
            role=Role.SECRETARIAT,
            municipality=world.other_municipality,
        ),
        "teacher": world.users[Role.TEACHER],
        "guardian": world.users[Role.GUARDIAN],
        "partner": world.users[Role.PARTNER_CONTACT],
        "pupil": world.users[Role.YOUNG_PERSON],
        "counsellor": world.users[Role.GUIDANCE_COUNSELLOR],
        "otto": otto.user,
    }


def _state() -> tuple[Any, ...]:
    """What any placement write could change."""
    return (
        tuple(Round.objects.order_by("pk").values_list("pk", "status", "published_run_id")),
        tuple(RoundOffer.objects.order_by("pk").values_list("pk", "seats")),
        tuple(Wish.objects.order_by("pk").values_list("pk", "round_offer_id", "rank")),
        tuple(Lock.objects.order_by("pk").values_list("pk", "round_offer_id")),
        Run.objects.count(),
        Placement.objects.count(),
        Activity.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public == set(CASES), "each write service needs a row in CASES"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_refused_user_gets_permission_denied_and_nothing_changes(world, name):
    case = CASES[name]
    outsiders = _outsiders(world)
    kwargs = case.setup(world)
    service = getattr(services, name)
    for who in case.refused:
        before = _state()
        with pytest.raises(PermissionDenied):
            service(**kwargs, acting_user=outsiders[who])
        assert _state() == before, f"{name} as {who} changed something"


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_allowed_call_leaves_an_audit_event_naming_the_actor(world, name):
    case = CASES[name]
    kwargs = case.setup(world)
    actor = case.allowed(world)
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    getattr(services, name)(**kwargs, acting_user=actor)
    events = AuditEvent.objects.filter(pk__gt=latest, action=case.action)
    assert events.exists(), f"{name} recorded no {case.action}"
    assert {e.actor_id for e in events} == {actor.pk}
    assert all(e.municipality_id == world.municipality.pk for e in events)


def test_the_round_history_tells_who_did_what(world):
    coordinator = _coordinator(world)
    round = _closed(world)
    run = services.run_create(round=round, mechanism="optimal", acting_user=coordinator)
    services.round_publish(round=round, run=run, acting_user=world.users[Role.SECRETARIAT])
    events = list(AuditEvent.objects.filter(object_id=str(round.uuid)).order_by("pk"))
    assert [e.action for e in events] == [
        services.ROUND_CREATE,
        services.ROUND_OFFERS_SET,
        services.ROUND_OPEN,
        services.ROUND_CLOSE,
        services.RUN_CREATE,
        services.ROUND_PUBLISH,
    ]
    publish = events[-1]
    assert publish.actor_username == "sekretariat"
    assert publish.changes == {
        "status": ["CLOSED", "PUBLISHED"],
        "published_run": [None, str(run.uuid)],
    }
    assert events[3].changes == {"status": ["OPEN", "CLOSED"]}
    assert events[1].changes == {"Smed": [None, 2]}
    # the pupil's wishes are filed under the pupil, naming the round
    wishes = AuditEvent.objects.get(action=services.WISHES_SET)
    assert wishes.object_id == str(world.pupil_a.uuid)
    assert wishes.changes == {f"ønsker: {round.name}": [None, "Smed"]}


def test_a_lock_records_the_place_before_and_after(world):
    round = open_round(world, offers={wp_offer(world, "Smed"): 1, wp_offer(world, "Kok"): 1})
    smed, kok = (round.round_offers.get(offer__title=t) for t in ("Smed", "Kok"))
    for ro in (smed, kok, None):
        services.lock_set(
            round=round,
            young_person=world.pupil_a,
            round_offer=ro,
            acting_user=_coordinator(world),
        )
    changes = [
        e.changes for e in AuditEvent.objects.filter(action=services.LOCK_SET).order_by("pk")
    ]
    partner = world.partner_a.name
    assert changes == [
        {"Asta Andersen": [None, f"Smed ({partner})"]},
        {"Asta Andersen": [f"Smed ({partner})", f"Kok ({partner})"]},
        {"Asta Andersen": [f"Kok ({partner})", None]},
    ]


# --- the erhvervspraktik modules: campaigns, own places, agreements, the days counted -------

from datetime import time as _time  # noqa: E402

from .. import agreements, attendance, campaigns, own_places  # noqa: E402
from ..models import Agreement, AttendanceDay, Campaign, Incident, Invitation, OwnPlace  # noqa: E402
from .helpers import own_place_values  # noqa: E402

FEATURE_MODULES = (campaigns, own_places, agreements, attendance)


def _campaign(world: Any) -> Campaign:
    round = open_round(world, offers={wp_offer(world, "Kok", partner=world.partner_b): 1})
    return campaigns.campaign_start(round=round, acting_user=_coordinator(world))


def _seat_offer() -> Any:
    _, start, end = round_dates()
    return campaigns.SeatOffer(
        seats=2,
        start_date=start,
        end_date=end,
        day_starts_at=_time(8, 0),
        day_ends_at=_time(14, 0),
        break_minutes=30,
        tasks="",
        light_work=True,
    )


def _own(world: Any) -> OwnPlace:
    return own_places.own_place_propose(
        round=open_round(world),
        young_person=world.pupil_a,
        acting_user=world.users[Role.YOUNG_PERSON],
        **own_place_values(),
    )


def _agreement(world: Any) -> Agreement:
    round = _closed(world)
    run = services.run_create(round=round, mechanism="optimal", acting_user=_coordinator(world))
    services.round_publish(round=round, run=run, acting_user=_coordinator(world))
    return Agreement.objects.get(placement__round=round, placement__young_person=world.pupil_a)


def _past_placement(world: Any) -> Any:
    from .test_attendance import _past

    agreement = _agreement(world)
    _past(agreement.placement.round)
    return Placement.objects.get(pk=agreement.placement_id)


def _day_kwargs(world: Any) -> dict[str, Any]:
    placement = _past_placement(world)
    return {"placement": placement, "days": {attendance.working_days(placement)[0]: True}}


def _incident_kwargs(world: Any) -> dict[str, Any]:
    from datetime import datetime

    from django.utils import timezone

    placement = _past_placement(world)
    day = attendance.working_days(placement)[0]
    return {
        "placement": placement,
        "occurred_at": timezone.make_aware(datetime.combine(day, _time(10))),
        "description": "Faldt på trappen.",
        "injury": True,
    }


FEATURE_CASES: dict[str, Case] = {
    "campaign_start": Case(
        lambda w: {"round": open_round(w, offers={wp_offer(w, "Kok", partner=w.partner_b): 1})},
        _coordinator,
        MANAGERS_ONLY,
        campaigns.CAMPAIGN_START,
    ),
    "campaign_remind": Case(
        lambda w: {"campaign": _campaign(w)}, _coordinator, MANAGERS_ONLY, campaigns.CAMPAIGN_REMIND
    ),
    # the link's own holder is the system (None) or the invited company's contact
    "invitation_offer": Case(
        lambda w: {"invitation": _campaign(w).invitations.get(), "answer": _seat_offer()},
        lambda w: w.users[Role.PARTNER_CONTACT],
        ("coordinator_b", "other_secretariat", "teacher", "pupil", "counsellor"),
        campaigns.INVITATION_OFFER,
    ),
    "invitation_decline": Case(
        lambda w: {"invitation": _campaign(w).invitations.get()},
        lambda w: w.users[Role.PARTNER_CONTACT],
        ("coordinator_b", "other_secretariat", "teacher", "pupil", "counsellor"),
        campaigns.INVITATION_DECLINE,
    ),
    "own_place_propose": Case(
        lambda w: {"round": open_round(w), "young_person": w.pupil_a, **own_place_values()},
        lambda w: w.users[Role.GUARDIAN],
        ("coordinator_b", "other_secretariat", "teacher", "partner", "otto", "counsellor"),
        own_places.OWN_PLACE_PROPOSE,
    ),
    "own_place_decide": Case(
        lambda w: {"own_place": _own(w), "approve": True},
        _coordinator,
        MANAGERS_ONLY,
        own_places.OWN_PLACE_DECIDE,
    ),
    "agreement_confirm": Case(
        lambda w: {"agreement": _agreement(w), "party": "guardian"},
        lambda w: w.users[Role.GUARDIAN],
        ("coordinator_b", "other_secretariat", "teacher", "partner", "pupil", "otto"),
        agreements.AGREEMENT_CONFIRM,
    ),
    "agreement_confirm_by_link": Case(
        lambda w: {"agreement": _agreement(w), "name": "Per Partner", "risk_assessed": True},
        lambda w: w.users[Role.PARTNER_CONTACT],
        ("coordinator_b", "other_secretariat", "teacher", "pupil", "otto"),
        agreements.AGREEMENT_CONFIRM,
    ),
    "agreement_remind": Case(
        lambda w: {"agreement": _agreement(w)},
        _coordinator,
        MANAGERS_ONLY,
        agreements.AGREEMENT_REMIND,
    ),
    "attendance_set": Case(
        _day_kwargs,
        lambda w: w.users[Role.PARTNER_CONTACT],
        ("coordinator_b", "other_secretariat", "teacher_b", "guardian", "pupil", "counsellor"),
        attendance.ATTENDANCE_SET,
    ),
    "feedback_set": Case(
        lambda w: {"placement": _past_placement(w), "text": "Mødte stabilt og var nysgerrig."},
        lambda w: w.users[Role.PARTNER_CONTACT],
        ("coordinator_b", "other_secretariat", "teacher_b", "guardian", "pupil", "counsellor"),
        attendance.FEEDBACK_SET,
    ),
    "incident_report": Case(
        _incident_kwargs,
        lambda w: w.users[Role.TEACHER],
        ("coordinator_b", "other_secretariat", "teacher_b", "guardian", "pupil", "counsellor"),
        attendance.INCIDENT_REPORT,
    ),
}


def _feature_state() -> tuple[Any, ...]:
    return (
        _state(),
        tuple(Invitation.objects.order_by("pk").values_list("answer", "seats")),
        Campaign.objects.count(),
        tuple(OwnPlace.objects.order_by("pk").values_list("status", flat=True)),
        tuple(
            Agreement.objects.order_by("pk").values_list(
                "company_confirmed_at", "guardian_confirmed_at", "pupil_confirmed_at", "reminded_at"
            )
        ),
        tuple(Placement.objects.order_by("pk").values_list("feedback", flat=True)),
        AttendanceDay.objects.count(),
        Incident.objects.count(),
    )


def _module_of(name: str) -> Any:
    return next(m for m in FEATURE_MODULES if hasattr(m, name))


def test_every_write_service_of_the_feature_modules_has_a_row():
    public = {
        name
        for module in FEATURE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and (
            "audit_record(" in inspect.getsource(function)
            or "_record(" in inspect.getsource(function)
        )
    }
    assert public == set(FEATURE_CASES), "each write service needs a row in FEATURE_CASES"


@pytest.mark.parametrize("name", sorted(FEATURE_CASES))
def test_a_refused_user_of_a_feature_service_gets_permission_denied(world, name):
    case = FEATURE_CASES[name]
    outsiders = _outsiders(world)
    kwargs = case.setup(world)
    service = getattr(_module_of(name), name)
    for who in case.refused:
        before = _feature_state()
        with pytest.raises(PermissionDenied):
            service(**kwargs, acting_user=outsiders[who])
        assert _feature_state() == before, f"{name} as {who} changed something"


@pytest.mark.parametrize("name", sorted(FEATURE_CASES))
def test_an_allowed_feature_call_leaves_an_audit_event_naming_the_actor(world, name):
    """(The link services are also called without a login, actor None, in test_campaigns.py
    and test_agreements.py.)"""
    case = FEATURE_CASES[name]
    kwargs = case.setup(world)
    actor = case.allowed(world)
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    getattr(_module_of(name), name)(**kwargs, acting_user=actor)
    events = AuditEvent.objects.filter(pk__gt=latest, action=case.action)
    assert events.exists(), f"{name} recorded no {case.action}"
    assert {e.actor_id for e in events} == {actor.pk}
    assert all(e.municipality_id == world.municipality.pk for e in events)
