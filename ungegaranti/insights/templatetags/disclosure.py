from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from ungegaranti.insights.disclosure import Hidden

register = template.Library()


@register.filter
def disclosed(cell: Hidden | int | None) -> str:
    """{{ n|disclosed }}: a count with thousands separators, or "<5" / "x" where it is hidden."""
    if isinstance(cell, Hidden):
        return str(cell)
    if cell is None:
        return ""
    return str(intcomma(cell))
