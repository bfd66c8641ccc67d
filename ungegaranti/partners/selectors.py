from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ungegaranti.core.models import Municipality, PostalArea

from .models import GuaranteePartner


def partners_public(*, municipality: Municipality | None = None) -> QuerySet[GuaranteePartner]:
    """Partners with an agreement in force today: what the public page lists."""
    today = timezone.localdate()
    partners = GuaranteePartner.objects.filter(
        agreement_start_date__lte=today, agreement_end_date__gte=today
    )
    if municipality is not None:
        partners = partners.filter(municipality=municipality)
    return partners


def partners_search(
    *, municipality: Municipality | None = None, name: str = "", sector: str = "", town: str = ""
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


def partner_towns(*, municipality: Municipality | None = None) -> list[PostalArea]:
    codes = partners_public(municipality=municipality).values("postal_code").distinct()
    return list(PostalArea.objects.filter(code__in=codes).order_by("town"))


@dataclass(frozen=True)
class PartnerCard:
    """A partner in the public list, with the town of its postal code."""

    partner: GuaranteePartner
    town: str


def partner_cards(
    partners: Iterable[GuaranteePartner], *, towns: Iterable[PostalArea]
) -> list[PartnerCard]:
    town_by_code = {t.code: t.town for t in towns}
    return [PartnerCard(p, town_by_code.get(p.postal_code, "")) for p in partners]


# The role home pages (ungegaranti/portal) show these.


def home_work_experience_partner_count(*, municipality: Municipality | None) -> int:
    return partners_public(municipality=municipality).filter(commits_work_experience=True).count()


def home_partner_summary(*, partner: GuaranteePartner | None) -> dict[str, Any]:
    """A partner contact's own company: its contacts, its town and how long its agreement
    runs."""
    today = timezone.localdate()
    return {
        "partner": partner,
        "contacts": partner.contacts.all() if partner else [],
        "agreement_active": partner.agreement_active_on(today) if partner else False,
        "agreement_days_left": (partner.agreement_end_date - today).days if partner else 0,
        "town": PostalArea.objects.filter(code=partner.postal_code)
        .values_list("town", flat=True)
        .first()
        if partner
        else "",
    }


def home_partners_overview(*, municipality: Municipality | None) -> dict[str, Any]:
    """How many partners have an agreement, and the (at most 10) agreements ending within 90
    days, soonest first."""
    today = timezone.localdate()
    partners = partners_public(municipality=municipality)
    return {
        "partner_count": partners.count(),
        "expiring_partners": partners.filter(
            agreement_end_date__gte=today, agreement_end_date__lte=today + timedelta(days=90)
        ).order_by("agreement_end_date")[:10],
    }
