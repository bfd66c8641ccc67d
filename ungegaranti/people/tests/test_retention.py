"""Young people who turned 30 leave with their record, once nobody's look at them is logged."""

from datetime import timedelta

from django.utils import timezone

from ungegaranti.core.dates import add_years
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.retention import KINDS, retention_apply, retention_report, retention_rule_set
from ungegaranti.core.roles import Role
from ungegaranti.people.cpr import synthetic_cpr
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.services import young_person_upsert

KIND = "people.young_person_aged_out"


def _person_born(world, birth_date, serial):
    """Imported while in the guarantee's ages; the birth date is then set back, as if the years
    had passed since (the import refuses people aged 30 and over)."""
    today = timezone.localdate()
    cpr = synthetic_cpr(add_years(today, -20), serial, male=True)
    person, _ = young_person_upsert(
        municipality=world.municipality,
        cpr=cpr,
        first_name="Ung",
        last_name=f"Nr{serial}",
        postal_code="9800",
        acting_user=None,
    )
    YoungPerson.objects.filter(pk=person.pk).update(birth_date=birth_date)
    return person


def _thirty_years_before(day):
    return add_years(day, -30)


def test_the_dry_run_lists_exactly_those_past_thirty_and_the_period(world):
    secretariat = world.users[Role.SECRETARIAT]
    now = timezone.now()
    cutoff_day = (now - timedelta(days=KINDS[KIND].default_days)).date()
    turned_30_on_the_cutoff = _person_born(world, _thirty_years_before(cutoff_day), 61)
    turned_30_a_day_later = _person_born(
        world, _thirty_years_before(cutoff_day) + timedelta(days=1), 62
    )
    long_gone_but_logged = _person_born(
        world, _thirty_years_before(cutoff_day) - timedelta(400), 63
    )
    AccessLogEntry.objects.create(
        municipality=world.municipality,
        user=secretariat,
        username=secretariat.username,
        role=secretariat.role,
        action=AccessLogEntry.Action.VIEW,
        young_person=long_gone_but_logged,
        purpose="Opslag",
    )
    line = next(
        line
        for line in retention_report(municipality=world.municipality, now=now)
        if line.kind.code == KIND
    )
    assert line.expired_pks == [turned_30_on_the_cutoff.pk]
    assert turned_30_a_day_later.pk not in line.expired_pks

    # off until switched on with the archive authority's permission; then the person goes
    assert KIND not in retention_apply(municipality=world.municipality, now=now)
    retention_rule_set(
        municipality=world.municipality,
        kind=KIND,
        period_days=KINDS[KIND].default_days,
        enabled=True,
        archive_permission="Stadsarkivet j.nr. 2027-3",
        acting_user=secretariat,
    )
    assert retention_apply(municipality=world.municipality, now=now) == {KIND: 1}
    assert not YoungPerson.objects.filter(pk=turned_30_on_the_cutoff.pk).exists()
    assert YoungPerson.objects.filter(pk=long_gone_but_logged.pk).exists()
    assert YoungPerson.objects.filter(pk=world.pupil_a.pk).exists()
