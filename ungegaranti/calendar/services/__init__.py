"""Writes of the calendar app, one module per entity: items of the wheel (items), events and
their sign-ups (events), calendar feeds (feeds) and reminders (reminders)."""

from .events import (
    event_create,
    event_partner_add,
    event_partner_remove,
    signup_cancel,
    signup_class,
    signup_young_person,
)
from .items import (
    calendar_item_create,
    calendar_item_delete,
    calendar_item_update,
    calendar_items_publish,
    calendar_year_copy_forward,
)

__all__ = [
    "calendar_item_create",
    "calendar_item_delete",
    "calendar_item_update",
    "calendar_items_publish",
    "calendar_year_copy_forward",
    "event_create",
    "event_partner_add",
    "event_partner_remove",
    "signup_cancel",
    "signup_class",
    "signup_young_person",
]
