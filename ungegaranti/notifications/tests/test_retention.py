from datetime import timedelta

import pytest
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.retention import (
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
