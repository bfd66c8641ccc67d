from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, RetentionRule
from ungegaranti.core.retention import (
    KINDS,
    retention_apply,
    retention_rule_set,
)
from ungegaranti.core.roles import Role

# Ages are counted back from the moment the test runs, so the result is the same on any date.
NOW = timezone.now()


@pytest.fixture
def secretariat(world):
    return world.users[Role.SECRETARIAT]


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


def test_the_secretariat_switches_a_rule_on_in_the_page_and_bad_input_is_named(
    world, secretariat, client_for
):
    from django.urls import reverse

    from ungegaranti.core.models import AuditEvent

    client = client_for(Role.SECRETARIAT)
    page = client.get(reverse("core:retention"))
    assert page.status_code == 200
    for kind in KINDS.values():
        assert str(kind.label) in page.content.decode()
    url = reverse("core:retention_rule", args=["notifications.notification"])
    prefix = "notifications.notification-"

    negative = client.post(url, {prefix + "period_days": "-3"})
    assert negative.status_code == 400
    assert "Opbevaringstid" in negative.content.decode()
    without_permission = client.post(url, {prefix + "period_days": "30", prefix + "enabled": "on"})
    assert without_permission.status_code == 400
    assert "arkivmyndighedens tilladelse" in without_permission.content.decode()
    assert not RetentionRule.objects.filter(kind="notifications.notification").exists()

    saved = client.post(
        url,
        {
            prefix + "period_days": "30",
            prefix + "enabled": "on",
            prefix + "archive_permission": "Stadsarkivet j.nr. 7",
        },
    )
    assert saved.status_code == 302
    rule = RetentionRule.objects.get(kind="notifications.notification")
    assert (rule.period_days, rule.enabled) == (30, True)
    assert AuditEvent.objects.filter(action="core.retention_rule.set", actor=secretariat).exists()
    assert client_for(Role.TEACHER).post(url, {prefix + "period_days": "1"}).status_code == 403


def test_a_released_hold_lets_the_row_go(world, secretariat, client_for):
    from django.urls import reverse

    from ungegaranti.core.models import LegalHold
    from ungegaranti.core.retention import legal_hold_place

    hold = legal_hold_place(obj=world.pupil_a, reason="Klage", acting_user=secretariat)
    client = client_for(Role.SECRETARIAT)
    assert "Klage" in client.get(reverse("core:retention")).content.decode()
    assert client.post(reverse("core:legal_hold_release", args=[hold.uuid])).status_code == 302
    assert LegalHold.objects.get(pk=hold.pk).released_at is not None
    # a second release finds no active hold
    assert client.post(reverse("core:legal_hold_release", args=[hold.uuid])).status_code == 404
