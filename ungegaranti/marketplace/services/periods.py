"""Writes of an offer's periods (dates and seats). Their audit events are recorded on the offer,
so that the offer's history tells the whole story (see the package docstring)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record

from ..models import Offer, OfferPeriod
from ..permissions import can_add_period, can_change_period

PERIOD_ADD = audit_action("marketplace.period.add", gettext_lazy("Periode tilføjet"))
PERIOD_CHANGE = audit_action("marketplace.period.change", gettext_lazy("Periode ændret"))

PERIOD_FIELDS = ("start_date", "end_date", "seats")


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Du kan ikke ændre denne garantipartners tilbud."))


@transaction.atomic
def period_add(
    *, offer: Offer, start_date: date, end_date: date, seats: int, acting_user: User | None
) -> OfferPeriod:
    if acting_user is not None and not can_add_period(acting_user, offer):
        raise _refuse()
    period = OfferPeriod(
        municipality=offer.municipality,
        offer=offer,
        start_date=start_date,
        end_date=end_date,
        seats=seats,
    )
    _clean_period(period)
    period.save()
    audit_record(
        actor=acting_user,
        action=PERIOD_ADD,
        obj=offer,
        changes=changed({}, snapshot(period, PERIOD_FIELDS)),
    )
    return period


@transaction.atomic
def period_change(
    *,
    period: OfferPeriod,
    acting_user: User | None,
    start_date: date,
    end_date: date,
    seats: int,
) -> OfferPeriod:
    period = (
        OfferPeriod.objects.select_for_update(of=("self",))
        .select_related("offer__partner")
        .get(pk=period.pk)
    )
    if acting_user is not None and not can_change_period(acting_user, period):
        raise _refuse()
    if seats < period.seats_taken:
        raise ValidationError(
            {
                "seats": _(
                    "Der er allerede givet %(taken)s pladser i perioden; antallet kan ikke være "
                    "mindre."
                )
                % {"taken": period.seats_taken}
            }
        )
    before = snapshot(period, PERIOD_FIELDS)
    period.start_date, period.end_date, period.seats = start_date, end_date, seats
    _clean_period(period)
    period.save()
    after = snapshot(period, PERIOD_FIELDS)
    if changed(before, after):  # all three fields, so that the event names the period
        audit_record(
            actor=acting_user,
            action=PERIOD_CHANGE,
            obj=period.offer,
            changes={name: [before[name], after[name]] for name in PERIOD_FIELDS},
        )
    return period


def _clean_period(period: OfferPeriod) -> None:
    if period.start_date and period.end_date and period.end_date < period.start_date:
        raise ValidationError({"end_date": _("Slutdatoen skal ligge efter startdatoen.")})
    if period.seats is not None and period.seats < 1:
        raise ValidationError({"seats": _("Der skal være mindst én plads.")})
    period.full_clean()
