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
