"""The audit trail's change format ({field: [before, after]}, as core.audit.changed writes it)
for rows that are created or deleted, so that "Historik" reads the same everywhere."""

from typing import Any


def as_new(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [None, value] for name, value in values.items()}


def as_gone(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [value, None] for name, value in values.items()}
