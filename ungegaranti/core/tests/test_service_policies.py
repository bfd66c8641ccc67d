"""Every write service of core asks its policy and leaves an audit event, called directly.
Logins are kept by the secretariat of their municipality; acting_user None is the system (the
demo builder, a command, the login flow). The table must name every public function of
core.services."""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core import services
from ungegaranti.core.models import AuditEvent, User
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
