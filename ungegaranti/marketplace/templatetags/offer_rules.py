"""The rule breaches of one offer field, to show beside it on the form."""

from collections.abc import Iterable

from django import template

from ..rules import Violation

register = template.Library()


@register.filter
def breaches_of(violations: Iterable[Violation] | None, field_name: str) -> list[Violation]:
    return [v for v in violations or () if v.field == field_name]
