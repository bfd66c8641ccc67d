"""Reads of the marketplace, always through the reader's scope."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.models import Municipality, User
from ungegaranti.core.permissions import is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import YoungPerson
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .applicant_checks import check_fits
from .models import Application, Offer, OfferPeriod

UNANSWERED_WORKING_DAYS = 5

# Days Danish municipal offices close although they are no public holiday: a partner cannot
# be expected to answer on them either.
_OFFICE_CLOSED_DATES = ((12, 24), (12, 31), (6, 5))  # juleaftensdag, nytårsaftensdag, grundlovsdag


@lru_cache(maxsize=32)
def danish_closed_days(year: int) -> frozenset[date]:
    """The Monday-Friday dates of `year` on which no answer is due: the public holidays
    (helligdage, from the `holidays` package, which knows that store bededag ended with 2023)
    and the office-closed days above. Weekend dates are left out, being no working days anyway."""
    closed = set(holidays.Denmark(years=year)) | {
        date(year, month, day) for month, day in _OFFICE_CLOSED_DATES
    }
    return frozenset(day for day in closed if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in danish_closed_days(day.year)


def _weekdays_between(start: date, end: date) -> int:
    """Monday-Friday dates after `start` up to and including `end`."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def _weekdays_back(day: date, weekdays: int) -> date:
    """The latest date with `weekdays` (at least 1) Monday-Friday dates after it up to and
    including `day`."""
    current = day - timedelta(days=max(0, day.weekday() - 4))  # the weekday counted first
    weeks, rest = divmod(weekdays - 1, 5)
    current -= timedelta(days=weeks * 7 + (rest if rest <= current.weekday() else rest + 2))
    return current - timedelta(days=1)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`: Monday-Friday, less the Danish
    public holidays and the days municipal offices close (`danish_closed_days`)."""
    if end <= start:
        return 0
    closed = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in danish_closed_days(year)
        if start < day <= end
    )
    return _weekdays_between(start, end) - closed


def working_days_before(day: date, working_days: int) -> date:
    """The latest date from which `working_days` working days have passed by `day`.

    Steps back over the missing number of weekdays at once and then recounts the closed days
    it passed, so it costs a few set look-ups per year spanned, not a step per day."""
    current = day
    missing = working_days
    while missing > 0:
        current = _weekdays_back(current, missing)
        missing = working_days - working_days_between(current, day)
    return current


def partners_managed_by(*, user: User | AnonymousUser) -> QuerySet[GuaranteePartner]:
    if not isinstance(user, User) or user.municipality_id is None:
        return GuaranteePartner.objects.none()
    partners = GuaranteePartner.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.PARTNER_CONTACT and user.partner_id is not None:
        return partners.filter(pk=user.partner_id)
    if user.role == Role.SECRETARIAT:
        return partners
    return partners.none()


def offers_of_partner(*, partner: GuaranteePartner) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(partner=partner)
        .prefetch_related("periods")
        .order_by("status", "-created_at")
    )


@dataclass(frozen=True)
class PartnerOfferRow:
    """One line of a partner's offer list: the offer and its seats over what is still to come."""

    offer: Offer
    open_requests: int
    upcoming_count: int
    seats_left_total: int
    next_period: OfferPeriod | None


def partner_offer_rows(
    *, partner: GuaranteePartner, today: date | None = None
) -> list[PartnerOfferRow]:
    today = today or timezone.localdate()
    open_requests = dict(
        Application.objects.filter(offer__partner=partner, status=Application.Status.REQUESTED)
        .values_list("offer_id")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "n")
    )
    rows = []
    for offer in offers_of_partner(partner=partner):  # periods are prefetched
        upcoming = [p for p in offer.periods.all() if p.end_date >= today]
        rows.append(
            PartnerOfferRow(
                offer=offer,
                open_requests=open_requests.get(offer.pk, 0),
                upcoming_count=len(upcoming),
                seats_left_total=sum(p.seats_left for p in upcoming),
                next_period=min(upcoming, key=lambda p: p.start_date, default=None),
            )
        )
    return rows


def applications_visible_to(*, user: User | AnonymousUser) -> QuerySet[Application]:
    if not isinstance(user, User) or user.municipality_id is None:
        return Application.objects.none()
    applications = Application.objects.filter(municipality_id=user.municipality_id)
    role = user.role
    if role == Role.YOUNG_PERSON:
        return applications.filter(young_person_id=user.young_person_id)
    if role == Role.GUARDIAN:
        return applications.filter(young_person__in=young_people_visible_to(user=user))
    if role == Role.PARTNER_CONTACT:
        return applications.filter(offer__partner_id=user.partner_id)
    if role == Role.SECRETARIAT:
        return applications
    if is_staff_role(user):
        return applications.filter(
            Q(young_person__in=young_people_visible_to(user=user))
            | Q(school_class__in=classes_visible_to(user=user))
            | Q(requested_by=user)
        )
    return applications.none()


def _with_related(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related(
        "offer__partner",
        "period",
        "young_person__school",
        "young_person__school_class",
        "school_class__school",
        "referred_partner",
    )


def inbox_for(*, partner: GuaranteePartner, status: str = "") -> QuerySet[Application]:
    """Requests to one partner's offers, open ones first (callers have checked the partner)."""
    applications = Application.objects.filter(offer__partner=partner).exclude(
        status=Application.Status.AWAITING_CONSENT
    )
    if status:
        applications = applications.filter(status=status)
    return _with_related(applications).order_by("status_changed_at")


def my_applications(*, user: User | AnonymousUser) -> QuerySet[Application]:
    return _with_related(applications_visible_to(user=user)).order_by("-status_changed_at")


def followup_list(
    *, municipality: Municipality | None, today: date | None = None
) -> dict[str, Any]:
    """What the secretariat follows up: declines without a referral, and requests unanswered
    after 5 working days."""
    today = today or timezone.localdate()
    base = _with_related(
        Application.objects.filter(municipality=municipality, followup_resolved_at__isnull=True)
    )
    cutoff = working_days_before(today, UNANSWERED_WORKING_DAYS)
    return {
        "declined_without_referral": base.filter(
            status=Application.Status.DECLINED,
            referred_partner__isnull=True,
            referred_to_coordinator=False,
        ).order_by("status_changed_at"),
        "unanswered": base.filter(
            status=Application.Status.REQUESTED, status_changed_at__date__lte=cutoff
        ).order_by("status_changed_at"),
        "cutoff": cutoff,
    }


def home_partner_requests(*, partner: GuaranteePartner | None) -> int:
    """How many applications wait for the partner's answer (the partner contact's home page)."""
    if partner is None:
        return 0
    return inbox_for(partner=partner, status=Application.Status.REQUESTED).count()


def reasons_not_to_apply(*, offer: Offer, young_person: YoungPerson) -> list[str]:
    """Why the young person cannot apply for any open period of the offer, in the second
    person, so the page can say so before they write a message. Empty: they can apply."""
    today = timezone.localdate()
    reasons: list[str] = []
    for period in offer.periods.all():
        if period.end_date < today:
            continue
        try:
            check_fits(offer=offer, period=period, young_person=young_person, who=_("du"))
        except ValidationError as error:
            reasons += [m for m in error.messages if m not in reasons]
        else:
            return []
    return reasons


def data_about(*, young_person: Any) -> dict[str, Any]:
    """The young person's own applications, for their right of access."""
    applications = Application.objects.filter(young_person=young_person).select_related(
        "offer__partner", "period"
    )
    return {
        "ansoegninger": [
            {
                "tilbud": a.offer.title,
                "garantipartner": a.offer.partner.name,
                "periode": f"{a.period.start_date.isoformat()} - {a.period.end_date.isoformat()}",
                "status": str(a.get_status_display()),
                "besked": a.message,
                "virksomhedens_svar": a.answer_message,
            }
            for a in applications.order_by("created_at")
        ]
    }
