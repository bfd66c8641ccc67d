"""The secretariat's follow-up list: no wrong door."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.permissions import policy_required

from ..permissions import can_view_followup, get_application_for_user_or_404
from ..selectors import UNANSWERED_WORKING_DAYS, followup_list
from ..services.applications import application_followup_resolve


@policy_required(can_view_followup)
def followup(request: AuthenticatedRequest) -> HttpResponse:
    context = followup_list(municipality=request.user.municipality)
    context["working_days"] = UNANSWERED_WORKING_DAYS
    return render(request, "marketplace/followup.html", context)


@require_POST
@policy_required(can_view_followup)
def followup_resolve(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    application = get_application_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Opfølgning på ansøgning")
    )
    try:
        application_followup_resolve(application=application, acting_user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Opfølgningen er afsluttet."))
    return redirect("marketplace:followup")
