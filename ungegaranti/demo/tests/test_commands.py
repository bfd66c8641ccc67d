"""The demo commands that add a part to a demo municipality share their first steps."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PARTS = ["demo_rounds", "demo_records", "demo_plans", "demo_marketplace", "demo_calendar"]


@pytest.mark.parametrize("command", PARTS)
def test_a_part_needs_its_municipality_first(db, command):
    with pytest.raises(CommandError, match="kør demo_municipality først"):
        call_command(command, municipality="999")


@pytest.mark.parametrize("command", PARTS)
def test_a_part_is_refused_under_production_settings(db, command, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="Demodata afvises"):
        call_command(command)


def test_a_loaded_part_is_left_alone_with_if_empty_and_refused_without(world):
    from datetime import timedelta

    from django.utils import timezone

    from ungegaranti.core.roles import Role
    from ungegaranti.destinations.definitions import READY_BY_KEY
    from ungegaranti.destinations.services import definition_create

    ready = READY_BY_KEY["hjoerring"]
    definition_create(
        municipality=world.municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=timezone.localdate() + timedelta(days=1),
        acting_user=world.users[Role.SECRETARIAT],
    )
    out = io.StringIO()
    call_command("demo_records", municipality=world.municipality.code, if_empty=True, stdout=out)
    assert out.getvalue().strip() == "demo records: already loaded"
    with pytest.raises(CommandError, match="har allerede forløbsdata"):
        call_command("demo_records", municipality=world.municipality.code)
