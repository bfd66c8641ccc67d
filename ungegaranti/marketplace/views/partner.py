"""Offer management for partner contacts; the secretariat can act for any partner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role

from ..forms import FirstPeriodForm, OfferForm, PeriodForm
from ..models import OfferPeriod
from ..permissions import get_offer_for_partner_or_404
from ..rules import working_time_violations
from ..selectors import offers_of_partner, partners_managed_by
from ..services import (
    offer_close,
    offer_create,
    offer_pause,
    offer_publish,
    offer_update,
    period_add,
    period_change,
)
from ._common import acting_partner, add_errors

MANAGERS = (Role.PARTNER_CONTACT, Role.SECRETARIAT)


def _choose_partner(request: HttpRequest, title: str) -> HttpResponse:
    return render(
        request,
        "marketplace/partner_choose.html",
        {"partners": partners_managed_by(user=request.user), "title": title},
    )


@role_required(*MANAGERS)
def partner_offers(request: HttpRequest) -> HttpResponse:
    partner = acting_partner(request)
    if partner is None:
        return _choose_partner(request, _("Tilbud for en garantipartner"))
    offers = list(offers_of_partner(partner=partner))
    today = timezone.localdate()
    for offer in offers:  # periods are prefetched: seats over what is still to come
        upcoming = [p for p in offer.periods.all() if p.end_date >= today]
        offer.seats_left_total = sum(p.seats_left for p in upcoming)  # type: ignore[attr-defined]
        offer.upcoming_count = len(upcoming)  # type: ignore[attr-defined]
        offer.next_period = min(upcoming, key=lambda p: p.start_date, default=None)  # type: ignore[attr-defined]
    return render(
        request, "marketplace/partner_offers.html", {"partner": partner, "offers": offers}
    )


@role_required(*MANAGERS)
def offer_create_view(request: AuthenticatedRequest) -> HttpResponse:
    partner = acting_partner(request)
    if partner is None:
        return _choose_partner(request, _("Opret tilbud for en garantipartner"))
    initial = {
        "sector": partner.sector,
        "address": partner.address,
        "postal_code": partner.postal_code,
        "contact_name": request.user.get_full_name(),
        "contact_email": request.user.email,
    }
    form = OfferForm(request.POST or None, initial=initial)
    period_form = FirstPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and period_form.is_valid():
        try:
            offer = _create_with_period(request, partner, form, period_form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Tilbuddet er gemt som kladde."))
            return redirect(_edit_url(offer, request))
    return render(
        request,
        "marketplace/offer_form.html",
        {"form": form, "period_form": period_form, "partner": partner, "offer": None},
    )


def _create_with_period(request, partner, form, period_form):  # type: ignore[no-untyped-def]
    from django.db import transaction

    with transaction.atomic():
        offer = offer_create(partner=partner, acting_user=request.user, **form.cleaned_data)
        data = period_form.cleaned_data
        if data.get("start_date"):
            period_add(
                offer=offer,
                start_date=data["start_date"],
                end_date=data["end_date"],
                seats=data["seats"],
                acting_user=request.user,
            )
    return offer


def _edit_url(offer, request) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    url = reverse("marketplace:offer_edit", kwargs={"uuid": offer.uuid})
    if request.user.role == Role.SECRETARIAT:
        url += f"?partner={offer.partner.uuid}"
    return url


@role_required(*MANAGERS)
def offer_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    offer = get_offer_for_partner_or_404(user=request.user, uuid=uuid)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            offer_update(offer=offer, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Tilbuddet er gemt."))
            return redirect(_edit_url(offer, request))
    offer.refresh_from_db()
    return _edit_page(request, offer, form=form, period_form=PeriodForm())


def _edit_page(request, offer, *, form, period_form, status=200):  # type: ignore[no-untyped-def]
    violations = working_time_violations(offer)
    return render(
        request,
        "marketplace/offer_edit.html",
        {
            "offer": offer,
            "partner": offer.partner,
            "form": form,
            "period_form": period_form,
            "periods": offer.periods.all(),
            "violations": violations,
            "sources": list(dict.fromkeys(v.source for v in violations)),
        },
        status=status,
    )


@require_POST
@role_required(*MANAGERS)
def offer_status(request: HttpRequest, uuid: str) -> HttpResponse:
    offer = get_offer_for_partner_or_404(user=request.user, uuid=uuid)
    actions = {
        "publish": (offer_publish, _("Tilbuddet er offentliggjort.")),
        "pause": (offer_pause, _("Tilbuddet er sat på pause.")),
        "close": (offer_close, _("Tilbuddet er lukket.")),
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Ukendt handling."))
    else:
        try:
            action[0](offer=offer, acting_user=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, action[1])
    return redirect(_edit_url(offer, request))


@require_POST
@role_required(*MANAGERS)
def period_add_view(request: HttpRequest, uuid: str) -> HttpResponse:
    offer = get_offer_for_partner_or_404(user=request.user, uuid=uuid)
    period_form = PeriodForm(request.POST)
    if period_form.is_valid():
        try:
            period_add(offer=offer, acting_user=request.user, **period_form.cleaned_data)
        except ValidationError as error:
            add_errors(period_form, error)
        else:
            messages.success(request, _("Perioden er tilføjet."))
            return redirect(_edit_url(offer, request))
    return _edit_page(
        request, offer, form=OfferForm(instance=offer), period_form=period_form, status=400
    )


@require_POST
@role_required(*MANAGERS)
def period_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    period = OfferPeriod.objects.select_related("offer__partner").filter(uuid=uuid).first()
    offer = get_offer_for_partner_or_404(
        user=request.user, uuid=period.offer.uuid if period else uuid
    )
    assert period is not None
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            period_change(period=period, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Perioden er ændret."))
    else:
        messages.error(request, _("Perioden blev ikke ændret: udfyld fra, til og pladser."))
    return redirect(_edit_url(offer, request))
