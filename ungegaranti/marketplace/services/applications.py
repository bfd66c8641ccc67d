"""Writes of applications and class bookings: request, consent, the partner's answers,
withdrawal and the secretariat's follow-up (see the package docstring for `acting_user` and the
audit trail).

Every status change notifies the people it concerns (after commit, see notifications.notify) and
accepted or completed bookings become activities in the young person's record.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date_range
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.plans.models import Activity
from ungegaranti.plans.services import activity_record

from ..applicant_checks import check_fits, grade_error, needs_guardian_consent
from ..eligibility import OfferTerms, within_grades
from ..models import CLASS_TYPES, Application, Offer, OfferPeriod
from ..permissions import (
    can_accept_application,
    can_cancel_application,
    can_decline_application,
    can_give_consent,
    can_record_outcome,
    can_request_application,
    can_request_booking,
    can_resolve_followup,
    can_withdraw,
)
from ._notices import applicant_side, everyone, guardian_users, notify_about, notify_request_sent

APPLICATION_REQUEST = audit_action(
    "marketplace.application.request", gettext_lazy("Ansøgning sendt")
)
BOOKING_REQUEST = audit_action("marketplace.booking.request", gettext_lazy("Booking sendt"))
APPLICATION_CONSENT = audit_action(
    "marketplace.application.consent", gettext_lazy("Samtykke besvaret")
)
APPLICATION_ACCEPT = audit_action(
    "marketplace.application.accept", gettext_lazy("Ansøgning accepteret")
)
APPLICATION_DECLINE = audit_action(
    "marketplace.application.decline", gettext_lazy("Ansøgning afvist")
)
APPLICATION_WITHDRAW = audit_action(
    "marketplace.application.withdraw", gettext_lazy("Ansøgning trukket tilbage")
)
APPLICATION_CANCEL = audit_action("marketplace.application.cancel", gettext_lazy("Plads aflyst"))
APPLICATION_COMPLETE = audit_action(
    "marketplace.application.complete", gettext_lazy("Registreret som gennemført")
)
APPLICATION_NO_SHOW = audit_action(
    "marketplace.application.no_show", gettext_lazy("Registreret som ikke mødt")
)
FOLLOWUP_RESOLVE = audit_action(
    "marketplace.application.followup_resolve", gettext_lazy("Opfølgning afsluttet")
)


def _check_open(*, offer: Offer, period: OfferPeriod) -> None:
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(_("Tilbuddet er ikke åbent for ansøgninger."))
    if period.offer_id != offer.pk:
        raise ValidationError({"period": _("Perioden hører ikke til tilbuddet.")})
    if period.end_date < timezone.localdate():
        raise ValidationError({"period": _("Perioden er slut.")})
    if period.seats_left <= 0:
        raise ValidationError(
            {
                "period": _("Der er ikke flere ledige pladser i perioden %(dates)s.")
                % {"dates": format_date_range(period.start_date, period.end_date)}
            }
        )


def _save_application(application: Application) -> Application:
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Der er allerede en aktiv ansøgning til dette tilbud.")
            if application.young_person_id
            else _("Klassen har allerede en aktiv booking af dette tilbud.")
        ) from error
    return application


@transaction.atomic
def application_request(
    *,
    offer: Offer,
    period: OfferPeriod,
    young_person: YoungPerson,
    acting_user: User | None,
    message: str = "",
    reply_to: str = "",
    share_support_needs: bool = False,
) -> Application:
    """A young person applies (or a coordinator applies on their behalf). Guardian consent comes
    first for juniormesterlære and for under-15s."""
    if acting_user is not None and not can_request_application(acting_user, young_person):
        raise PermissionDenied(_("Du kan ikke ansøge på vegne af denne unge."))
    is_self = acting_user is not None and acting_user.young_person_id == young_person.pk
    _check_open(offer=offer, period=period)
    check_fits(
        offer=offer, period=period, young_person=young_person, who=_("du") if is_self else ""
    )
    if Application.objects.filter(
        offer=offer, young_person=young_person, status__in=Application.ACTIVE
    ).exists():
        raise ValidationError(_("Der er allerede en aktiv ansøgning til dette tilbud."))
    consent = needs_guardian_consent(offer=offer, young_person=young_person, period=period)
    application = _save_application(
        Application(
            municipality=offer.municipality,
            offer=offer,
            period=period,
            young_person=young_person,
            requested_by=acting_user,
            message=message.strip(),
            reply_to=reply_to.strip() or (acting_user.email if acting_user else ""),
            share_support_needs=share_support_needs,
            status=(
                Application.Status.AWAITING_CONSENT if consent else Application.Status.REQUESTED
            ),
        )
    )
    _audit(application, APPLICATION_REQUEST, acting_user, was=None)
    if consent:
        notify_about(
            application,
            guardian_users(young_person) | ({acting_user} if acting_user else set()),
            _("Samtykke ønskes: %(title)s"),
            _(
                "%(name)s har søgt »%(title)s«. En forælder skal give samtykke, før ansøgningen sendes."
            ),
            own_body=_(
                "Du har søgt »%(title)s«. En forælder skal give samtykke, før ansøgningen sendes "
                "til virksomheden."
            ),
        )
    else:
        notify_request_sent(application, acting_user)
    return application


@transaction.atomic
def booking_request(
    *,
    offer: Offer,
    period: OfferPeriod,
    school_class: SchoolClass,
    acting_user: User | None,
    message: str = "",
    reply_to: str = "",
) -> Application:
    """A teacher books a company visit, course or fair for one of their classes (one seat)."""
    if acting_user is not None and not can_request_booking(acting_user, school_class):
        raise PermissionDenied(_("Du kan ikke booke for denne klasse."))
    if offer.type not in CLASS_TYPES:
        raise ValidationError(_("Dette tilbud kan ikke bookes for en klasse."))
    _check_open(offer=offer, period=period)
    terms = OfferTerms.of(offer)
    if not within_grades(terms, school_class.grade):  # a class is booked by its grade
        raise grade_error(terms, school_class.name)
    if Application.objects.filter(
        offer=offer, school_class=school_class, status__in=Application.ACTIVE
    ).exists():
        raise ValidationError(_("Klassen har allerede en aktiv booking af dette tilbud."))
    application = _save_application(
        Application(
            municipality=offer.municipality,
            offer=offer,
            period=period,
            school_class=school_class,
            requested_by=acting_user,
            message=message.strip(),
            reply_to=reply_to.strip() or (acting_user.email if acting_user else ""),
        )
    )
    _audit(application, BOOKING_REQUEST, acting_user, was=None)
    notify_request_sent(application, acting_user)
    return application


@transaction.atomic
def application_consent(
    *, application: Application, acting_user: User | None, given: bool
) -> Application:
    """A guardian (or staff recording a written consent) answers the consent request."""
    application = _locked(application)
    if acting_user is not None and not can_give_consent(acting_user, application):
        raise PermissionDenied(_("Du kan ikke give samtykke for denne unge."))
    if application.status != Application.Status.AWAITING_CONSENT:
        raise ValidationError(_("Ansøgningen afventer ikke samtykke."))
    was = application.status
    if given:
        application.consent_by = acting_user
        application.consent_at = timezone.now()
        _set_status(application, Application.Status.REQUESTED)
        notify_request_sent(application, acting_user)
    else:
        _set_status(application, Application.Status.WITHDRAWN)
        notify_about(
            application,
            applicant_side(application) | ({acting_user} if acting_user else set()),
            _("Samtykke ikke givet: %(title)s"),
            _("Ansøgningen fra %(name)s til »%(title)s« er trukket tilbage uden samtykke."),
        )
    _audit(application, APPLICATION_CONSENT, acting_user, was=was)
    return application


@transaction.atomic
def application_accept(
    *, application: Application, acting_user: User | None, answer_message: str = ""
) -> Application:
    """Accept a request and take one seat, atomically: the period row is locked and the seat
    counter raised with a conditional UPDATE, so the last seat can never be given twice."""
    application = _locked(application)
    if acting_user is not None and not can_accept_application(acting_user, application):
        raise PermissionDenied(_("Du kan ikke besvare denne ansøgning."))
    if application.status != Application.Status.REQUESTED:
        raise ValidationError(
            _("Kun en anmodning kan accepteres; denne er %(status)s.")
            % {"status": application.get_status_display().lower()}
        )
    period = OfferPeriod.objects.select_for_update().get(pk=application.period_id)
    taken = OfferPeriod.objects.filter(pk=period.pk, seats_taken__lt=F("seats")).update(
        seats_taken=F("seats_taken") + 1
    )
    if taken != 1:
        raise ValidationError(
            _(
                "Der er ikke flere ledige pladser i perioden %(dates)s (%(seats)s af %(seats)s er givet)."
            )
            % {
                "dates": format_date_range(period.start_date, period.end_date),
                "seats": period.seats,
            }
        )
    application.answer_message = answer_message.strip()
    application.answered_at = timezone.now()
    _set_status(application, Application.Status.ACCEPTED)
    _record_activities(application, Activity.Status.PLANNED, acting_user)
    _audit(application, APPLICATION_ACCEPT, acting_user, was=Application.Status.REQUESTED)
    notify_about(
        application,
        everyone(application, acting_user),
        _("Accepteret: %(title)s"),
        _("%(name)s har fået plads i »%(title)s«."),
        own_body=_("Du har fået plads i »%(title)s« hos %(partner)s."),
    )
    return application


@transaction.atomic
def application_decline(
    *,
    application: Application,
    acting_user: User | None,
    reason: str,
    answer_message: str = "",
    referred_partner: GuaranteePartner | None = None,
    referred_to_coordinator: bool = False,
) -> Application:
    """Decline with a reason from the list, and refer on (no wrong door). A decline without a
    referral goes on the secretariat's follow-up list."""
    application = _locked(application)
    if acting_user is not None and not can_decline_application(acting_user, application):
        raise PermissionDenied(_("Du kan ikke besvare denne ansøgning."))
    if application.status != Application.Status.REQUESTED:
        raise ValidationError(_("Kun en anmodning kan afvises."))
    if reason not in Application.DeclineReason.values:
        raise ValidationError({"decline_reason": _("Vælg en begrundelse fra listen.")})
    if reason == Application.DeclineReason.OTHER and not answer_message.strip():
        raise ValidationError(
            {"answer_message": _("Skriv begrundelsen, når du vælger »Anden grund«.")}
        )
    if referred_partner is not None and (
        referred_partner.pk == application.offer.partner_id
        or referred_partner.municipality_id != application.municipality_id
    ):
        raise ValidationError({"referred_partner": _("Henvis til en anden garantipartner.")})
    application.decline_reason = reason
    application.answer_message = answer_message.strip()
    application.referred_partner = referred_partner
    application.referred_to_coordinator = referred_to_coordinator
    application.answered_at = timezone.now()
    _set_status(application, Application.Status.DECLINED)
    _audit(
        application,
        APPLICATION_DECLINE,
        acting_user,
        was=Application.Status.REQUESTED,
        decline_reason=[None, reason],
        referred_partner=[None, referred_partner.name if referred_partner else None],
        referred_to_coordinator=[None, referred_to_coordinator],
    )
    why = (
        str(application.get_decline_reason_display())
        + (" " + _("Henvist til %(p)s.") % {"p": referred_partner.name} if referred_partner else "")
        + (" " + _("Henvist til praktikkoordinator/vejleder.") if referred_to_coordinator else "")
    ).replace("%", "%%")
    notify_about(
        application,
        everyone(application, acting_user),
        _("Afvist: %(title)s"),
        _("Ansøgningen fra %(name)s til »%(title)s« er afvist: ") + why,
        own_body=_("Din ansøgning til »%(title)s« er afvist: ") + why,
    )
    return application


def _give_back(
    application: Application,
    status: str,
    subject: str,
    body: str,
    acting_user: User | None,
    action: str,
) -> Application:
    was = application.status
    if was == Application.Status.ACCEPTED:
        OfferPeriod.objects.select_for_update().filter(pk=application.period_id).update(
            seats_taken=F("seats_taken") - 1
        )
        _record_activities(application, Activity.Status.CANCELLED, acting_user)
    _set_status(application, status)
    _audit(application, action, acting_user, was=was)
    notify_about(application, everyone(application, acting_user), subject, body)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, acting_user: User | None) -> Application:
    """The young person (or who applied for them) withdraws; an accepted seat is given back."""
    application = _locked(application)
    if acting_user is not None and not can_withdraw(acting_user, application):
        raise PermissionDenied(_("Du kan ikke trække denne ansøgning tilbage."))
    if not application.is_active:
        raise ValidationError(_("Ansøgningen er ikke aktiv."))
    return _give_back(
        application,
        Application.Status.WITHDRAWN,
        _("Trukket tilbage: %(title)s"),
        _("Ansøgningen fra %(name)s til »%(title)s« er trukket tilbage."),
        acting_user,
        APPLICATION_WITHDRAW,
    )


@transaction.atomic
def application_cancel(
    *, application: Application, acting_user: User | None, answer_message: str = ""
) -> Application:
    """The partner cancels an accepted booking; the seat is given back."""
    application = _locked(application)
    if acting_user is not None and not can_cancel_application(acting_user, application):
        raise PermissionDenied(_("Du kan ikke besvare denne ansøgning."))
    if application.status != Application.Status.ACCEPTED:
        raise ValidationError(_("Kun en accepteret ansøgning kan aflyses."))
    application.answer_message = answer_message.strip() or application.answer_message
    return _give_back(
        application,
        Application.Status.CANCELLED,
        _("Aflyst: %(title)s"),
        _("%(partner)s har aflyst pladsen for %(name)s i »%(title)s«."),
        acting_user,
        APPLICATION_CANCEL,
    )


def _outcome(
    *, application: Application, acting_user: User | None, status: str, activity: str, action: str
) -> Application:
    application = _locked(application)
    if acting_user is not None and not can_record_outcome(acting_user, application):
        raise PermissionDenied(_("Du kan ikke besvare denne ansøgning."))
    if application.status != Application.Status.ACCEPTED:
        raise ValidationError(_("Kun en accepteret ansøgning kan afsluttes."))
    if application.period.start_date > timezone.localdate():
        raise ValidationError(_("Perioden er ikke begyndt endnu."))
    _set_status(application, status)
    _record_activities(application, activity, acting_user)
    _audit(application, action, acting_user, was=Application.Status.ACCEPTED)
    notify_about(
        application,
        everyone(application, acting_user),
        _("%(status)s: %(title)s").replace("%(status)s", str(application.get_status_display())),
        _("»%(title)s« for %(name)s er registreret som: ")
        + str(application.get_status_display()).lower(),
    )
    return application


@transaction.atomic
def application_complete(*, application: Application, acting_user: User | None) -> Application:
    return _outcome(
        application=application,
        acting_user=acting_user,
        status=Application.Status.COMPLETED,
        activity=Activity.Status.COMPLETED,
        action=APPLICATION_COMPLETE,
    )


@transaction.atomic
def application_no_show(*, application: Application, acting_user: User | None) -> Application:
    return _outcome(
        application=application,
        acting_user=acting_user,
        status=Application.Status.NO_SHOW,
        activity=Activity.Status.DID_NOT_ATTEND,
        action=APPLICATION_NO_SHOW,
    )


@transaction.atomic
def application_followup_resolve(
    *, application: Application, acting_user: User | None
) -> Application:
    """The secretariat has followed up a decline without referral or an unanswered request."""
    application = _locked(application)
    if acting_user is not None and not can_resolve_followup(acting_user, application):
        raise PermissionDenied(_("Kun Ungesekretariatet kan afslutte opfølgningen."))
    if application.followup_resolved_at is not None:  # a second click changes nothing
        return application
    application.followup_resolved_at = timezone.now()
    application.save(update_fields=["followup_resolved_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=FOLLOWUP_RESOLVE,
        obj=application,
        changes={"followup_resolved_at": [None, application.followup_resolved_at.isoformat()]},
    )
    return application


# --- helpers -------------------------------------------------------------------------------


def _audit(
    application: Application,
    action: str,
    acting_user: User | None,
    *,
    was: str | None,
    **more: list[Any],
) -> None:
    """The status change (and what else `more` names, as [before, after]) in the trail."""
    audit_record(
        actor=acting_user,
        action=action,
        obj=application,
        changes={"status": [was, application.status], **more},
    )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer__partner", "period", "young_person", "school_class__school")
        .get(pk=application.pk)
    )


def _set_status(application: Application, status: str) -> None:
    application.status = status
    application.status_changed_at = timezone.now()
    application.full_clean(validate_constraints=False)
    application.save()


def _record_activities(application: Application, status: str, acting_user: User | None) -> None:
    offer, period = application.offer, application.period
    if application.young_person is not None:
        people = [application.young_person]
    elif application.school_class is not None:
        people = list(application.school_class.pupils.all())
    else:
        people = []
    for person in people:
        key = f"application:{application.uuid}"
        if not application.young_person_id:
            key = f"{key}:{person.uuid}"
        activity_record(
            young_person=person,
            kind=offer.type,
            title=offer.title,
            partner=offer.partner,
            start_date=period.start_date,
            end_date=period.end_date,
            source_key=key,
            status=status,
            acting_user=acting_user,
        )
