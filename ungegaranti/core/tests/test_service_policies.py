"""Every write service of core asks its policy and leaves an audit event, called directly.
Logins are kept by the secretariat of their municipality; acting_user None is the system (the
demo builder, a command, the login flow). The table must name every public function of
core.services."""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ungegaranti.core import access_review, retention, services
from ungegaranti.core.models import (
    AccessLogEntry,
    AccessReviewFlag,
    AuditEvent,
    LegalHold,
    RetentionRule,
    User,
)
from ungegaranti.core.roles import Role

pytestmark = pytest.mark.django_db

CASES: dict[str, tuple[Callable[[Any], dict[str, Any]], str]] = {
    "user_create": (
        lambda w: {
            "username": "ny-laerer",
            "password": None,
            "role": Role.TEACHER,
            "municipality": w.municipality,
        },
        services.USER_CREATE,
    ),
    "user_uni_id_set": (
        lambda w: {"user": w.users[Role.TEACHER], "uni_id": "hanne123"},
        services.USER_UNI_ID_SET,
    ),
    "user_sessions_end": (
        lambda w: {"user": w.users[Role.TEACHER]},
        services.USER_SESSIONS_END,
    ),
}

# Not write services of a domain: the log and the trail themselves, the role groups, and the
# role a broker asserts at each login (identity.services records that event).
INFRASTRUCTURE = {
    "access_log_record",
    "access_log_login_refused",
    "audit_record",
    "role_groups_ensure",
    "user_role_set",
}


def _outsiders(world: Any, name: str) -> dict[str, User]:
    """Everyone but the municipality's own secretariat (and, for their own sessions, the
    user: the teacher), and another municipality's secretariat."""
    allowed = (
        {Role.SECRETARIAT, Role.TEACHER} if name == "user_sessions_end" else {Role.SECRETARIAT}
    )
    refused = {role.value: world.users[role] for role in Role if role not in allowed}
    refused["other_secretariat"] = services.user_create(
        username="sekretariat-norddjurs",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
        acting_user=None,
    )
    return refused


def _state() -> tuple[Any, ...]:
    return (
        tuple(User.objects.order_by("pk").values_list("pk", "uni_id", "session_salt")),
        AuditEvent.objects.count(),
    )


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public - INFRASTRUCTURE == set(CASES), "each write service needs a row in CASES"


@pytest.mark.parametrize("name", sorted(CASES))
def test_only_the_municipalitys_secretariat_may_keep_its_logins(world, name):
    setup, _action = CASES[name]
    kwargs = setup(world)
    service = getattr(services, name)
    for who, user in _outsiders(world, name).items():
        before = _state()
        with pytest.raises(PermissionDenied):
            service(**kwargs, acting_user=user)
        assert _state() == before, f"{name} as {who} changed something"


@pytest.mark.parametrize("actor", ["secretariat", "system"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_write_leaves_an_audit_event(world, name, actor):
    setup, action = CASES[name]
    user = world.users[Role.SECRETARIAT] if actor == "secretariat" else None
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    getattr(services, name)(**setup(world), acting_user=user)
    events = AuditEvent.objects.filter(pk__gt=latest, action=action)
    assert events.exists(), f"{name} recorded no {action}"
    assert {e.actor_id for e in events} == {user.pk if user else None}
    assert all(e.municipality_id == world.municipality.pk for e in events)


def test_the_secretariat_cannot_make_an_administrator(world):
    with pytest.raises(PermissionDenied):
        services.user_create(
            username="admin2",
            password=None,
            role=Role.SECRETARIAT,
            municipality=world.municipality,
            is_superuser=True,
            acting_user=world.users[Role.SECRETARIAT],
        )
    assert not User.objects.filter(username="admin2").exists()


def test_a_user_logs_themself_out_everywhere(world):
    teacher = world.users[Role.TEACHER]
    before = teacher.session_salt
    services.user_sessions_end(user=teacher, acting_user=teacher)
    teacher.refresh_from_db()
    assert teacher.session_salt != before


# --- the other write services of core: retention rules, legal holds, the access review -------

# The system's own runs (the schedule): no acting user to refuse, each leaves an event.
SYSTEM_RUNS = {"access_review_build", "retention_apply"}


def _flag(world: Any) -> Any:
    services.access_log_record(
        user=world.users[Role.TEACHER],
        action=AccessLogEntry.Action.DENIED,
        purpose="",
        young_person=world.pupil_a,
    )
    month = timezone.localdate().replace(day=1)
    return access_review.access_review_build(
        municipality=world.municipality, month=month
    ).flags.get()


def _hold(world: Any) -> Any:
    return retention.legal_hold_place(
        obj=world.pupil_a, reason="Klagesag", acting_user=world.users[Role.SECRETARIAT]
    )


ADMIN_CASES: dict[str, tuple[Any, Callable[[Any], dict[str, Any]], str]] = {
    "retention_rule_set": (
        retention,
        lambda w: {
            "municipality": w.municipality,
            "kind": "notifications.notification",
            "period_days": 400,
            "enabled": False,
        },
        retention.RULE_SET,
    ),
    "legal_hold_place": (
        retention,
        lambda w: {"obj": w.pupil_a, "reason": "Klagesag"},
        retention.HOLD_PLACE,
    ),
    "legal_hold_release": (retention, lambda w: {"hold": _hold(w)}, retention.HOLD_RELEASE),
    "access_review_flag_mark": (
        access_review,
        lambda w: {"flag": _flag(w), "note": "Talt med læreren."},
        access_review.FLAG_MARK,
    ),
}


def _audited_functions(module: Any) -> set[str]:
    """The module's public functions that record an audit event: its write services."""
    return {
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "audit_record(" in inspect.getsource(function)
    }


def test_every_audited_function_of_retention_and_the_access_review_has_a_row():
    audited = _audited_functions(retention) | _audited_functions(access_review)
    assert audited - SYSTEM_RUNS == set(ADMIN_CASES)


def _admin_state() -> tuple[Any, ...]:
    return (
        tuple(RetentionRule.objects.order_by("pk").values_list("pk", "period_days", "enabled")),
        tuple(LegalHold.objects.order_by("pk").values_list("pk", "released_at")),
        tuple(AccessReviewFlag.objects.order_by("pk").values_list("pk", "reviewed_at")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(ADMIN_CASES))
def test_only_the_municipalitys_secretariat_keeps_retention_and_reviews(world, name):
    module, setup, action = ADMIN_CASES[name]
    kwargs = setup(world)
    service = getattr(module, name)
    refused: dict[str, Any] = _outsiders(world, name)
    refused["system"] = None  # a scheduled job never decides what to keep or what was found
    for who, user in refused.items():
        before = _admin_state()
        with pytest.raises(PermissionDenied):
            service(**kwargs, acting_user=user)
        assert _admin_state() == before, f"{name} as {who} changed something"
    secretariat = world.users[Role.SECRETARIAT]
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    service(**kwargs, acting_user=secretariat)
    event = AuditEvent.objects.get(pk__gt=latest, action=action)
    assert event.actor_id == secretariat.pk
    assert event.municipality_id == world.municipality.pk


def test_no_hold_is_placed_on_another_municipalitys_young_person(world):
    with pytest.raises(PermissionDenied):
        retention.legal_hold_place(
            obj=world.foreign_pupil, reason="Klagesag", acting_user=world.users[Role.SECRETARIAT]
        )
    assert not LegalHold.objects.exists()
