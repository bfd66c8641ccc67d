"""Offer management for partner contacts; the secretariat can act for any partner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import can_view_history, policy_required
from ungegaranti.core.selectors import audit_events_for
from ungegaranti.partners.models import GuaranteePartner

from ..forms import FirstPeriodForm, OfferForm, PeriodForm
from ..models import Offer, OfferPeriod
from ..permissions import acts_for_partner, can_manage_offers, get_offer_for_partner_or_404
from ..rules import working_time_advice, working_time_violations
from ..selectors import partner_offer_rows, partners_managed_by
from ..services.offers import (
    offer_close,
    offer_create,
    offer_pause,
    offer_publish,
    offer_update,
)
from ..services.periods import period_add, period_change
from ._common import acting_partner, add_errors


def _choose_partner(request: HttpRequest, title: str) -> HttpResponse:
    return render(
        request,
        "marketplace/partner_choose.html",
        {"partners": partners_managed_by(user=request.user), "title": title},
    )


@policy_required(can_manage_offers)
def partner_offers(request: AuthenticatedRequest) -> HttpResponse:
    partner = acting_partner(request)
    if partner is None:
        return _choose_partner(request, _("Tilbud for en garantipartner"))
    return render(
        request,
        "marketplace/partner_offers.html",
        {"partner": partner, "offers": partner_offer_rows(partner=partner)},
    )


@policy_required(can_manage_offers)
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


def _create_with_period(
    request: AuthenticatedRequest,
    partner: GuaranteePartner,
    form: OfferForm,
    period_form: FirstPeriodForm,
) -> Offer:
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


def _edit_url(offer: Offer, request: HttpRequest) -> str:
    url = reverse("marketplace:offer_edit", kwargs={"uuid": offer.uuid})
    if acts_for_partner(request.user, offer.partner):
        url += f"?partner={offer.partner.uuid}"
    return url


@policy_required(can_manage_offers)
def offer_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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


def _edit_page(
    request: HttpRequest,
    offer: Offer,
    *,
    form: OfferForm,
    period_form: PeriodForm,
    status: int = 200,
) -> HttpResponse:
    violations = working_time_violations(offer)
    context = {
        "offer": offer,
        "partner": offer.partner,
        "form": form,
        "period_form": period_form,
        "periods": offer.periods.all(),
        "violations": violations,
        "advice": working_time_advice(offer),
    }
    if can_view_history(request.user, offer):
        context["history"] = audit_events_for(obj=offer)
    return render(request, "marketplace/offer_edit.html", context, status=status)


@require_POST
@policy_required(can_manage_offers)
def offer_status(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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
@policy_required(can_manage_offers)
def period_add_view(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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
@policy_required(can_manage_offers)
def period_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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
