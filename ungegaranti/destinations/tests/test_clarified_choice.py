"""A pupil's destination statement is their clarified choice (issue 9, point 4: "for pupils: a
clarified choice recorded in the plan"). For a pupil of the followed ages (15-29) it enters the
status history as a clarified choice from the plan, judged by the definition in force; it
counts for a pupil only: once out of school they are on the worklist until they have a place."""

from datetime import timedelta

from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import born_aged
from ungegaranti.destinations.definitions import READY_BY_KEY
from ungegaranti.destinations.models import DestinationStatus, FollowUp, Status
from ungegaranti.destinations.selectors import worklist_for
from ungegaranti.destinations.services import definition_create
from ungegaranti.plans.services import destination_statement_set


def _definition(world, key):
    ready = READY_BY_KEY[key]
    return definition_create(
        municipality=world.municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=timezone.localdate() - timedelta(days=400),
        acting_user=world.users[Role.SECRETARIAT],
    )


def _aged(person, years):
    person.birth_date = born_aged(years)
    person.save(update_fields=["birth_date"])


def _state(world, text="Elektriker, EUX på Hjørring Tekniske Skole"):
    return destination_statement_set(
        young_person=world.pupil_a, text=text, acting_user=world.users[Role.YOUNG_PERSON]
    )


def test_a_pupil_of_15_stating_a_choice_has_a_positive_clarified_choice_from_the_plan(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 15)
    _state(world)
    entry = DestinationStatus.objects.get(young_person=world.pupil_a)
    assert entry.status == Status.CLARIFIED_CHOICE
    assert entry.source == DestinationStatus.Source.PLAN
    assert entry.status_date == timezone.localdate()
    assert entry.is_positive and entry.definition.version == 1
    assert entry.note.startswith("Elektriker")
    follow_up = FollowUp.objects.get(young_person=world.pupil_a)
    assert follow_up.is_positive and follow_up.positive_since == timezone.localdate()
    assert AuditEvent.objects.filter(
        action="destinations.status.record", actor=world.users[Role.YOUNG_PERSON]
    ).exists()


def test_a_second_statement_the_same_day_is_one_clarified_choice_with_the_newest_words(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 16)
    _state(world, "HHX")
    _state(world, "Tømrer, EUD")
    entry = DestinationStatus.objects.get(young_person=world.pupil_a)
    assert entry.note == "Tømrer, EUD"


def test_the_scottish_definition_does_not_count_a_clarified_choice(world):
    _definition(world, "scotland")
    _aged(world.pupil_a, 15)
    _state(world)
    entry = DestinationStatus.objects.get(young_person=world.pupil_a)
    assert entry.status == Status.CLARIFIED_CHOICE and not entry.is_positive


def test_a_pupil_under_15_states_a_choice_but_has_no_status(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 14)
    statement = _state(world)
    assert statement.pk
    assert not DestinationStatus.objects.filter(young_person=world.pupil_a).exists()


def test_someone_out_of_school_is_judged_by_where_they_are_not_by_a_wish(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 17)
    world.pupil_a.school_class = None
    world.pupil_a.save(update_fields=["school_class"])
    _state(world)
    assert not DestinationStatus.objects.filter(young_person=world.pupil_a).exists()


def test_a_class_of_an_earlier_school_year_is_not_being_a_pupil(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 16)
    school_class = world.pupil_a.school_class
    school_class.school_year -= 1
    school_class.save(update_fields=["school_year"])
    _state(world)
    assert not DestinationStatus.objects.filter(young_person=world.pupil_a).exists()


def test_a_school_leaver_with_only_a_clarified_choice_is_on_the_worklist(world):
    _definition(world, "hjoerring")
    _aged(world.pupil_a, 16)
    _state(world)
    counsellor = world.users[Role.SECRETARIAT]
    assert world.pupil_a not in worklist_for(user=counsellor)  # a pupil: the school follows them
    world.pupil_a.school_class = None
    world.pupil_a.save(update_fields=["school_class"])
    # Left school with a choice but no place yet: the guidance counsellor follows them up.
    assert world.pupil_a in worklist_for(user=counsellor)
