"""Pages of events: the event page with its places, partners and sign-up; creating one."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ungegaranti.core.http import AuthenticatedRequest
from ungegaranti.core.models import AccessLogEntry
from ungegaranti.core.permissions import can_view_history
from ungegaranti.core.selectors import audit_events_for
from ungegaranti.core.services import access_log_record
from ungegaranti.placement.permissions import get_class_for_user_or_404

from ..forms import EventForm, EventPartnerForm, form_errors
from ..models import EventPartner, Signup
from ..permissions import (
    can_add_event_partner,
    can_cancel_signup,
    can_create_event,
    can_remove_event_partner,
    can_sign_up_young_person,
    can_view_event_signups,
    get_event_for_user_or_404,
    partners_user_may_add,
    signup_open,
)
from ..selectors import (
    classes_to_sign_up,
    event_partners_of,
    event_signups_for_staff,
    seats_taken,
    signups_of_user,
    waiting_list_of,
)
from ..services import (
    event_create,
    event_partner_add,
    event_partner_remove,
    signup_cancel,
    signup_class,
    signup_young_person,
)


def _errors(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def event_create_view(request: AuthenticatedRequest) -> HttpResponse:
    municipality = request.user.municipality
    if municipality is None or not can_create_event(request.user, municipality):
        raise PermissionDenied
    form = EventForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Arrangementet er oprettet og står i årshjulet."))
            return redirect(event)
    return render(request, "calendar/event_form.html", {"form": form})


@login_required
def event_detail(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    event = get_event_for_user_or_404(user=user, uuid=uuid)
    taken = seats_taken(event=event)
    staff_signups = None
    if can_view_event_signups(user, event):
        staff_signups = list(event_signups_for_staff(event=event))
        for signup in staff_signups:
            if signup.young_person_id is not None:
                access_log_record(
                    user=user,
                    action=AccessLogEntry.Action.VIEW,
                    purpose="Arrangement: tilmeldte",
                    young_person=signup.young_person,
                    path=request.path,
                )
    mine = signups_of_user(user=user, event=event)
    person = user.young_person
    partners = partners_user_may_add(user)
    can_add_partner = any(can_add_event_partner(user, event, p) for p in partners[:1])
    event_partners = list(event_partners_of(event=event))
    return render(
        request,
        "calendar/event_detail.html",
        {
            "event": event,
            "item": getattr(event, "calendar_item", None),
            "taken": taken,
            "free": max(event.places - taken, 0),
            "waiting": waiting_list_of(event=event).count(),
            "open": signup_open(event),
            "partners": event_partners,
            "classes": classes_to_sign_up(user=user, event=event),
            "mine": [(s, can_cancel_signup(user, s)) for s in mine],
            "can_sign_up_self": person is not None
            and not any(s.young_person_id == person.pk for s in mine)
            and can_sign_up_young_person(user, event, person),
            "staff_signups": staff_signups,
            "partner_form": EventPartnerForm(partners=partners) if can_add_partner else None,
            "removable": {ep.pk for ep in event_partners if can_remove_event_partner(user, ep)},
            "history": audit_events_for(obj=event) if can_view_history(user, event) else None,
        },
    )


@require_POST
@login_required
def event_signup_class(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    event = get_event_for_user_or_404(user=request.user, uuid=uuid)
    try:
        class_uuid = UUID(request.POST.get("klasse", ""))
    except ValueError:
        messages.error(request, _("Klasse: vælg den klasse, der skal tilmeldes."))
        return redirect(event)
    school_class = get_class_for_user_or_404(user=request.user, uuid=class_uuid)
    try:
        signup = signup_class(event=event, school_class=school_class, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        _told(request, signup, _("Klassen %(name)s") % {"name": school_class.name})
    return redirect(event)


@require_POST
@login_required
def event_signup_self(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    event = get_event_for_user_or_404(user=request.user, uuid=uuid)
    person = request.user.young_person
    if person is None:
        raise PermissionDenied
    try:
        signup = signup_young_person(event=event, young_person=person, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        _told(request, signup, _("Du"))
    return redirect(event)


def _told(request: AuthenticatedRequest, signup: Signup, who: str) -> None:
    if signup.status == Signup.Status.CONFIRMED:
        messages.success(request, _("%(who)s er tilmeldt.") % {"who": who})
    else:
        messages.warning(
            request,
            _(
                "Pladserne er taget: tilmeldingen (%(who)s) står på ventelisten. Bliver der "
                "plads, rykker den op af sig selv, og du får besked."
            )
            % {"who": who},
        )


@require_POST
@login_required
def signup_cancel_view(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    signup = (
        Signup.objects.filter(uuid=uuid, municipality=request.user.municipality)
        .select_related("event", "school_class")
        .first()
    )
    if signup is None or not can_cancel_signup(request.user, signup):
        raise Http404
    signup_cancel(signup=signup, acting_user=request.user)
    messages.success(request, _("Tilmeldingen er afmeldt."))
    return redirect(signup.event)


@require_POST
@login_required
def event_partner_add_view(request: AuthenticatedRequest, uuid: UUID) -> HttpResponse:
    event = get_event_for_user_or_404(user=request.user, uuid=uuid)
    partners = partners_user_may_add(request.user)
    if not any(can_add_event_partner(request.user, event, p) for p in partners[:1]):
        raise PermissionDenied  # the role puts no partner on an event: refused, not "bad input"
    form = EventPartnerForm(request.POST, partners=partners)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(event)
    try:
        event_partner_add(event=event, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Partneren står nu på arrangementet."))
    return redirect(event)


@require_POST
@login_required
def event_partner_remove_view(request: AuthenticatedRequest, uuid: UUID, pk: int) -> HttpResponse:
    event = get_event_for_user_or_404(user=request.user, uuid=uuid)
    row = EventPartner.objects.filter(pk=pk, event=event).select_related("partner", "event").first()
    if row is None:
        raise Http404
    event_partner_remove(event_partner=row, acting_user=request.user)
    messages.success(request, _("Partneren er fjernet fra arrangementet."))
    return redirect(event)
