"""Every write service of the calendar asks its policy and leaves an audit event, called
directly (never only through a view). The table must name every public function of the
services package, so a new write service cannot slip through without a row."""

import inspect
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ungegaranti.calendar.services import events, feeds, items, reminders
from ungegaranti.core.models import AuditEvent
from ungegaranti.core.roles import Role

from .helpers import an_event, an_item, tracks_of

MODULES = (events, feeds, items, reminders)


def _event_kwargs(world: Any) -> dict[str, Any]:
    day = timezone.localdate() + timedelta(days=20)
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return {
        "kind": "YOUTH_FAIR",
        "title": "Ungemesse",
        "location": "Hjørring Idrætscenter",
        "start_at": start,
        "end_at": start + timedelta(hours=4),
        "signup_closes_date": day - timedelta(days=2),
        "places": 40,
        "track": tracks_of(world.municipality)["BUSINESS"],
        "owner": "Ungesekretariatet",
        "grades": [8],
    }


def _item_kwargs(world: Any) -> dict[str, Any]:
    return {
        "title": "U&J-uge",
        "owner": "Grundskolesporet",
        "start_date": date(2026, 10, 5),
        "track": tracks_of(world.municipality)["PRIMARY_SCHOOL"],
    }


def _with_partner(world: Any) -> dict[str, Any]:
    event = an_event(world, grades=[8])
    return {
        "event_partner": events.event_partner_add(
            event=event,
            partner=world.partner_a,
            contribution="En stand",
            acting_user=world.users[Role.SECRETARIAT],
        )
    }


def _with_signup(world: Any) -> dict[str, Any]:
    event = an_event(world, grades=[8])
    return {
        "signup": events.signup_class(
            event=event, school_class=world.class_a, acting_user=world.users[Role.TEACHER]
        )
    }


def _with_token(world: Any) -> dict[str, Any]:
    return {
        "token": feeds.feed_token_create(
            acting_user=world.users[Role.SECRETARIAT], scope="SCHOOL", target=world.school_a
        )
    }


def _with_drafts(world: Any) -> dict[str, Any]:
    an_item(world)
    items.calendar_year_copy_forward(
        municipality=world.municipality, school_year=2026, acting_user=world.users[Role.SECRETARIAT]
    )
    return {"municipality": world.municipality, "school_year": 2027}


# service -> (set-up giving its arguments, roles its policy refuses, a role it allows)
CASES: dict[str, tuple[Callable[[Any], dict[str, Any]], list[Role], Role]] = {
    "calendar_item_create": (_item_kwargs, [Role.TEACHER, Role.PARTNER_CONTACT], Role.SECRETARIAT),
    "calendar_item_update": (
        lambda w: {"item": an_item(w), "title": "U&J-uge, ny"},
        [Role.TEACHER, Role.POLITICIAN],
        Role.SECRETARIAT,
    ),
    "calendar_item_delete": (
        lambda w: {"item": an_item(w)},
        [Role.TEACHER, Role.WORK_EXPERIENCE_COORDINATOR],
        Role.SECRETARIAT,
    ),
    "calendar_year_copy_forward": (
        lambda w: (an_item(w), {"municipality": w.municipality, "school_year": 2026})[1],
        [Role.TEACHER, Role.PARTNER_CONTACT],
        Role.SECRETARIAT,
    ),
    "calendar_items_publish": (_with_drafts, [Role.TEACHER, Role.RESEARCHER], Role.SECRETARIAT),
    "event_create": (_event_kwargs, [Role.TEACHER, Role.PARTNER_CONTACT], Role.SECRETARIAT),
    "event_partner_add": (
        lambda w: {"event": an_event(w), "partner": w.partner_a, "contribution": "En stand"},
        [Role.TEACHER, Role.YOUNG_PERSON],
        Role.SECRETARIAT,
    ),
    "event_partner_remove": (_with_partner, [Role.TEACHER, Role.YOUNG_PERSON], Role.SECRETARIAT),
    "signup_class": (
        lambda w: {"event": an_event(w, grades=[8]), "school_class": w.class_a},
        [Role.PARTNER_CONTACT, Role.YOUNG_PERSON],
        Role.TEACHER,
    ),
    "signup_young_person": (
        lambda w: {"event": an_event(w, grades=[8]), "young_person": w.pupil_a},
        [Role.PARTNER_CONTACT, Role.RESEARCHER],
        Role.YOUNG_PERSON,
    ),
    "signup_cancel": (_with_signup, [Role.PARTNER_CONTACT, Role.YOUNG_PERSON], Role.TEACHER),
    "feed_token_create": (
        lambda w: {"scope": "SCHOOL", "target": w.school_a},
        [Role.PARTNER_CONTACT, Role.YOUNG_PERSON],
        Role.SECRETARIAT,
    ),
    "feed_token_renew": (_with_token, [Role.TEACHER, Role.PARTNER_CONTACT], Role.SECRETARIAT),
    "reminders_send": (
        lambda w: {"municipality": w.municipality},
        [Role.TEACHER, Role.GUIDANCE_COUNSELLOR],
        Role.SECRETARIAT,
    ),
}

# Sending reminders writes a sent-record per reminder, not an audit event: with nothing due it
# writes nothing at all (its refusal is what this table checks).
NOT_AUDITED = {"reminders_send"}


def test_every_write_service_has_a_row():
    public = {
        name
        for module in MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }
    assert public == set(CASES)


def _service(name: str) -> Callable[..., Any]:
    for module in MODULES:
        if hasattr(module, name):
            return getattr(module, name)
    raise LookupError(name)


@pytest.mark.parametrize(
    ("name", "role"), [(name, role) for name, (_, refused, _) in CASES.items() for role in refused]
)
def test_a_refused_user_is_refused_by_the_service_and_nothing_is_recorded(world, name, role):
    kwargs = CASES[name][0](world)
    events_before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        _service(name)(**kwargs, acting_user=world.users[role])
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("name", sorted(set(CASES) - NOT_AUDITED))
def test_an_allowed_write_leaves_an_audit_event_naming_its_actor(world, name):
    setup, _, role = CASES[name]
    kwargs = setup(world)
    user = world.users[role]
    latest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _service(name)(**kwargs, acting_user=user)
    assert AuditEvent.objects.filter(pk__gt=latest, actor=user).exists()
