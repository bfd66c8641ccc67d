"""Template questions for the marketplace, answered by its policies (templates compare no
roles)."""

from django import template

from ungegaranti.partners.models import GuaranteePartner

from ..permissions import AnyUser, acts_for_partner

register = template.Library()


@register.filter
def acts_for(user: AnyUser, partner: GuaranteePartner | None) -> bool:
    """{% if user|acts_for:partner %}: the secretariat acting for a partner, whose pages then
    carry ?partner=<uuid> along."""
    return acts_for_partner(user, partner)
