"""The vocabulary of the audit trail: each app names its write actions once, with a Danish
label, and the trail stores only the code (so a label can be reworded or translated later).

    OFFER_PUBLISH = audit_action("marketplace.offer.publish", _("Tilbud offentliggjort"))
    audit_record(actor=acting_user, action=OFFER_PUBLISH, obj=offer, changes=...)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .dates import format_date

_LABELS: dict[str, str | Promise] = {}

# Field names whose values never enter the trail, whatever the model.
_SECRET_FIELDS = frozenset({"cpr", "cpr_encrypted", "cpr_digest", "password"})


def audit_action(code: str, label: str | Promise) -> str:
    """Register an action code with its label; returns the code to store."""
    _LABELS[code] = label
    return code


def audit_action_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of obj as JSON-safe values (dates as ISO text, related rows by pk)."""
    values: dict[str, Any] = {}
    for name in fields:
        if name in _SECRET_FIELDS:
            continue
        value = getattr(obj, name)
        if isinstance(value, Model):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str):
            value = str(value)
        values[name] = value
    return values


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and name not in _SECRET_FIELDS
    }


@dataclass(frozen=True)
class ChangeRow:
    """One changed field as the "Historik" shows it: the field's own label and both values
    worded as on the object's pages (a choice by its label, a date as "3. dec. 2026")."""

    label: str
    before: str
    after: str


def change_rows(object_type: str, changes: dict[str, list[Any]]) -> list[ChangeRow]:
    """Readable rows of an event's {field: [before, after]}, labelled from the model the event
    names. A field the model no longer has keeps its stored name."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        model = None
    # A change to a part (an offer's period) is recorded on the whole (the offer).
    models = [model, *(rel.related_model for rel in model._meta.related_objects)] if model else []
    rows = []
    for name, values in changes.items():
        # Most services store [before, after]; some store only the new value.
        pair = values if isinstance(values, list) and len(values) == 2 else [None, values]
        before, after = pair
        if before == after:  # some services record every field; only the changed ones tell
            continue
        field = next(filter(None, (_concrete_field(m, name) for m in models)), None)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        rows.append(ChangeRow(label, _worded(field, before), _worded(field, after)))
    return rows


def _concrete_field(model: Any, name: str) -> Any:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _worded(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, list):
        return ", ".join(_worded(None, item) for item in value) or "–"
    related = getattr(field, "related_model", None)
    if related is not None and isinstance(value, int):  # snapshot() stores a related row by pk
        row = related._default_manager.filter(pk=value).first()
        return str(row) if row is not None else str(value)
    if isinstance(value, str) and getattr(field, "get_internal_type", None):
        kind = field.get_internal_type()
        try:
            if kind == "DateField":
                return format_date(date.fromisoformat(value))
            if kind == "DateTimeField":
                moment = timezone.localtime(datetime.fromisoformat(value))
                return date_format(moment, "j. N Y H:i")
        except ValueError:
            return value
    return str(value)
