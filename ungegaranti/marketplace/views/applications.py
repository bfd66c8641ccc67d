"""Applying and booking, and every answer to an application."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry, User
from ungegaranti.core.permissions import (
    can_view_history,
    is_staff_role,
    policy_required,
)
from ungegaranti.core.selectors import audit_events_for
from ungegaranti.core.services import access_log_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.partners.selectors import partners_public
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to

from ..forms import AnswerForm, ApplyForm, BookForm, DeclineForm
from ..models import Application, Offer, OfferPeriod
from ..permissions import (
    can_answer,
    can_apply,
    can_apply_for_self,
    can_book_for_classes,
    can_follow_applications,
    can_give_consent,
    can_manage_offers,
    can_open_applications,
    can_record_consents,
    can_withdraw,
    get_application_for_user_or_404,
    get_public_offer_or_404,
    sees_first_name_only,
    sees_own_applications_only,
)
from ..selectors import my_applications
from ..services.applications import (
    application_accept,
    application_cancel,
    application_complete,
    application_consent,
    application_decline,
    application_no_show,
    application_request,
    application_withdraw,
    booking_request,
)
from ._common import add_errors
from .offer_detail import offer_context, period_choices


def _period(offer: Offer, uuid: str) -> OfferPeriod:
    period = offer.periods.filter(uuid=uuid).first()
    if period is None:  # the form offers only the offer's own periods
        raise ValidationError({"period": _("Vælg en af tilbuddets perioder.")})
    return period


def _chosen_person(user: User, uuid: str) -> list[tuple[str, str]]:
    try:
        people = young_people_visible_to(user=user).filter(uuid=uuid)[:1]
        return [(str(p.uuid), p.full_name) for p in people]
    except ValidationError:
        return []


@require_POST
@policy_required(can_apply)
def apply(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    offer = get_public_offer_or_404(user=user, uuid=uuid)
    on_behalf = not can_apply_for_self(user)
    form = ApplyForm(
        request.POST,
        periods=period_choices(offer),
        people=_chosen_person(user, request.POST.get("young_person", "")) if on_behalf else None,
    )
    if form.is_valid():
        data = form.cleaned_data
        if on_behalf:
            person = young_people_visible_to(user=user).filter(uuid=data["young_person"]).first()
        else:
            person = user.young_person
        try:
            if person is None:
                raise ValidationError(_("Vælg en ung."))
            application = application_request(
                offer=offer,
                period=_period(offer, data["period"]),
                young_person=person,
                acting_user=user,
                message=data["message"],
                reply_to=data["reply_to"],
                share_support_needs=data["share_support_needs"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if application.status == Application.Status.AWAITING_CONSENT:
                messages.success(
                    request, _("Ansøgningen er gemt. En forælder skal give samtykke først.")
                )
            else:
                messages.success(request, _("Ansøgningen er sendt til virksomheden."))
            return redirect(application.get_absolute_url())
    context = offer_context(request, offer, apply_form=form)
    if "apply_form" not in context:  # the page explains instead; keep the refusal visible
        for text in form.non_field_errors():
            messages.error(request, str(text))
    return render(request, "marketplace/offer_detail.html", context, status=400)


@require_POST
@policy_required(can_book_for_classes)
def book(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    offer = get_public_offer_or_404(user=user, uuid=uuid)
    classes = classes_visible_to(user=user)
    form = BookForm(
        request.POST,
        periods=period_choices(offer),
        classes=[(str(c.uuid), str(c)) for c in classes],
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            application = booking_request(
                offer=offer,
                period=_period(offer, data["period"]),
                school_class=classes.get(uuid=data["school_class"]),
                acting_user=user,
                message=data["message"],
                reply_to=data["reply_to"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Bookingen er sendt til virksomheden."))
            return redirect(application.get_absolute_url())
    context = offer_context(request, offer, book_form=form)
    return render(request, "marketplace/offer_detail.html", context, status=400)


@policy_required(can_follow_applications)
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    applications = my_applications(user=user)[:200]
    if is_staff_role(user):
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.SEARCH,
            purpose=_("Oversigt over unges ansøgninger på markedspladsen"),
            path=request.path,
        )
    return render(
        request,
        "marketplace/application_list.html",
        {"applications": applications, "show_who": not sees_own_applications_only(user)},
    )


@policy_required(can_open_applications)
def application_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    application = get_application_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Visning af ansøgning på markedspladsen")
    )
    return render(
        request, "marketplace/application_detail.html", _detail_context(request, application)
    )


def _detail_context(request: HttpRequest, application: Application, **forms: Any) -> dict:
    user = request.user
    answer = can_answer(user, application)
    context: dict[str, Any] = {
        "application": application,
        "as_partner": sees_first_name_only(user),
        "can_answer": answer,
        "can_consent": application.status == Application.Status.AWAITING_CONSENT
        and can_give_consent(user, application),
        "can_withdraw": application.is_active and can_withdraw(user, application),
        # Accepting needs a free seat; attendance can be told once the period has begun.
        "period_full": application.period.seats_left <= 0,
        "period_started": application.period.start_date <= timezone.localdate(),
    }
    if can_view_history(user, application):
        context["history"] = audit_events_for(obj=application)
    if answer and application.status == Application.Status.REQUESTED:
        partners = partners_public(municipality=application.municipality).exclude(
            pk=application.offer.partner_id
        )
        booking = application.is_booking
        context["answer_form"] = forms.get("answer_form") or AnswerForm(is_booking=booking)
        context["decline_form"] = forms.get("decline_form") or DeclineForm(
            partners=referral_choices(partners), is_booking=booking
        )
    return context


def referral_choices(
    partners: QuerySet[GuaranteePartner],
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Partners to refer on to, grouped by trade: a list of 200 names is unusable flat."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for partner in partners.order_by("sector", "name").only("uuid", "name", "sector"):
        groups.setdefault(partner.get_sector_display(), []).append(
            (str(partner.uuid), partner.name)
        )
    return sorted(groups.items())


def _act(
    request: HttpRequest,
    uuid: str,
    action: Callable[..., Any],
    done: str,
    done_booking: str = "",
    **kwargs: Any,
) -> HttpResponse:
    """Run a status change; `done_booking` is the success message for a class booking."""
    application = get_application_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Behandling af ansøgning på markedspladsen")
    )
    try:
        action(application=application, acting_user=request.user, **kwargs)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done_booking if application.is_booking and done_booking else done)
    return redirect(application.get_absolute_url())


@require_POST
@policy_required(can_record_consents)
def consent(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    given = request.POST.get("given") == "yes"
    return _act(
        request,
        uuid,
        application_consent,
        _("Samtykket er givet, og ansøgningen er sendt.")
        if given
        else _("Ansøgningen er trukket tilbage."),
        given=given,
    )


@require_POST
@policy_required(can_follow_applications)
def withdraw(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        application_withdraw,
        _("Ansøgningen er trukket tilbage."),
        _("Bookingen er trukket tilbage."),
    )


def _answer_message(request: HttpRequest) -> str:
    form = AnswerForm(request.POST)
    return form.cleaned_data["answer_message"] if form.is_valid() else ""


@require_POST
@policy_required(can_manage_offers)
def accept(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        application_accept,
        _("Ansøgningen er accepteret."),
        _("Bookingen er accepteret."),
        answer_message=_answer_message(request),
    )


@require_POST
@policy_required(can_manage_offers)
def decline(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    application = get_application_for_user_or_404(
        request=request, uuid=uuid, purpose=_("Behandling af ansøgning på markedspladsen")
    )
    partners = partners_public(municipality=application.municipality).exclude(
        pk=application.offer.partner_id
    )
    form = DeclineForm(
        request.POST, partners=referral_choices(partners), is_booking=application.is_booking
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            application_decline(
                application=application,
                acting_user=request.user,
                reason=data["reason"],
                answer_message=data["answer_message"],
                referred_partner=partners.filter(uuid=data["referred_partner"]).first()
                if data["referred_partner"]
                else None,
                referred_to_coordinator=data["referred_to_coordinator"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Bookingen er afvist.")
                if application.is_booking
                else _("Ansøgningen er afvist."),
            )
            return redirect(application.get_absolute_url())
    context = _detail_context(request, application, decline_form=form)
    return render(request, "marketplace/application_detail.html", context, status=400)


@require_POST
@policy_required(can_manage_offers)
def cancel(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        application_cancel,
        _("Pladsen er aflyst."),
        answer_message=_answer_message(request),
    )


@require_POST
@policy_required(can_manage_offers)
def outcome(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    result = request.POST.get("outcome")
    if result == "completed":
        return _act(request, uuid, application_complete, _("Registreret som gennemført."))
    if result == "no_show":
        return _act(request, uuid, application_no_show, _("Registreret som ikke mødt."))
    raise Http404
