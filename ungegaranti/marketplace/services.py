"""Writes of the marketplace: offers and their periods, applications and class bookings.

Every status change notifies the people it concerns (after commit, see notifications.notify) and
accepted or completed bookings become activities in the young person's record.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ungegaranti.core.dates import format_date_range
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.people.selectors import classes_visible_to, young_people_visible_to
from ungegaranti.plans.models import Activity, ActivityKind
from ungegaranti.plans.services import activity_record

from .eligibility import Candidate, OfferTerms, Refusal, age_day, refusals, within_grades
from .models import CLASS_TYPES, Application, Offer, OfferPeriod
from .permissions import can_manage_partner_offers
from .rules import working_time_violations

CONSENT_AGE = 15  # under-15s need a guardian's consent before the request reaches the partner
ON_BEHALF_ROLES = frozenset(
    {
        Role.WORK_EXPERIENCE_COORDINATOR,
        Role.CAREER_COUNSELLOR,
        Role.GUIDANCE_COUNSELLOR,
        Role.SECRETARIAT,
    }
)
BOOKING_ROLES = frozenset({Role.TEACHER, Role.CAREER_COUNSELLOR, Role.WORK_EXPERIENCE_COORDINATOR})

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
    "during_school_period",
    "works_on_school_days",
    "for_school_leavers",
    "light_work",
    "suits_support_needs",
    "contact_name",
    "contact_email",
    "contact_phone",
)


# --- offers -----------------------------------------------------------------------------------


def _require_partner_access(*, acting_user: Any, partner: Any) -> None:
    if not can_manage_partner_offers(acting_user, partner):
        raise ValidationError(_("Du kan ikke ændre denne garantipartners tilbud."))


def _place(offer: Offer) -> None:
    area = PostalArea.objects.filter(code=offer.postal_code).first()
    offer.latitude = area.latitude if area else None
    offer.longitude = area.longitude if area else None


def _check_rules(offer: Offer) -> None:
    violations = working_time_violations(offer)
    if violations:
        raise ValidationError(
            [_("Tilbuddet overholder ikke reglerne for unges arbejde:")]
            + [v.message for v in violations]
        )


@transaction.atomic
def offer_create(*, partner: Any, acting_user: Any, **values: Any) -> Offer:
    """A new offer, as a draft (a draft may still break the working-time rules)."""
    _require_partner_access(acting_user=acting_user, partner=partner)
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    offer = Offer(municipality=partner.municipality, partner=partner, **values)
    _place(offer)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, acting_user: Any, **values: Any) -> Offer:
    """Change an offer; a published offer must keep to the working-time rules."""
    _require_partner_access(acting_user=acting_user, partner=offer.partner)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    for name, value in values.items():
        if name not in OFFER_FIELDS:
            raise TypeError(f"unknown offer field: {name}")
        setattr(offer, name, value)
    _place(offer)
    offer.full_clean()
    if offer.status == Offer.Status.PUBLISHED:
        _check_rules(offer)
    offer.save()
    return offer


@transaction.atomic
def offer_publish(*, offer: Offer, acting_user: Any) -> Offer:
    _require_partner_access(acting_user=acting_user, partner=offer.partner)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == Offer.Status.CLOSED:
        raise ValidationError(_("Et lukket tilbud kan ikke offentliggøres igen."))
    _check_rules(offer)
    if not offer.periods.filter(end_date__gte=timezone.localdate()).exists():
        raise ValidationError(
            _("Tilføj mindst én periode med pladser, før tilbuddet offentliggøres.")
        )
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = offer.published_at or timezone.now()
    offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


def _offer_set_status(*, offer: Offer, acting_user: Any, status: str) -> Offer:
    _require_partner_access(acting_user=acting_user, partner=offer.partner)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == Offer.Status.CLOSED:
        raise ValidationError(_("Tilbuddet er lukket."))
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    return offer


@transaction.atomic
def offer_pause(*, offer: Offer, acting_user: Any) -> Offer:
    """Hidden from search; requests already made are still answered."""
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(_("Kun et offentliggjort tilbud kan sættes på pause."))
    return _offer_set_status(offer=offer, acting_user=acting_user, status=Offer.Status.PAUSED)


@transaction.atomic
def offer_close(*, offer: Offer, acting_user: Any) -> Offer:
    return _offer_set_status(offer=offer, acting_user=acting_user, status=Offer.Status.CLOSED)


@transaction.atomic
def period_add(
    *, offer: Offer, start_date: date, end_date: date, seats: int, acting_user: Any
) -> OfferPeriod:
    _require_partner_access(acting_user=acting_user, partner=offer.partner)
    period = OfferPeriod(
        municipality=offer.municipality,
        offer=offer,
        start_date=start_date,
        end_date=end_date,
        seats=seats,
    )
    _clean_period(period)
    period.save()
    return period


@transaction.atomic
def period_change(
    *, period: OfferPeriod, acting_user: Any, start_date: date, end_date: date, seats: int
) -> OfferPeriod:
    _require_partner_access(acting_user=acting_user, partner=period.offer.partner)
    period = OfferPeriod.objects.select_for_update().get(pk=period.pk)
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
    period.start_date, period.end_date, period.seats = start_date, end_date, seats
    _clean_period(period)
    period.save()
    return period


def _clean_period(period: OfferPeriod) -> None:
    if period.start_date and period.end_date and period.end_date < period.start_date:
        raise ValidationError({"end_date": _("Slutdatoen skal ligge efter startdatoen.")})
    if period.seats is not None and period.seats < 1:
        raise ValidationError({"seats": _("Der skal være mindst én plads.")})
    period.full_clean()


# --- applications and bookings -------------------------------------------------------------


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


def _check_fits(
    *, offer: Offer, period: OfferPeriod, young_person: YoungPerson, who: str = ""
) -> None:
    """Refuse a young person the offer is not for; `who` names them in the message (their
    first name, or "du" when they apply themselves)."""
    who = who or young_person.first_name
    age = young_person.age_on(age_day(start_date=period.start_date, today=timezone.localdate()))
    grade = young_person.school_class.grade if young_person.school_class else None
    terms = OfferTerms.of(offer)
    found = refusals(terms, Candidate(age=age, grade=grade), support_matters=False)
    if Refusal.AGE in found:
        raise ValidationError(
            _(
                "Tilbuddet er for unge på %(min)s-%(max)s år; %(name)s er %(age)s år, når "
                "perioden begynder."
            )
            % {
                "min": offer.min_age,
                "max": offer.max_age,
                "name": who,
                "age": age,
            }
        )
    if Refusal.GRADE in found:
        raise _grade_error(terms, who)
    if Refusal.SCHOOL_LEAVERS in found:
        raise ValidationError(
            _(
                "Tilbuddet er kun for unge, der har afsluttet 9. klasse; %(name)s går i %(g)s. klasse."
            )
            % {"name": who, "g": grade}
        )


def _grade_error(terms: OfferTerms, who: str) -> ValidationError:
    low, high = terms.grade_bounds
    return ValidationError(
        _("Tilbuddet er for %(low)s.-%(high)s. klasse; %(who)s går ikke på de klassetrin.")
        % {"low": low, "high": high, "who": who}
    )


def reasons_not_to_apply(*, offer: Offer, young_person: YoungPerson) -> list[str]:
    """Why the young person cannot apply for any open period of the offer, in the second
    person, so the page can say so before they write a message. Empty: they can apply."""
    today = timezone.localdate()
    reasons: list[str] = []
    for period in offer.periods.all():
        if period.end_date < today:
            continue
        try:
            _check_fits(offer=offer, period=period, young_person=young_person, who=_("du"))
        except ValidationError as error:
            reasons += [m for m in error.messages if m not in reasons]
        else:
            return []
    return reasons


def needs_guardian_consent(*, offer: Offer, young_person: YoungPerson, period: OfferPeriod) -> bool:
    age = young_person.age_on(age_day(start_date=period.start_date, today=timezone.localdate()))
    return offer.type == ActivityKind.JUNIOR_APPRENTICESHIP or age < CONSENT_AGE


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
    acting_user: Any,
    message: str = "",
    reply_to: str = "",
    share_support_needs: bool = False,
) -> Application:
    """A young person applies (or a coordinator applies on their behalf). Guardian consent comes
    first for juniormesterlære and for under-15s."""
    is_self = (
        acting_user.role == Role.YOUNG_PERSON and acting_user.young_person_id == young_person.pk
    )
    on_behalf = acting_user.role in ON_BEHALF_ROLES and (
        young_people_visible_to(user=acting_user).filter(pk=young_person.pk).exists()
    )
    if not (is_self or on_behalf):
        raise ValidationError(_("Du kan ikke ansøge på vegne af denne unge."))
    _check_open(offer=offer, period=period)
    _check_fits(
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
            reply_to=reply_to.strip() or getattr(acting_user, "email", ""),
            share_support_needs=share_support_needs,
            status=(
                Application.Status.AWAITING_CONSENT if consent else Application.Status.REQUESTED
            ),
        )
    )
    if consent:
        _notify(
            application,
            _guardian_users(young_person) | {acting_user},
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
        _notify_request_sent(application, acting_user)
    return application


@transaction.atomic
def booking_request(
    *,
    offer: Offer,
    period: OfferPeriod,
    school_class: SchoolClass,
    acting_user: Any,
    message: str = "",
    reply_to: str = "",
) -> Application:
    """A teacher books a company visit, course or fair for one of their classes (one seat)."""
    if acting_user.role not in BOOKING_ROLES or not (
        classes_visible_to(user=acting_user).filter(pk=school_class.pk).exists()
    ):
        raise ValidationError(_("Du kan ikke booke for denne klasse."))
    if offer.type not in CLASS_TYPES:
        raise ValidationError(_("Dette tilbud kan ikke bookes for en klasse."))
    _check_open(offer=offer, period=period)
    terms = OfferTerms.of(offer)
    if not within_grades(terms, school_class.grade):  # a class is booked by its grade
        raise _grade_error(terms, school_class.name)
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
            reply_to=reply_to.strip() or acting_user.email,
        )
    )
    _notify_request_sent(application, acting_user)
    return application


@transaction.atomic
def application_consent(*, application: Application, acting_user: Any, given: bool) -> Application:
    """A guardian (or staff recording a written consent) answers the consent request."""
    from .permissions import can_give_consent

    application = _locked(application)
    if application.status != Application.Status.AWAITING_CONSENT:
        raise ValidationError(_("Ansøgningen afventer ikke samtykke."))
    if not can_give_consent(acting_user, application):
        raise ValidationError(_("Du kan ikke give samtykke for denne unge."))
    if given:
        application.consent_by = acting_user
        application.consent_at = timezone.now()
        _set_status(application, Application.Status.REQUESTED)
        _notify_request_sent(application, acting_user)
    else:
        _set_status(application, Application.Status.WITHDRAWN)
        _notify(
            application,
            _applicant_side(application) | {acting_user},
            _("Samtykke ikke givet: %(title)s"),
            _("Ansøgningen fra %(name)s til »%(title)s« er trukket tilbage uden samtykke."),
        )
    return application


@transaction.atomic
def application_accept(
    *, application: Application, acting_user: Any, answer_message: str = ""
) -> Application:
    """Accept a request and take one seat, atomically: the period row is locked and the seat
    counter raised with a conditional UPDATE, so the last seat can never be given twice."""
    _require_partner_access(acting_user=acting_user, partner=application.offer.partner)
    application = _locked(application)
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
    _record_activities(application, Activity.Status.PLANNED)
    _notify(
        application,
        _everyone(application, acting_user),
        _("Accepteret: %(title)s"),
        _("%(name)s har fået plads i »%(title)s«."),
        own_body=_("Du har fået plads i »%(title)s« hos %(partner)s."),
    )
    return application


@transaction.atomic
def application_decline(
    *,
    application: Application,
    acting_user: Any,
    reason: str,
    answer_message: str = "",
    referred_partner: Any = None,
    referred_to_coordinator: bool = False,
) -> Application:
    """Decline with a reason from the list, and refer on (no wrong door). A decline without a
    referral goes on the secretariat's follow-up list."""
    _require_partner_access(acting_user=acting_user, partner=application.offer.partner)
    application = _locked(application)
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
    why = (
        str(application.get_decline_reason_display())
        + (" " + _("Henvist til %(p)s.") % {"p": referred_partner.name} if referred_partner else "")
        + (" " + _("Henvist til praktikkoordinator/vejleder.") if referred_to_coordinator else "")
    ).replace("%", "%%")
    _notify(
        application,
        _everyone(application, acting_user),
        _("Afvist: %(title)s"),
        _("Ansøgningen fra %(name)s til »%(title)s« er afvist: ") + why,
        own_body=_("Din ansøgning til »%(title)s« er afvist: ") + why,
    )
    return application


def _give_back(
    application: Application, status: str, subject: str, body: str, acting_user: Any
) -> Application:
    was_accepted = application.status == Application.Status.ACCEPTED
    if was_accepted:
        OfferPeriod.objects.select_for_update().filter(pk=application.period_id).update(
            seats_taken=F("seats_taken") - 1
        )
        _record_activities(application, Activity.Status.CANCELLED)
    _set_status(application, status)
    _notify(application, _everyone(application, acting_user), subject, body)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, acting_user: Any) -> Application:
    """The young person (or who applied for them) withdraws; an accepted seat is given back."""
    from .permissions import can_withdraw

    application = _locked(application)
    if not can_withdraw(acting_user, application):
        raise ValidationError(_("Du kan ikke trække denne ansøgning tilbage."))
    if not application.is_active:
        raise ValidationError(_("Ansøgningen er ikke aktiv."))
    return _give_back(
        application,
        Application.Status.WITHDRAWN,
        _("Trukket tilbage: %(title)s"),
        _("Ansøgningen fra %(name)s til »%(title)s« er trukket tilbage."),
        acting_user,
    )


@transaction.atomic
def application_cancel(
    *, application: Application, acting_user: Any, answer_message: str = ""
) -> Application:
    """The partner cancels an accepted booking; the seat is given back."""
    _require_partner_access(acting_user=acting_user, partner=application.offer.partner)
    application = _locked(application)
    if application.status != Application.Status.ACCEPTED:
        raise ValidationError(_("Kun en accepteret ansøgning kan aflyses."))
    application.answer_message = answer_message.strip() or application.answer_message
    return _give_back(
        application,
        Application.Status.CANCELLED,
        _("Aflyst: %(title)s"),
        _("%(partner)s har aflyst pladsen for %(name)s i »%(title)s«."),
        acting_user,
    )


def _outcome(
    *, application: Application, acting_user: Any, status: str, activity: str
) -> Application:
    _require_partner_access(acting_user=acting_user, partner=application.offer.partner)
    application = _locked(application)
    if application.status != Application.Status.ACCEPTED:
        raise ValidationError(_("Kun en accepteret ansøgning kan afsluttes."))
    if application.period.start_date > timezone.localdate():
        raise ValidationError(_("Perioden er ikke begyndt endnu."))
    _set_status(application, status)
    _record_activities(application, activity)
    _notify(
        application,
        _everyone(application, acting_user),
        _("%(status)s: %(title)s").replace("%(status)s", str(application.get_status_display())),
        _("»%(title)s« for %(name)s er registreret som: ")
        + str(application.get_status_display()).lower(),
    )
    return application


@transaction.atomic
def application_complete(*, application: Application, acting_user: Any) -> Application:
    return _outcome(
        application=application,
        acting_user=acting_user,
        status=Application.Status.COMPLETED,
        activity=Activity.Status.COMPLETED,
    )


@transaction.atomic
def application_no_show(*, application: Application, acting_user: Any) -> Application:
    return _outcome(
        application=application,
        acting_user=acting_user,
        status=Application.Status.NO_SHOW,
        activity=Activity.Status.DID_NOT_ATTEND,
    )


@transaction.atomic
def application_followup_resolve(*, application: Application, acting_user: Any) -> Application:
    """The secretariat has followed up a decline without referral or an unanswered request."""
    if acting_user.role != Role.SECRETARIAT or (
        acting_user.municipality_id != application.municipality_id
    ):
        raise ValidationError(_("Kun Ungesekretariatet kan afslutte opfølgningen."))
    application = _locked(application)
    application.followup_resolved_at = timezone.now()
    application.save(update_fields=["followup_resolved_at", "updated_at"])
    return application


# --- helpers -------------------------------------------------------------------------------


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer__partner", "period", "young_person", "school_class")
        .get(pk=application.pk)
    )


def _set_status(application: Application, status: str) -> None:
    application.status = status
    application.status_changed_at = timezone.now()
    application.full_clean(validate_constraints=False)
    application.save()


def _record_activities(application: Application, status: str) -> None:
    offer, period = application.offer, application.period
    if application.young_person_id:
        people = [application.young_person]
    else:
        people = list(application.school_class.pupils.all())  # type: ignore[union-attr]
    for person in people:
        if person is None:
            continue
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
        )


def _guardian_users(young_person: YoungPerson | None) -> set:
    if young_person is None or young_person.age >= 18:
        return set()
    return set(User.objects.filter(guardian_profile__links__young_person=young_person))


def _applicant_side(application: Application) -> set:
    users: set = set()
    if application.young_person_id:
        users |= set(User.objects.filter(young_person_id=application.young_person_id))
        users |= _guardian_users(application.young_person)
    if application.requested_by_id:
        users.add(application.requested_by)
    return users


def _partner_users(application: Application) -> set:
    return set(
        User.objects.filter(
            partner_id=application.offer.partner_id, role=Role.PARTNER_CONTACT, is_active=True
        )
    )


def _everyone(application: Application, acting_user: Any) -> set:
    return _applicant_side(application) | _partner_users(application) | {acting_user}


def _notify_request_sent(application: Application, acting_user: Any) -> None:
    _notify(
        application,
        _everyone(application, acting_user),
        _("Ny anmodning: %(title)s"),
        _("%(name)s har sendt en anmodning om »%(title)s«."),
        own_body=_("Din anmodning om »%(title)s« er sendt til %(partner)s."),
    )


def _notify(
    application: Application, recipients: set, subject: str, body: str, own_body: str = ""
) -> None:
    """One in-app message per person (e-mail after commit). Names only by first name or class:
    the text reaches the partner too. `own_body` speaks to the young person themselves."""
    if application.young_person_id:
        name = application.young_person.first_name  # type: ignore[union-attr]
    else:
        school_class = application.school_class
        name = f"{school_class.name}, {school_class.school.name}"  # type: ignore[union-attr]
    values = {
        "title": application.offer.title,
        "name": name,
        "partner": application.offer.partner.name,
    }
    link = application.get_absolute_url()
    for user in recipients:
        if user is None or not getattr(user, "pk", None) or not user.municipality_id:
            continue
        own = own_body and application.young_person_id == getattr(user, "young_person_id", None)
        text = (own_body if own else body) % values
        notify(recipient=user, subject=subject % values, body=text, link=link)
