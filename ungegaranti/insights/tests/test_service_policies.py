"""Every write service of insight asks its policy itself: called directly by each persona it
refuses, it raises PermissionDenied and changes nothing; by the one role it is for (the
secretariat, or the researcher for an export) it leaves an audit event. A new public service
without a row fails `test_every_write_service_has_a_row`."""

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AccessLogEntry, AuditEvent, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.insights import services
from ungegaranti.insights.models import Budget, ResearchExport, ResearchProject

from .research_helpers import project_fields, register_project


def _project_fields(world: Any) -> dict[str, Any]:
    return {"municipality": world.municipality, **project_fields(world)}


ROWS: dict[str, tuple[Callable[[Any], dict[str, Any]], str, Role]] = {
    "budget_set": (
        lambda w: {"municipality": w.municipality, "year": 2026, "amount_dkk": 18_000_000},
        services.BUDGET_SET,
        Role.SECRETARIAT,
    ),
    "research_project_register": (
        _project_fields,
        services.PROJECT_REGISTER,
        Role.SECRETARIAT,
    ),
    "research_export_request": (
        lambda w: {"project": register_project(w)},
        services.EXPORT_REQUEST,
        Role.RESEARCHER,
    ),
}


def personas(world: Any) -> dict[str, User]:
    users = {role.value: user for role, user in world.users.items()}
    users["FOREIGN_SECRETARIAT"] = user_create(
        acting_user=None,
        username="sekretariat-707",
        password=None,
        role=Role.SECRETARIAT,
        municipality=world.other_municipality,
    )
    return users


def state() -> tuple[Any, ...]:
    return (
        list(Budget.objects.order_by("pk").values()),
        ResearchProject.objects.count(),
        ResearchExport.objects.count(),
        AccessLogEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def write_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_write_service_has_a_row():
    assert set(write_services()) == set(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_only_the_municipality_s_own_role_may_write_and_is_audited(world, name):
    prepare, action, role = ROWS[name]
    service = write_services()[name]
    arguments = prepare(world)
    users = personas(world)  # creating the foreign secretariat is audited: before the count
    before = state()
    for persona, user in sorted(users.items()):
        if persona == role.value:
            continue
        with pytest.raises(PermissionDenied):
            service(**arguments, acting_user=user)
        assert state() == before, f"{name} as {persona} changed something"
    allowed = world.users[role]
    service(**arguments, acting_user=allowed)
    event = AuditEvent.objects.get(action=action, actor=allowed)
    assert event.municipality_id == world.municipality.pk
