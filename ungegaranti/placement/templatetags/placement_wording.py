from django import template

from ..wording import genitive as _genitive
from ..wording import short_title as _short_title

register = template.Library()


@register.filter
def genitive(name: str) -> str:
    """{{ person.first_name|genitive }}: "Agnes'", "Oles"."""
    return _genitive(str(name))


@register.filter
def short_title(title: str) -> str:
    """{{ offer.title|short_title }}: "Mekaniker" for "Erhvervspraktik som mekaniker"."""
    return _short_title(str(title))
