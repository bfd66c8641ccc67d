"""Each partner contact sees every request to their company's offers in one inbox."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ungegaranti.core.permissions import policy_required

from ..models import Application
from ..permissions import can_manage_offers
from ..selectors import inbox_for, partners_managed_by
from ._common import acting_partner


@policy_required(can_manage_offers)
def inbox(request: HttpRequest) -> HttpResponse:
    partner = acting_partner(request)
    if partner is None:
        return render(
            request,
            "marketplace/partner_choose.html",
            {"partners": partners_managed_by(user=request.user), "title": _("Indbakke")},
        )
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    applications = inbox_for(partner=partner, status=status)[:300]
    return render(
        request,
        "marketplace/inbox.html",
        {
            "partner": partner,
            "applications": applications,
            "status": status,
            "statuses": [
                (value, label)
                for value, label in Application.Status.choices
                if value != Application.Status.AWAITING_CONSENT
            ],
        },
    )
