"""Positive destinations: versioned definitions, judged statuses, the worklist and its log."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ungegaranti.core.models import AccessLogEntry, AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.destinations.definitions import READY_BY_KEY
from ungegaranti.destinations.models import (
    ContactLogEntry,
    DestinationDefinition,
    DestinationStatus,
    FollowUp,
    Status,
)
from ungegaranti.destinations.selectors import WorklistFilters, worklist_for
from ungegaranti.destinations.services import (
    contact_log,
    definition_create,
    follow_ups_assign,
    status_record,
)

TODAY = timezone.localdate()


def _definition(world, key="hjoerring", day=None):
    ready = READY_BY_KEY[key]
    return definition_create(
        municipality=world.municipality,
        name=str(ready.name),
        positive_statuses=ready.positive_statuses,
        effective_date=day or TODAY - timedelta(days=400),
        acting_user=world.users[Role.SECRETARIAT],
    )


def _status(world, status, day, person=None, role=Role.GUIDANCE_COUNSELLOR):
    return status_record(
        young_person=person or world.adult,
        status=status,
        status_date=day,
        acting_user=world.users[role],
    )


def test_a_status_is_judged_by_the_version_in_force_on_its_date(world, monkeypatch):
    first = _definition(world, "hjoerring", day=TODAY - timedelta(days=400))
    # A job under 20 hours is not positive in version 1 ...
    early = _status(world, Status.JOB_UNDER_20, TODAY - timedelta(days=30))
    assert early.definition == first and not early.is_positive
    # ... version 2 (Scotland-style: any employment) takes effect tomorrow ...
    second = _definition(world, "scotland", day=TODAY + timedelta(days=1))
    assert second.version == 2
    # ... and a day later the same status, dated after it took effect, counts.
    later_day = TODAY + timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later_day)
    late = _status(world, Status.JOB_UNDER_20, later_day)
    assert late.definition == second and late.is_positive
    early.refresh_from_db()
    assert early.definition == first and not early.is_positive  # never rewritten


def test_a_new_version_never_takes_effect_today_or_in_the_past(world):
    _definition(world)
    for day in (TODAY, TODAY - timedelta(days=5)):
        with pytest.raises(ValidationError) as refused:
            _definition(world, "scotland", day=day)
        assert "effective_date" in refused.value.message_dict
    assert DestinationDefinition.objects.count() == 1


def test_only_the_secretariat_changes_the_definition(world):
    with pytest.raises(PermissionDenied):
        definition_create(
            municipality=world.municipality,
            name="Min egen",
            positive_statuses=[Status.FGU],
            effective_date=TODAY,
            acting_user=world.users[Role.GUIDANCE_COUNSELLOR],
        )
    _definition(world)
    assert AuditEvent.objects.get(action="destinations.definition.create").changes["version"] == 1


def test_the_scottish_definition_counts_voluntary_work_and_any_job_but_not_unemployment():
    scotland = READY_BY_KEY["scotland"].positive_statuses
    assert Status.VOLUNTEERING in scotland and Status.JOB_UNDER_20 in scotland
    assert Status.UNEMPLOYED not in scotland and Status.UNKNOWN not in scotland
    hjoerring = READY_BY_KEY["hjoerring"].positive_statuses
    assert Status.CLARIFIED_CHOICE in hjoerring and Status.JOB_UNDER_20 not in hjoerring


def test_a_status_in_the_future_or_outside_15_29_is_refused(world):
    _definition(world)
    with pytest.raises(ValidationError) as future:
        _status(world, Status.FGU, TODAY + timedelta(days=1))
    assert "fremtiden" in future.value.message_dict["status_date"][0]
    with pytest.raises(PermissionDenied):  # pupil A is 14: out of the counsellor's scope
        _status(world, Status.FGU, TODAY, person=world.pupil_a)
    with pytest.raises(ValidationError) as young:
        _status(world, Status.FGU, TODAY, person=world.pupil_a, role=Role.SECRETARIAT)
    assert f"{world.pupil_a.age_on(TODAY)} år" in young.value.message_dict["status_date"][0]
    assert not DestinationStatus.objects.exists()


def test_the_worklist_shows_unknown_and_not_positive_and_a_positive_status_takes_them_off(world):
    _definition(world)
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    assert world.adult in worklist_for(user=counsellor)  # no status: unknown
    _status(world, Status.UNEMPLOYED, TODAY - timedelta(days=10))
    assert world.adult in worklist_for(user=counsellor)
    entry = _status(world, Status.APPRENTICESHIP, TODAY)
    assert entry.is_positive
    assert world.adult not in worklist_for(user=counsellor)
    follow_up = FollowUp.objects.get(young_person=world.adult)
    assert follow_up.positive_since == TODAY and follow_up.current_status == Status.APPRENTICESHIP
    # Pupils (in a class) and the under-15s are not on it; nor for roles without follow-up.
    assert world.pupil_a not in worklist_for(user=world.users[Role.SECRETARIAT])
    assert not worklist_for(user=world.users[Role.TEACHER]).exists()


def test_leaving_education_is_dated_and_filterable(world):
    _definition(world)
    _status(world, Status.YOUTH_EDUCATION, TODAY - timedelta(days=200))
    _status(world, Status.UNEMPLOYED, TODAY - timedelta(days=20))
    follow_up = FollowUp.objects.get(young_person=world.adult)
    assert follow_up.left_education_date == TODAY - timedelta(days=20)
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    assert list(worklist_for(user=counsellor, filters=WorklistFilters(left_education=True))) == [
        world.adult
    ]


def test_contact_log_sets_the_next_contact_and_overdue_is_filterable(world):
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    contact_log(
        young_person=world.adult,
        contact_date=TODAY - timedelta(days=20),
        kind=ContactLogEntry.Kind.PHONE,
        note="Talte om FGU.",
        next_contact_date=TODAY - timedelta(days=6),
        acting_user=counsellor,
    )
    follow_up = FollowUp.objects.get(young_person=world.adult)
    assert follow_up.counsellor == counsellor  # the first counsellor to call takes the case
    overdue = worklist_for(user=counsellor, filters=WorklistFilters(overdue=True))
    assert list(overdue) == [world.adult]
    assert AuditEvent.objects.filter(action="destinations.contact.log").count() == 1
    with pytest.raises(ValidationError):
        contact_log(
            young_person=world.adult,
            contact_date=TODAY,
            kind=ContactLogEntry.Kind.PHONE,
            note="Hans CPR er 0101104123",
            next_contact_date=None,
            acting_user=counsellor,
        )
    with pytest.raises(PermissionDenied):
        contact_log(
            young_person=world.adult,
            contact_date=TODAY,
            kind=ContactLogEntry.Kind.PHONE,
            note="",
            next_contact_date=None,
            acting_user=world.users[Role.TEACHER],
        )
    assert ContactLogEntry.objects.count() == 1


def test_bulk_assign_to_a_counsellor_and_filter_by_counsellor(world):
    other = user_create(
        acting_user=None,
        username="vejleder2",
        password=None,
        role=Role.GUIDANCE_COUNSELLOR,
        municipality=world.municipality,
        first_name="Vera",
    )
    secretariat = world.users[Role.SECRETARIAT]
    assert follow_ups_assign(young_people=[world.adult], counsellor=other, acting_user=secretariat)
    mine = worklist_for(user=other, filters=WorklistFilters(counsellor="mine"))
    assert list(mine) == [world.adult]
    with pytest.raises(ValidationError):  # only guidance counsellors can be assigned
        follow_ups_assign(
            young_people=[world.adult],
            counsellor=world.users[Role.TEACHER],
            acting_user=secretariat,
        )


def test_the_worklist_page_logs_the_look_and_bulk_assigns(world, client_for):
    client = client_for(Role.GUIDANCE_COUNSELLOR)
    page = client.get(reverse("destinations:worklist")).content.decode()
    assert world.adult.full_name in page and world.pupil_a.full_name not in page
    assert AccessLogEntry.objects.filter(
        user=world.users[Role.GUIDANCE_COUNSELLOR], action=AccessLogEntry.Action.SEARCH
    ).exists()
    counsellor = world.users[Role.GUIDANCE_COUNSELLOR]
    response = client.post(
        reverse("destinations:worklist"),
        {"unge": [str(world.adult.uuid)], "tildel": str(counsellor.pk), "tilbage": ""},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(young_person=world.adult).counsellor == counsellor


def test_the_follow_up_page_records_a_positive_status_and_logs_the_look(world, client_for):
    _definition(world)
    client = client_for(Role.GUIDANCE_COUNSELLOR)
    url = reverse("destinations:follow_up", kwargs={"uuid": world.adult.uuid})
    response = client.post(
        url, {"log_status": "1", "status": Status.JOB_20_PLUS, "status_date": TODAY.isoformat()}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Job, mindst 20 timer om ugen" in page
    entry = AccessLogEntry.objects.filter(young_person=world.adult).latest("created_at")
    assert entry.action == AccessLogEntry.Action.VIEW
    assert world.adult not in worklist_for(user=world.users[Role.GUIDANCE_COUNSELLOR])


def test_the_first_version_may_start_in_the_past_and_later_ones_are_numbered(world):
    first = _definition(world, day=date(2019, 5, 29))  # adopted by the city council
    second = _definition(world, "scotland", day=TODAY + timedelta(days=30))
    assert (first.version, second.version) == (1, 2)
