"""The secretariat's follow-up list: no wrong door."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.permissions import role_required
from ungegaranti.core.roles import Role

from ..permissions import get_application_for_user_or_404
from ..selectors import UNANSWERED_WORKING_DAYS, followup_list
from ..services import application_followup_resolve


@role_required(Role.SECRETARIAT)
def followup(request: HttpRequest) -> HttpResponse:
    context = followup_list(municipality=request.user.municipality)  # type: ignore[union-attr]
    context["working_days"] = UNANSWERED_WORKING_DAYS
    return render(request, "marketplace/followup.html", context)


@require_POST
@role_required(Role.SECRETARIAT)
def followup_resolve(request: HttpRequest, uuid: str) -> HttpResponse:
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
