"""Writes of offers: create, edit, publish, pause and close (see the package docstring for
`acting_user` and the audit trail)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.services import audit_record
from ungegaranti.partners.models import GuaranteePartner

from ..models import Offer
from ..permissions import (
    can_close_offer,
    can_create_offer,
    can_pause_offer,
    can_publish_offer,
    can_update_offer,
)
from ..rules import working_time_violations

OFFER_CREATE = audit_action("marketplace.offer.create", gettext_lazy("Tilbud oprettet"))
OFFER_UPDATE = audit_action("marketplace.offer.update", gettext_lazy("Tilbud ændret"))
OFFER_PUBLISH = audit_action("marketplace.offer.publish", gettext_lazy("Tilbud offentliggjort"))
OFFER_PAUSE = audit_action("marketplace.offer.pause", gettext_lazy("Tilbud sat på pause"))
OFFER_CLOSE = audit_action("marketplace.offer.close", gettext_lazy("Tilbud lukket"))

OFFER_FIELDS = (
    "type",
    "title",
    "description",
    "sector",
    "subject",
    "address",
    "postal_code",
    "min_age",
    "max_age",
    "min_grade",
    "max_grade",
    "hours_per_day",
    "hours_per_week",
    "day_starts_at",
    "day_ends_at",
    "break_minutes",
    "night_work",
    "during_school_period",
    "works_on_school_days",
    "for_school_leavers",
    "light_work",
    "under_13_observation",
    "suits_support_needs",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Du kan ikke ændre denne garantipartners tilbud."))


def _place(offer: Offer) -> None:
    area = PostalArea.objects.filter(code=offer.postal_code).first()
    offer.latitude = area.latitude if area else None
    offer.longitude = area.longitude if area else None


def _check_rules(offer: Offer) -> None:
    """Refuse an offer that breaks a rule for minors: each breach on its field, with its
    source, so the form shows it beside the field to change."""
    violations = working_time_violations(offer)
    if violations:
        by_field: dict[str, list[str]] = {}
        for v in violations:
            by_field.setdefault(v.field, []).append(
                _("%(rule)s (kilde: %(source)s)") % {"rule": v.message, "source": v.source}
            )
        raise ValidationError(by_field)


@transaction.atomic
def offer_create(*, partner: GuaranteePartner, acting_user: User | None, **values: Any) -> Offer:
    """A new offer, as a draft (a draft may still break the working-time rules)."""
    if acting_user is not None and not can_create_offer(acting_user, partner):
        raise _refuse()
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer(municipality=partner.municipality, partner=partner, **values)
    _place(offer)
    offer.full_clean()
    offer.save()
    given = {k: v for k, v in snapshot(offer, OFFER_FIELDS).items() if v not in ("", None)}
    audit_record(actor=acting_user, action=OFFER_CREATE, obj=offer, changes=changed({}, given))
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, acting_user: User | None, **values: Any) -> Offer:
    """Change an offer; a published offer must keep to the working-time rules."""
    offer = Offer.objects.select_for_update(of=("self",)).select_related("partner").get(pk=offer.pk)
    if acting_user is not None and not can_update_offer(acting_user, offer):
        raise _refuse()
    before = snapshot(offer, OFFER_FIELDS)
    for name, value in values.items():
        if name not in OFFER_FIELDS:
            raise TypeError(f"unknown offer field: {name}")
        setattr(offer, name, value)
    _place(offer)
    offer.full_clean()
    if offer.status == Offer.Status.PUBLISHED:
        _check_rules(offer)
    offer.save()
    changes = changed(before, snapshot(offer, OFFER_FIELDS))
    if changes:
        audit_record(actor=acting_user, action=OFFER_UPDATE, obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_publish(*, offer: Offer, acting_user: User | None) -> Offer:
    offer = Offer.objects.select_for_update(of=("self",)).select_related("partner").get(pk=offer.pk)
    if acting_user is not None and not can_publish_offer(acting_user, offer):
        raise _refuse()
    if offer.status == Offer.Status.CLOSED:
        raise ValidationError(_("Et lukket tilbud kan ikke offentliggøres igen."))
    _check_rules(offer)
    if not offer.periods.filter(end_date__gte=timezone.localdate()).exists():
        raise ValidationError(
            _("Tilføj mindst én periode med pladser, før tilbuddet offentliggøres.")
        )
    was = offer.status
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = offer.published_at or timezone.now()
    offer.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=OFFER_PUBLISH,
        obj=offer,
        changes={"status": [was, offer.status]},
    )
    return offer


@transaction.atomic
def offer_pause(*, offer: Offer, acting_user: User | None) -> Offer:
    """Hidden from search; requests already made are still answered."""
    offer = Offer.objects.select_for_update(of=("self",)).select_related("partner").get(pk=offer.pk)
    if acting_user is not None and not can_pause_offer(acting_user, offer):
        raise _refuse()
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(_("Kun et offentliggjort tilbud kan sættes på pause."))
    return _set_status(offer, Offer.Status.PAUSED, OFFER_PAUSE, acting_user)


@transaction.atomic
def offer_close(*, offer: Offer, acting_user: User | None) -> Offer:
    offer = Offer.objects.select_for_update(of=("self",)).select_related("partner").get(pk=offer.pk)
    if acting_user is not None and not can_close_offer(acting_user, offer):
        raise _refuse()
    if offer.status == Offer.Status.CLOSED:
        raise ValidationError(_("Tilbuddet er lukket."))
    return _set_status(offer, Offer.Status.CLOSED, OFFER_CLOSE, acting_user)


def _set_status(offer: Offer, status: str, action: str, acting_user: User | None) -> Offer:
    was = offer.status
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    audit_record(actor=acting_user, action=action, obj=offer, changes={"status": [was, status]})
    return offer
