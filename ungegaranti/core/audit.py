"""The vocabulary of the audit trail: each app names its write actions once, with a Danish
label, and the trail stores only the code (so a label can be reworded or translated later).

    OFFER_PUBLISH = audit_action("marketplace.offer.publish", _("Tilbud offentliggjort"))
    audit_record(actor=acting_user, action=OFFER_PUBLISH, obj=offer, changes=...)
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise

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
