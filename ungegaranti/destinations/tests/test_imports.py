"""The status import: a Danish report naming each bad row and column, nothing half-saved,
and the same file twice changes nothing."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ungegaranti.core.roles import Role
from ungegaranti.destinations.definitions import READY_BY_KEY
from ungegaranti.destinations.imports import StatusImporter
from ungegaranti.destinations.models import DestinationStatus, FollowUp, Status
from ungegaranti.destinations.services import definition_create
from ungegaranti.people.cpr import synthetic_cpr

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _definition(world):
    ready = READY_BY_KEY["hjoerring"]
    definition_create(
        municipality=world.municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=TODAY - timedelta(days=800),
        acting_user=world.users[Role.SECRETARIAT],
    )


def _run(world, text):
    return StatusImporter(
        municipality=world.municipality,
        acting_user=world.users[Role.SECRETARIAT],
        file_name="u.csv",
    ).run(text)


def _csv(*rows):
    return "cpr;status;statusdato;institution\n" + "\n".join(";".join(r) for r in rows) + "\n"


def test_a_good_file_is_saved_once_and_judged(world):
    cpr = world.adult.cpr.reveal()
    text = _csv(
        (cpr, "ungdomsuddannelse", (TODAY - timedelta(days=300)).isoformat(), "EUC Nord"),
        (cpr, "ledig", (TODAY - timedelta(days=30)).strftime("%d-%m-%Y"), ""),
    )
    result = _run(world, text)
    assert result["errors"] == [] and result["created"] == 2
    follow_up = FollowUp.objects.get(young_person=world.adult)
    assert follow_up.current_status == Status.UNEMPLOYED and not follow_up.is_positive
    assert follow_up.left_education_date == TODAY - timedelta(days=30)
    again = _run(world, text)
    assert again["errors"] == [] and again["created"] == 0 and again["unchanged"] == 2
    assert DestinationStatus.objects.count() == 2


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(world):
    stranger = synthetic_cpr(date(TODAY.year - 20, 2, 2), 5, male=True).reveal()
    good = world.adult.cpr.reveal()
    text = _csv(
        (good, "fgu", TODAY.isoformat(), ""),
        (stranger, "fgu", TODAY.isoformat(), ""),
        (good, "studerer", TODAY.isoformat(), ""),
        (good, "ledig", (TODAY + timedelta(days=3)).isoformat(), ""),
        (world.pupil_a.cpr.reveal(), "grundskole", TODAY.isoformat(), ""),
    )
    result = _run(world, text)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (3, "cpr"),
        (4, "status"),
        (5, "statusdato"),
        (6, "statusdato"),
    ]
    messages = [e["message"] for e in result["errors"]]
    assert "Ingen ung med dette CPR-nummer" in messages[0]
    assert "«studerer»" in messages[1]
    assert "fremtiden" in messages[2]
    assert f"{world.pupil_a.age_on(TODAY)} år" in messages[3]
    assert "Intet er gemt" in result["summary"]
    assert not DestinationStatus.objects.exists() and not FollowUp.objects.exists()
    assert stranger[:6] not in json.dumps(result, ensure_ascii=False)
