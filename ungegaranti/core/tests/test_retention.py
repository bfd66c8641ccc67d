from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent, RetentionRule
from ungegaranti.core.retention import (
    KINDS,
    legal_hold_place,
    legal_hold_release,
    retention_apply,
    retention_report,
    retention_rule_set,
)
from ungegaranti.core.roles import Role
from ungegaranti.notifications.models import Notification
from ungegaranti.notifications.services import notify

# Ages are counted back from the moment the test runs, so the result is the same on any date.
NOW = timezone.now()


def _aged(model, obj, days):
    model.objects.filter(pk=obj.pk).update(created_at=NOW - timedelta(days=days))


@pytest.fixture
def secretariat(world):
    return world.users[Role.SECRETARIAT]


def _notifications(world, ages):
    user = world.users[Role.TEACHER]
    made = []
    for days in ages:
        n = notify(recipient=user, subject=f"{days} dage gammel")
        _aged(Notification, n, days)
        made.append(n)
    return made


def _line(report, code):
    return next(line for line in report if line.kind.code == code)


def test_the_dry_run_lists_exactly_the_expired_rows(world, secretariat):
    retention_rule_set(
        municipality=secretariat.municipality,
        kind="notifications.notification",
        period_days=365,
        enabled=False,
        acting_user=secretariat,
    )
    kept_today, kept_at_the_edge, expired, long_expired = _notifications(
        world, [0, 365 - 1, 365 + 1, 800]
    )
    line = _line(
        retention_report(municipality=secretariat.municipality, now=NOW),
        "notifications.notification",
    )
    assert line.expired_pks == sorted([expired.pk, long_expired.pk])
    assert line.held == 0
    # a dry run deletes nothing, and a rule that is off deletes nothing either
    assert retention_apply(municipality=secretariat.municipality, now=NOW) == {}
    assert Notification.objects.count() == 4


def test_an_enabled_rule_deletes_what_the_report_listed_and_says_so(world, secretariat):
    retention_rule_set(
        municipality=secretariat.municipality,
        kind="notifications.notification",
        period_days=365,
        enabled=True,
        archive_permission="Hjørring Stadsarkiv j.nr. 2027-14",
        acting_user=secretariat,
    )
    fresh, old = _notifications(world, [10, 400])
    report = _line(
        retention_report(municipality=secretariat.municipality, now=NOW),
        "notifications.notification",
    )
    assert report.expired_pks == [old.pk]
    deleted = retention_apply(municipality=secretariat.municipality, now=NOW)
    assert deleted["notifications.notification"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [fresh.pk]
    event = AuditEvent.objects.filter(action="core.retention.erase").get()
    assert event.changes["deleted"] == 1 and event.actor is None


def test_a_legal_hold_keeps_a_row_until_it_is_released(world, secretariat):
    retention_rule_set(
        municipality=secretariat.municipality,
        kind="notifications.notification",
        period_days=30,
        enabled=True,
        archive_permission="j.nr. 1",
        acting_user=secretariat,
    )
    (old,) = _notifications(world, [100])
    hold = legal_hold_place(obj=old, reason="Klagesag hos Ankestyrelsen", acting_user=secretariat)
    line = _line(
        retention_report(municipality=secretariat.municipality, now=NOW),
        "notifications.notification",
    )
    assert line.expired_pks == [] and line.held == 1
    assert retention_apply(municipality=secretariat.municipality, now=NOW) == {}
    legal_hold_release(hold=hold, acting_user=secretariat)
    assert retention_apply(municipality=secretariat.municipality, now=NOW) == {
        "notifications.notification": 1
    }


def test_a_negative_period_is_refused_by_the_service_and_the_database(world, secretariat):
    with pytest.raises(ValidationError) as error:
        retention_rule_set(
            municipality=secretariat.municipality,
            kind="notifications.notification",
            period_days=-1,
            enabled=False,
            acting_user=secretariat,
        )
    assert "negativ" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.create(municipality=secretariat.municipality, kind="x", period_days=0)
        RetentionRule.objects.filter(kind="x").update(period_days=-5)
    assert not RetentionRule.objects.exists()


def test_the_access_log_is_kept_at_least_six_months(world, secretariat):
    assert KINDS["core.access_log"].minimum_days == 183
    with pytest.raises(ValidationError):
        retention_rule_set(
            municipality=secretariat.municipality,
            kind="core.access_log",
            period_days=182,
            enabled=False,
            acting_user=secretariat,
        )


def test_switching_a_rule_on_needs_the_archive_permission_and_the_secretariat(world, secretariat):
    with pytest.raises(ValidationError):
        retention_rule_set(
            municipality=secretariat.municipality,
            kind="notifications.notification",
            period_days=365,
            enabled=True,
            acting_user=secretariat,
        )
    with pytest.raises(PermissionDenied):
        retention_rule_set(
            municipality=secretariat.municipality,
            kind="notifications.notification",
            period_days=365,
            enabled=False,
            acting_user=world.users[Role.TEACHER],
        )


def test_old_access_log_entries_are_deleted_past_the_append_only_guard(world, secretariat):
    retention_rule_set(
        municipality=secretariat.municipality,
        kind="core.access_log",
        period_days=183,
        enabled=True,
        archive_permission="j.nr. 2",
        acting_user=secretariat,
    )
    for days in (10, 200):
        # created_at is the log's own clock (default now): an old entry is written as old
        AccessLogEntry.objects.create(
            municipality=secretariat.municipality,
            user=secretariat,
            username=secretariat.username,
            role=secretariat.role,
            action=AccessLogEntry.Action.VIEW,
            young_person=world.pupil_a,
            purpose="Opslag",
            created_at=NOW - timedelta(days=days),
        )
    before = AccessLogEntry.objects.count()
    deleted = retention_apply(municipality=secretariat.municipality, now=NOW)
    assert deleted["core.access_log"] == 1
    assert AccessLogEntry.objects.count() == before - 1
    # outside the retention job the log still refuses a delete
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017
        AccessLogEntry.objects.all().delete()
