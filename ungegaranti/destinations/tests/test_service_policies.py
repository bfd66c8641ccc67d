"""Every write service of destinations asks its policy and leaves an audit event, called
directly (never only through a view). The table must name every public function of
destinations.services, so a new write service cannot slip through without a row."""

import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role
from ungegaranti.demo.testing import born_aged
from ungegaranti.plans.models import DestinationStatement, Plan

from .. import services
from ..models import ContactLogEntry, DestinationStatus, Status
from ..selectors import WorklistFilters

# follow_up_refresh recomputes derived figures inside the other services' transactions; it
# takes no actor and has no policy of its own (its callers' policies and events cover it).
HELPERS = {"follow_up_refresh", "self_report_invitation_for"}
# Written by a young person through their personal link, without a login: the link is the key
# (tests in test_self_report.py: a used, expired or unknown link is refused, nothing saved).
LINK_KEYED = {"self_report_answer"}


def _definition(world: Any, user: Any) -> Any:
    return services.definition_create(
        municipality=world.municipality,
        name="Positiv destination, ny version",
        positive_statuses=[Status.YOUTH_EDUCATION, Status.JOB_20_PLUS],
        effective_date=timezone.localdate() + timedelta(days=1),
        acting_user=user,
    )


def _status(world: Any, user: Any) -> Any:
    return services.status_record(
        young_person=world.adult,
        status=Status.UNEMPLOYED,
        status_date=timezone.localdate(),
        acting_user=user,
    )


def _import(world: Any, user: Any) -> Any:
    return services.statuses_import(municipality=world.municipality, records=[], acting_user=user)


def _assign(world: Any, user: Any) -> Any:
    return services.follow_ups_assign(young_people=[world.adult], counsellor=None, acting_user=user)


def _contact(world: Any, user: Any) -> Any:
    return services.contact_log(
        young_person=world.adult,
        contact_date=timezone.localdate(),
        kind=ContactLogEntry.Kind.PHONE,
        note="Ringede, aftalte møde.",
        next_contact_date=None,
        acting_user=user,
    )


def _clarified_choice(world: Any, user: Any) -> Any:
    """A 15-year-old pupil's statement, saved without its service (whose own event and signal
    would blur the count), then judged as a clarified choice."""
    pupil = world.pupil_a
    pupil.birth_date = born_aged(15)
    pupil.save(update_fields=["birth_date"])
    plan, _created = Plan.objects.get_or_create(
        young_person=pupil, defaults={"municipality": pupil.municipality}
    )
    statement = DestinationStatement.objects.create(
        municipality=pupil.municipality,
        plan=plan,
        text="Elektriker",
        statement_date=timezone.localdate(),
    )
    return services.clarified_choice_record(statement=statement, acting_user=user)


def _batch(world: Any, user: Any) -> Any:
    world.adult.email = "carl@example.org"  # unknown status, an address: one to send to
    world.adult.save(update_fields=["email"])
    return services.self_reports_request(filters=WorklistFilters(), acting_user=user)


# service name -> (call, roles the policy refuses, a role it allows)
CASES: dict[str, tuple[Callable[[Any, Any], Any], list[Role], Role]] = {
    "definition_create": (_definition, [Role.TEACHER, Role.GUIDANCE_COUNSELLOR], Role.SECRETARIAT),
    "status_record": (_status, [Role.PARTNER_CONTACT, Role.TEACHER], Role.GUIDANCE_COUNSELLOR),
    "statuses_import": (
        _import,
        [Role.GUIDANCE_COUNSELLOR, Role.PARTNER_CONTACT],
        Role.SECRETARIAT,
    ),
    "follow_ups_assign": (_assign, [Role.PARTNER_CONTACT, Role.TEACHER], Role.GUIDANCE_COUNSELLOR),
    "contact_log": (_contact, [Role.PARTNER_CONTACT, Role.RESEARCHER], Role.GUIDANCE_COUNSELLOR),
    "clarified_choice_record": (
        _clarified_choice,
        [Role.GUIDANCE_COUNSELLOR, Role.TEACHER, Role.GUARDIAN],
        Role.YOUNG_PERSON,
    ),
    "self_reports_request": (
        _batch,
        [Role.TEACHER, Role.PARTNER_CONTACT, Role.CAREER_COUNSELLOR, Role.POLITICIAN],
        Role.GUIDANCE_COUNSELLOR,
    ),
    "self_report_send": (
        lambda world, user: services.self_report_send(
            young_person=world.adult, email="carl@example.org", acting_user=user
        ),
        [Role.TEACHER, Role.PARTNER_CONTACT, Role.CAREER_COUNSELLOR],
        Role.GUIDANCE_COUNSELLOR,
    ),
}


def test_every_write_service_has_a_row():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }
    assert public - HELPERS == set(CASES) | LINK_KEYED


@pytest.mark.parametrize(
    ("name", "role"), [(name, role) for name, (_, refused, _) in CASES.items() for role in refused]
)
def test_a_refused_user_is_refused_by_the_service_and_nothing_changes(world, name, role):
    call = CASES[name][0]
    events, statuses = AuditEvent.objects.count(), DestinationStatus.objects.count()
    contacts = ContactLogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        call(world, world.users[role])
    assert AuditEvent.objects.count() == events
    assert DestinationStatus.objects.count() == statuses
    assert ContactLogEntry.objects.count() == contacts


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_allowed_write_leaves_an_audit_event_naming_its_actor(world, name):
    call, _, role = CASES[name]
    user = world.users[role]
    before = AuditEvent.objects.count()
    call(world, user)
    if name == "statuses_import":
        # an empty extract changes nothing, and records nothing
        assert AuditEvent.objects.count() == before
        return
    assert AuditEvent.objects.filter(actor=user).count() > 0
    assert AuditEvent.objects.count() > before
