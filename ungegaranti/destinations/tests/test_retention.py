"""Young people who moved away leave with their record a period after the move is recorded;
one who moved back stays."""

from datetime import timedelta

from django.utils import timezone

from ungegaranti.core.retention import KINDS, retention_report
from ungegaranti.core.roles import Role
from ungegaranti.destinations.models import Status
from ungegaranti.destinations.services import status_record
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.services import young_person_upsert

KIND = "destinations.moved_away"


def _adult(world, serial):
    today = timezone.localdate()
    person, _ = young_person_upsert(
        municipality=world.municipality,
        cpr=synthetic_cpr(today.replace(month=1, day=1, year=today.year - 22), serial, male=False),
        first_name="Ung",
        last_name=f"Nr{serial}",
        postal_code="9800",
        acting_user=None,
    )
    return person


def _status(world, person, status, days_ago):
    status_record(
        young_person=person,
        status=status,
        status_date=timezone.localdate() - timedelta(days=days_ago),
        acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
    )


def test_the_dry_run_lists_exactly_those_moved_away_before_the_period(world):
    period = KINDS[KIND].default_days
    moved_long_ago = _adult(world, 71)
    _status(world, moved_long_ago, Status.MOVED_AWAY, period + 1)
    moved_on_the_cutoff = _adult(world, 72)
    _status(world, moved_on_the_cutoff, Status.MOVED_AWAY, period)
    moved_back = _adult(world, 73)
    _status(world, moved_back, Status.MOVED_AWAY, period + 100)
    _status(world, moved_back, Status.YOUTH_EDUCATION, 30)

    line = next(
        line for line in retention_report(municipality=world.municipality) if line.kind.code == KIND
    )
    assert line.expired_pks == [moved_long_ago.pk]
