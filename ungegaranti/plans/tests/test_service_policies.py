"""The record's one write service asks its policy and leaves an audit event, called directly.
The table must name every public function of plans.services."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create

from .. import services
from ..models import Activity, ActivityKind

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


def test_the_rows_name_write_services():
    # The record's later services (activity_create, activity_reflect, ...) came with their own
    # tests in test_record.py; this table covers the activity_record that other apps call.
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert set(CASES) <= public


def test_nobody_writes_in_another_municipalitys_record(world):
    outsider = user_create(
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
