"""Reads of the marketplace, always through the reader's scope."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ungegaranti.core.permissions import is_staff_role
from ungegaranti.core.roles import Role
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from .models import Application, Offer

UNANSWERED_WORKING_DAYS = 5


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday-Friday) after `start` up to and including `end`. Danish public
    holidays are not counted out (a later refinement)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def working_days_before(day: date, working_days: int) -> date:
    """The latest date from which `working_days` working days have passed by `day`."""
    current = day
    while working_days_between(current, day) < working_days:
        current -= timedelta(days=1)
    return current


def partners_managed_by(*, user: Any) -> QuerySet[GuaranteePartner]:
    partners = GuaranteePartner.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.PARTNER_CONTACT:
        return partners.filter(pk=user.partner_id)
    if user.role == Role.SECRETARIAT:
        return partners
    return partners.none()


def offers_of_partner(*, partner: GuaranteePartner) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(partner=partner)
        .annotate(
            open_requests=Count(
                "applications",
                filter=Q(applications__status=Application.Status.REQUESTED),
                distinct=True,
            )
        )
        .prefetch_related("periods")
        .order_by("status", "-created_at")
    )


def applications_visible_to(*, user: Any) -> QuerySet[Application]:
    applications = Application.objects.filter(municipality_id=user.municipality_id)
    if not user.is_authenticated:
        return applications.none()
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


def my_applications(*, user: Any) -> QuerySet[Application]:
    return _with_related(applications_visible_to(user=user)).order_by("-status_changed_at")


def followup_list(*, municipality: Any, today: date | None = None) -> dict[str, Any]:
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
