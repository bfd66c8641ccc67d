import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError

from ungegaranti.core.audit import audit_action, audit_action_label, changed, snapshot
from ungegaranti.core.models import AuditEvent
from ungegaranti.core.permissions import can_view_history
from ungegaranti.core.roles import Role
from ungegaranti.core.selectors import audit_events_for
from ungegaranti.core.services import audit_record

TEST_ACTION = audit_action("core.test.touch", "Rørt ved")


def test_an_event_names_actor_action_object_and_municipality(world):
    actor = world.users[Role.SECRETARIAT]
    event = audit_record(
        actor=actor, action=TEST_ACTION, obj=world.school_a, changes={"name": ["A", "B"]}
    )
    assert (event.actor_username, event.actor_role) == (actor.username, Role.SECRETARIAT)
    assert event.municipality == world.municipality
    assert (event.object_type, event.object_id) == ("people.school", str(world.school_a.uuid))
    assert event.action_label == "Rørt ved"
    # (the world's schools already carry their own "created" events)
    assert list(audit_events_for(obj=world.school_a).filter(action=TEST_ACTION)) == [event]
    assert not audit_events_for(obj=world.school_b).filter(action=TEST_ACTION).exists()


def test_the_system_may_act_without_a_user(world):
    event = audit_record(actor=None, action=TEST_ACTION, obj=world.school_a)
    assert event.actor is None and event.actor_username == ""
    assert event.municipality == world.municipality


def test_an_unknown_code_reads_as_itself():
    assert audit_action_label("no.such.action") == "no.such.action"


def test_snapshot_and_changed_leave_secrets_out(world):
    before = snapshot(world.pupil_a, ["first_name", "cpr_digest", "school"])
    assert "cpr_digest" not in before
    assert before["school"] == world.school_a.pk
    after = dict(before, first_name="Ny")
    assert changed(before, after) == {"first_name": [world.pupil_a.first_name, "Ny"]}


def test_the_trail_is_append_only_in_the_orm(world):
    event = audit_record(actor=None, action=TEST_ACTION, obj=world.school_a)
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_raw_changes_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the append-only trigger exists on PostgreSQL (production); SQLite has ORM guards"
        )
    event = audit_record(actor=None, action=TEST_ACTION, obj=world.school_a)
    for sql in (
        "UPDATE core_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == TEST_ACTION


@pytest.mark.parametrize("role", list(Role))
def test_only_the_secretariat_of_the_objects_municipality_reads_history(world, role):
    assert can_view_history(world.users[role], world.school_a) == (role == Role.SECRETARIAT)
    assert not can_view_history(world.users[Role.SECRETARIAT], world.foreign_pupil)


def test_history_rows_word_fields_and_values_as_the_pages_do(world):
    from ungegaranti.core.audit import change_rows

    rows = change_rows(
        "people.youngperson",
        {
            "first_name": ["Mads", "Mathias"],
            "school_class": [None, world.pupil_a.school_class_id],
            "gone_field": ["a", "b"],
        },
    )
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("Fornavn", "Mads", "Mathias"),
        ("Klasse", "–", str(world.pupil_a.school_class)),
        ("gone_field", "a", "b"),
    ]


def test_history_rows_word_dates_and_yes_no():
    from ungegaranti.core.audit import change_rows

    rows = change_rows("core.retentionrule", {"enabled": [False, True]})
    assert (rows[0].before, rows[0].after) == ("Nej", "Ja")
    rows = change_rows("calendar.event", {"signup_closes_date": ["2026-08-03", "2026-08-10"]})
    assert (rows[0].before, rows[0].after) == ("3. aug. 2026", "10. aug. 2026")


def test_history_rows_take_a_bare_value_as_the_new_one():
    from ungegaranti.core.audit import change_rows

    rows = change_rows("plans.plan", {"v": 3, "kind": "EDUCATION"})
    assert [(r.label, r.before, r.after) for r in rows] == [
        ("v", "–", "3"),
        ("Ønske om", "–", "Uddannelse"),  # the field of the plan's wish
    ]
