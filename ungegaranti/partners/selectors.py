from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ungegaranti.core.models import PostalArea

from .models import GuaranteePartner


def partners_public(*, municipality: Any = None) -> QuerySet[GuaranteePartner]:
    """Partners with an agreement in force today: what the public page lists."""
    today = timezone.localdate()
    partners = GuaranteePartner.objects.filter(
        agreement_start_date__lte=today, agreement_end_date__gte=today
    )
    if municipality is not None:
        partners = partners.filter(municipality=municipality)
    return partners


def partners_search(
    *, municipality: Any = None, name: str = "", sector: str = "", town: str = ""
) -> QuerySet[GuaranteePartner]:
    partners = partners_public(municipality=municipality)
    for word in name.split():
        partners = partners.filter(name__icontains=word)
    if sector:
        partners = partners.filter(sector=sector)
    if town:
        codes = PostalArea.objects.filter(Q(town__iexact=town) | Q(code=town)).values("code")
        partners = partners.filter(postal_code__in=codes)
    return partners


def partner_towns(*, municipality: Any = None) -> list[PostalArea]:
    codes = partners_public(municipality=municipality).values("postal_code").distinct()
    return list(PostalArea.objects.filter(code__in=codes).order_by("town"))
