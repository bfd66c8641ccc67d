"""Every write service of the marketplace asks its policy itself: called directly (not through a
view) by each persona the policy refuses it raises PermissionDenied and changes nothing; called
by one it allows, it leaves an audit event. A new public service without a row here fails
`test_every_write_service_has_a_row`."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ungegaranti.core.models import AuditEvent, Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import user_create
from ungegaranti.notifications.models import Notification
from ungegaranti.plans.models import Activity, ActivityKind

from ..models import Application, Offer, OfferPeriod
from ..services import applications, offers, periods
from ..services.applications import application_accept, application_consent, application_decline
from ..services.offers import offer_create, offer_publish
from ..services.periods import period_add
from .helpers import application_of_pupil_a, offer_values, person, published_offer

SERVICE_MODULES = (offers, periods, applications)

PARTNER_SIDE = {"PARTNER_CONTACT", "SECRETARIAT"}


def personas(world: Any) -> dict[str, User]:
    """One login per role, and two that are out of scope by data rather than by role: the
    contact of another partner and the secretariat of another municipality."""
    users = {role.value: user for role, user in world.users.items()}
    users["OTHER_PARTNER_CONTACT"] = user_create(
        acting_user=None,
        username="partner-b",
        password=None,
        role=Role.PARTNER_CONTACT,
        municipality=world.municipality,
        partner=world.partner_b,
    )
    users["FOREIGN_SECRETARIAT"] = user_create(
        acting_user=None,
        username="sekretariat-707",
        password=None,
        role=Role.SECRETARIAT,
        municipality=Municipality.objects.get(code="707"),
    )
    return users


def state() -> dict[str, Any]:
    """Everything a marketplace write could touch."""
    return {
        "offers": list(Offer.objects.order_by("pk").values()),
        "periods": list(OfferPeriod.objects.order_by("pk").values()),
        "applications": list(Application.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "activities": list(Activity.objects.order_by("pk").values()),
    }


# --- what each service needs -------------------------------------------------------------------


def _draft(world: Any, *, starts_in: int = 14, **overrides: Any) -> Offer:
    offer = offer_create(partner=world.partner_a, acting_user=None, **offer_values(**overrides))
    start = timezone.localdate() + timedelta(days=starts_in)
    period_add(
        offer=offer, start_date=start, end_date=start + timedelta(days=4), seats=3, acting_user=None
    )
    return offer


def _requested(world: Any) -> Application:
    application = application_of_pupil_a(world)
    return application_consent(application=application, acting_user=None, given=True)


def _accepted_now(world: Any) -> Application:
    """Accepted, in a period that has begun (so that an outcome can be told)."""
    offer = offer_publish(
        offer=_draft(world, starts_in=0, min_grade=None, max_grade=None), acting_user=None
    )
    young = person(world, 16, 70, school=world.school_a)
    application = applications.application_request(
        offer=offer, period=offer.periods.get(), young_person=young, acting_user=None
    )
    return application_accept(application=application, acting_user=None)


def _class_offer(world: Any) -> Offer:
    return published_offer(
        world,
        type=ActivityKind.COMPANY_VISIT,
        title="Besøg på fabrikken",
        hours_per_day=None,
        hours_per_week=None,
    )


@dataclass(frozen=True)
class Row:
    prepare: Callable[[Any], dict[str, Any]]  # the service's arguments, but acting_user
    allowed: frozenset[str]  # personas the policy lets through
    action: str  # the audit code it records

    def __init__(self, prepare: Callable[[Any], dict[str, Any]], allowed: set[str], action: str):
        object.__setattr__(self, "prepare", prepare)
        object.__setattr__(self, "allowed", frozenset(allowed))
        object.__setattr__(self, "action", action)


ROWS: dict[str, Row] = {
    "offer_create": Row(
        lambda w: {"partner": w.partner_a, **offer_values()}, PARTNER_SIDE, offers.OFFER_CREATE
    ),
    "offer_update": Row(
        lambda w: {"offer": _draft(w), "title": "Praktik i værkstedet"},
        PARTNER_SIDE,
        offers.OFFER_UPDATE,
    ),
    "offer_publish": Row(lambda w: {"offer": _draft(w)}, PARTNER_SIDE, offers.OFFER_PUBLISH),
    "offer_pause": Row(lambda w: {"offer": published_offer(w)}, PARTNER_SIDE, offers.OFFER_PAUSE),
    "offer_close": Row(lambda w: {"offer": published_offer(w)}, PARTNER_SIDE, offers.OFFER_CLOSE),
    "period_add": Row(
        lambda w: {
            "offer": _draft(w),
            "start_date": timezone.localdate() + timedelta(days=30),
            "end_date": timezone.localdate() + timedelta(days=34),
            "seats": 2,
        },
        PARTNER_SIDE,
        periods.PERIOD_ADD,
    ),
    "period_change": Row(
        lambda w: {
            "period": (period := _draft(w).periods.get()),
            "start_date": period.start_date,
            "end_date": period.end_date,
            "seats": 9,
        },
        PARTNER_SIDE,
        periods.PERIOD_CHANGE,
    ),
    # Pupil A (13 or 14, class 8a at school A in district A) applies, or staff for her.
    "application_request": Row(
        lambda w: {
            "offer": (offer := published_offer(w)),
            "period": offer.periods.get(),
            "young_person": w.pupil_a,
        },
        {"YOUNG_PERSON", "CAREER_COUNSELLOR", "WORK_EXPERIENCE_COORDINATOR", "SECRETARIAT"},
        applications.APPLICATION_REQUEST,
    ),
    "booking_request": Row(
        lambda w: {
            "offer": (offer := _class_offer(w)),
            "period": offer.periods.get(),
            "school_class": w.class_a,
        },
        {"TEACHER", "CAREER_COUNSELLOR", "WORK_EXPERIENCE_COORDINATOR"},
        applications.BOOKING_REQUEST,
    ),
    "application_consent": Row(
        lambda w: {"application": application_of_pupil_a(w), "given": True},
        {"GUARDIAN", "CAREER_COUNSELLOR", "WORK_EXPERIENCE_COORDINATOR", "SECRETARIAT"},
        applications.APPLICATION_CONSENT,
    ),
    "application_accept": Row(
        lambda w: {"application": _requested(w)}, PARTNER_SIDE, applications.APPLICATION_ACCEPT
    ),
    "application_decline": Row(
        lambda w: {
            "application": _requested(w),
            "reason": Application.DeclineReason.NO_SEATS,
            "referred_to_coordinator": True,
        },
        PARTNER_SIDE,
        applications.APPLICATION_DECLINE,
    ),
    "application_withdraw": Row(
        lambda w: {"application": application_of_pupil_a(w)},
        {
            "YOUNG_PERSON",
            "GUARDIAN",
            "TEACHER",
            "CAREER_COUNSELLOR",
            "WORK_EXPERIENCE_COORDINATOR",
            "SECRETARIAT",
        },
        applications.APPLICATION_WITHDRAW,
    ),
    "application_cancel": Row(
        lambda w: {"application": _accepted_now(w)}, PARTNER_SIDE, applications.APPLICATION_CANCEL
    ),
    "application_complete": Row(
        lambda w: {"application": _accepted_now(w)},
        PARTNER_SIDE,
        applications.APPLICATION_COMPLETE,
    ),
    "application_no_show": Row(
        lambda w: {"application": _accepted_now(w)},
        PARTNER_SIDE,
        applications.APPLICATION_NO_SHOW,
    ),
    "application_followup_resolve": Row(
        lambda w: {
            "application": application_decline(
                application=_requested(w),
                acting_user=None,
                reason=Application.DeclineReason.NO_SEATS,
            )
        },
        {"SECRETARIAT"},
        applications.FOLLOWUP_RESOLVE,
    ),
}


def write_services() -> dict[str, Callable[..., Any]]:
    """The public functions defined in the services modules: every one of them writes."""
    return {
        name: function
        for module in SERVICE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_write_service_has_a_row():
    services = set(write_services())
    assert services - set(ROWS) == set(), "a write service without a policy row"
    assert set(ROWS) - services == set(), "a row for a service that is gone"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_refused_personas_change_nothing_and_allowed_one_is_audited(world, name):
    row, service = ROWS[name], write_services()[name]
    users = personas(world)
    arguments = row.prepare(world)
    before = state()
    refused = sorted(set(users) - row.allowed)
    assert refused, "every policy refuses someone"
    for persona in refused:
        with pytest.raises(PermissionDenied):
            service(**arguments, acting_user=users[persona])
        assert state() == before, f"{name} as {persona} changed something"

    actor = users[sorted(row.allowed)[0]]
    service(**arguments, acting_user=actor)
    event = AuditEvent.objects.get(action=row.action, actor=actor)
    assert event.actor_role == actor.role and event.municipality_id == world.municipality.pk


def test_the_system_may_act_and_is_named_as_no_one(world):
    offer = offer_create(partner=world.partner_a, acting_user=None, **offer_values())
    event = AuditEvent.objects.get(action=offers.OFFER_CREATE, object_id=str(offer.uuid))
    assert event.actor is None and event.actor_username == ""
    assert event.changes["title"] == [None, offer.title]
