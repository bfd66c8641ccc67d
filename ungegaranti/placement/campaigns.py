"""Seat campaigns: from a round's shortfall, the coordinator asks partners for seats in the
round's period with one action, and each partner answers through a personal link by e-mail.

Write services (`campaign_start`, `campaign_remind`, `invitation_offer`, `invitation_decline`)
ask their policy in permissions.py and leave an audit event on the round, as the round's own
services do. The partner's answer comes through a link, not a login: its event names no actor
(actor None, as the system) but records the contact the link was sent to. The offer the answer
publishes goes through the marketplace's services and so is checked by the rules for minors
like any other offer.

The link is `signing.dumps` of the invitation's uuid (salted, signed with the site's secret):
it cannot be guessed or changed; it expires with its campaign (`Campaign.expires_at`, checked
on the server) and is used once (an answered invitation refuses a second answer).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.geo import haversine_km
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.services import audit_record
from ungegaranti.marketplace.services.offers import offer_create, offer_publish
from ungegaranti.marketplace.services.periods import period_add
from ungegaranti.partners.models import GuaranteePartner, PartnerContact
from ungegaranti.plans.models import ActivityKind

from .models import Campaign, Invitation, Round, RoundOffer
from .permissions import can_answer_invitation, can_remind_campaign, can_start_campaign
from .selectors import partners_without_offer, round_shortfall

CAMPAIGN_START = audit_action("placement.campaign.start", gettext_lazy("Pladskampagne startet"))
CAMPAIGN_REMIND = audit_action(
    "placement.campaign.remind", gettext_lazy("Påmindelse sendt i pladskampagne")
)
INVITATION_OFFER = audit_action(
    "placement.invitation.offer", gettext_lazy("Garantipartner tilbød pladser i runden")
)
INVITATION_DECLINE = audit_action(
    "placement.invitation.decline", gettext_lazy("Garantipartner takkede nej til pladser")
)
EMAIL_JOB = "placement.campaign_email"
LINK_SALT = "ungegaranti.placement.invitation"  # a namespace for the signature, not a secret
# A link lives two weeks, and never past the day before the round begins.
LINK_DAYS = 14
MAX_SEATS = 20


class CampaignError(ValidationError):
    """A campaign rule refused the change; the message is Danish and meant for the user."""


# --- the link ------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.uuid), salt=LINK_SALT)


def invitation_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse(
        "placement:invitation_answer", kwargs={"token": invitation_token(invitation)}
    )


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None for a link that is forged, changed or unknown."""
    try:
        value = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    return (
        Invitation.objects.filter(uuid=value)
        .select_related("campaign__round", "partner", "contact")
        .first()
    )


def invitation_refusal(invitation: Invitation) -> str | None:
    """Why the link can no longer be answered (Danish), or None while it can."""
    if invitation.answer != Invitation.Answer.PENDING:
        return _("Linket er allerede brugt: %(partner)s har svaret %(when)s.") % {
            "partner": invitation.partner.name,
            "when": format_date(timezone.localtime(invitation.answered_at).date())
            if invitation.answered_at
            else "",
        }
    if timezone.now() > invitation.campaign.expires_at:
        return _("Linket er udløbet %(date)s.") % {
            "date": format_date(timezone.localtime(invitation.campaign.expires_at).date())
        }
    if invitation.campaign.round.status == Round.Status.PUBLISHED:
        return _(
            "Runden er allerede fordelt og offentliggjort; der er ikke brug for flere pladser."
        )
    return None


# --- who is asked --------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    partner: GuaranteePartner
    contact: PartnerContact
    distance_km: float | None


def campaign_candidates(
    *, round: Round, shortfall: dict[str, Any] | None = None
) -> list[Candidate]:
    """The partners a campaign asks by default: committed to erhvervspraktik, agreement
    running at the round's start, no offer in the round yet, and a contact to write to;
    nearest the towns short of seats first (great-circle distance between postal-area centres;
    a partner whose postal area has no centre comes last), then by name."""
    shortfall = shortfall if shortfall is not None else round_shortfall(round=round)
    short_codes = {w["postal_code"] for w in shortfall.get("where", [])}
    partners = list(partners_without_offer(round=round).order_by("name", "id"))
    contacts: dict[int, PartnerContact] = {}
    for contact in PartnerContact.objects.filter(partner__in=partners).order_by("name", "id"):
        contacts.setdefault(contact.partner_id, contact)
    codes = short_codes | {p.postal_code for p in partners}
    centres = {
        a.code: (a.latitude, a.longitude)
        for a in PostalArea.objects.filter(code__in=codes)
        if a.latitude is not None and a.longitude is not None
    }
    targets = [centres[c] for c in short_codes if c in centres]
    rows = []
    for partner in partners:
        first = contacts.get(partner.pk)
        if first is None:
            continue
        here = centres.get(partner.postal_code)
        distance = (
            float(f"{min(haversine_km(*here, *t) for t in targets):.1f}")
            if here is not None and targets
            else None
        )
        rows.append(Candidate(partner=partner, contact=first, distance_km=distance))
    rows.sort(key=lambda c: (c.distance_km is None, c.distance_km or 0.0, c.partner.name))
    return rows


def _authorise(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _expiry(round: Round) -> datetime:
    today = timezone.localdate()
    last = min(today + timedelta(days=LINK_DAYS), round.start_date - timedelta(days=1))
    return timezone.make_aware(datetime.combine(last, time(23, 59)))


@transaction.atomic
def campaign_start(*, round: Round, acting_user: User) -> Campaign:
    """Ask every default candidate (campaign_candidates) for seats: one invitation per partner,
    mailed to its first contact by the worker. Refused while another campaign of the round
    still runs, when the round begins tomorrow or earlier, and when nobody is left to ask."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _authorise(can_start_campaign(acting_user, round))
    now = timezone.now()
    if round.campaigns.filter(expires_at__gt=now).exists():
        raise CampaignError(
            _("Runden har allerede en kampagne, der kører. Send en påmindelse i stedet.")
        )
    if round.start_date <= timezone.localdate() + timedelta(days=1):
        raise CampaignError(_("Praktikken begynder i morgen eller er begyndt; det er for sent."))
    shortfall = round_shortfall(round=round)
    candidates = campaign_candidates(round=round, shortfall=shortfall)
    if not candidates:
        raise CampaignError(
            _(
                "Der er ingen garantipartnere at spørge: alle med tilsagn om erhvervspraktik har "
                "tilbud i runden eller mangler en kontaktperson."
            )
        )
    campaign = Campaign(
        municipality=round.municipality,
        round=round,
        seats_missing=int(shortfall.get("missing", 0)),
        expires_at=_expiry(round),
        created_by=acting_user,
    )
    campaign.full_clean()
    campaign.save()
    invitations = [
        Invitation(
            municipality=round.municipality,
            campaign=campaign,
            partner=c.partner,
            contact=c.contact,
            distance_km=c.distance_km,
        )
        for c in candidates
    ]
    Invitation.objects.bulk_create(invitations)
    for invitation in campaign.invitations.all():
        _enqueue_email(invitation, reminder=False)
    audit_record(
        actor=acting_user,
        action=CAMPAIGN_START,
        obj=round,
        changes={
            "kampagne": [None, str(campaign.uuid)],
            "spurgte garantipartnere": [None, len(invitations)],
            "manglende pladser": [None, campaign.seats_missing],
        },
    )
    return campaign


@transaction.atomic
def campaign_remind(*, campaign: Campaign, acting_user: User) -> int:
    """One reminder to every partner that has not answered; returns how many were reminded."""
    campaign = Campaign.objects.select_for_update().select_related("round").get(pk=campaign.pk)
    _authorise(can_remind_campaign(acting_user, campaign))
    if campaign.reminded_at is not None:
        raise CampaignError(
            _("Påmindelsen er sendt %(date)s; der sendes kun én.")
            % {"date": format_date(timezone.localtime(campaign.reminded_at).date())}
        )
    if timezone.now() > campaign.expires_at:
        raise CampaignError(_("Kampagnens links er udløbet."))
    pending = list(campaign.invitations.filter(answer=Invitation.Answer.PENDING))
    if not pending:
        raise CampaignError(_("Alle har svaret; der er ingen at minde om kampagnen."))
    campaign.reminded_at = timezone.now()
    campaign.save(update_fields=["reminded_at", "updated_at"])
    for invitation in pending:
        _enqueue_email(invitation, reminder=True)
    audit_record(
        actor=acting_user,
        action=CAMPAIGN_REMIND,
        obj=campaign.round,
        changes={"påmindet": [None, len(pending)]},
    )
    return len(pending)


# --- the partner's answer ------------------------------------------------------------------


@dataclass(frozen=True)
class SeatOffer:
    """What a partner states through the link."""

    seats: int
    start_date: date
    end_date: date
    day_starts_at: time
    day_ends_at: time
    break_minutes: int
    tasks: str
    light_work: bool


def _working_days(start: date, end: date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def _hours_per_day(answer: SeatOffer) -> Decimal:
    minutes = (
        answer.day_ends_at.hour * 60
        + answer.day_ends_at.minute
        - answer.day_starts_at.hour * 60
        - answer.day_starts_at.minute
        - answer.break_minutes
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# The offer fields the rules for minors name, and the field of the link's form they belong to.
_FORM_FIELD = {
    "hours_per_day": "day_ends_at",
    "hours_per_week": "day_ends_at",
    "day_starts_at": "day_starts_at",
    "day_ends_at": "day_ends_at",
    "break_minutes": "break_minutes",
    "light_work": "light_work",
    "under_13_observation": "light_work",
}


def _answerable(invitation: Invitation, acting_user: User | None) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign__round", "partner", "contact")
        .get(pk=invitation.pk)
    )
    user: Any = acting_user
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    _authorise(can_answer_invitation(user, invitation))
    refusal = invitation_refusal(invitation)
    if refusal:
        raise CampaignError(refusal)
    return invitation


def _check_answer(round: Round, answer: SeatOffer) -> None:
    errors: dict[str, list[str]] = {}
    if not 1 <= answer.seats <= MAX_SEATS:
        errors["seats"] = [_("Angiv mellem 1 og %(n)s pladser.") % {"n": MAX_SEATS}]
    if answer.start_date < round.start_date or answer.end_date > round.end_date:
        errors["start_date"] = [
            _("Dagene skal ligge i rundens periode, %(start)s til %(end)s.")
            % {"start": format_date(round.start_date), "end": format_date(round.end_date)}
        ]
    elif answer.end_date < answer.start_date:
        errors["end_date"] = [_("Sidste dag kan ikke ligge før første dag.")]
    elif _working_days(answer.start_date, answer.end_date) == 0:
        errors["end_date"] = [_("Perioden skal rumme mindst én hverdag.")]
    if answer.day_ends_at <= answer.day_starts_at:
        errors["day_ends_at"] = [_("Arbejdsdagen skal slutte, efter den begynder.")]
    if errors:
        raise CampaignError(errors)


@transaction.atomic
def invitation_offer(
    *, invitation: Invitation, answer: SeatOffer, acting_user: User | None
) -> RoundOffer:
    """The partner offers seats: an erhvervspraktik offer with a period in the round's dates is
    published (refused, field by field, where it breaks the rules for minors) and joins the
    round with the seats stated; the round's shortfall falls accordingly."""
    invitation = _answerable(invitation, acting_user)
    round = Round.objects.select_for_update().get(pk=invitation.campaign.round_id)
    _check_answer(round, answer)
    partner, contact = invitation.partner, invitation.contact
    per_day = _hours_per_day(answer)
    days = min(5, _working_days(answer.start_date, answer.end_date))
    try:
        offer = offer_create(
            partner=partner,
            acting_user=None,
            type=ActivityKind.WORK_EXPERIENCE,
            title=(_("Erhvervspraktik hos %(name)s") % {"name": partner.name})[:200],
            description=answer.tasks or _("Erhvervspraktik i %(round)s.") % {"round": round.name},
            sector=partner.sector,
            address=partner.address,
            postal_code=partner.postal_code,
            min_age=13,
            max_age=17,
            min_grade=min(round.grades),
            max_grade=max(round.grades),
            hours_per_day=per_day,
            hours_per_week=per_day * days,
            day_starts_at=answer.day_starts_at,
            day_ends_at=answer.day_ends_at,
            break_minutes=answer.break_minutes,
            light_work=answer.light_work,
            contact_name=contact.name,
            contact_email=contact.email,
            contact_phone=contact.phone,
        )
        period_add(
            offer=offer,
            start_date=answer.start_date,
            end_date=answer.end_date,
            seats=answer.seats,
            acting_user=None,
        )
        offer_publish(offer=offer, acting_user=None)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise CampaignError(exc.messages) from None
        errors: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            errors.setdefault(_FORM_FIELD.get(name, "__all__"), []).extend(messages)
        raise CampaignError(errors) from None
    period = offer.periods.get()
    round_offer = RoundOffer(
        municipality=round.municipality,
        round=round,
        offer=offer,
        period=period,
        seats=answer.seats,
    )
    round_offer.full_clean()
    round_offer.save()
    invitation.answer = Invitation.Answer.OFFERED
    invitation.answered_at = timezone.now()
    invitation.seats = answer.seats
    invitation.round_offer = round_offer
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=acting_user,
        action=INVITATION_OFFER,
        obj=round,
        changes={
            partner.name: [None, answer.seats],
            "svar fra": [None, contact.name],
            "dage": [None, f"{answer.start_date.isoformat()}/{answer.end_date.isoformat()}"],
        },
    )
    return round_offer


@transaction.atomic
def invitation_decline(*, invitation: Invitation, acting_user: User | None) -> Invitation:
    invitation = _answerable(invitation, acting_user)
    invitation.answer = Invitation.Answer.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=INVITATION_DECLINE,
        obj=invitation.campaign.round,
        changes={
            invitation.partner.name: [None, "nej"],
            "svar fra": [None, invitation.contact.name],
        },
    )
    return invitation


# --- reads ---------------------------------------------------------------------------------


def campaign_numbers(*, campaign: Campaign) -> dict[str, int]:
    """Sent / answered / declined / seats gained (one query)."""
    rows = list(campaign.invitations.values_list("answer", "seats"))
    return {
        "sent": len(rows),
        "answered": sum(1 for a, _s in rows if a != Invitation.Answer.PENDING),
        "offered": sum(1 for a, _s in rows if a == Invitation.Answer.OFFERED),
        "declined": sum(1 for a, _s in rows if a == Invitation.Answer.DECLINED),
        "pending": sum(1 for a, _s in rows if a == Invitation.Answer.PENDING),
        "seats": sum(s for a, s in rows if a == Invitation.Answer.OFFERED),
    }


# --- the e-mail ----------------------------------------------------------------------------


def _enqueue_email(invitation: Invitation, *, reminder: bool) -> None:
    job_enqueue(
        kind=EMAIL_JOB,
        municipality=invitation.campaign.round.municipality,
        params={"invitation": invitation.pk, "reminder": reminder},
        max_attempts=8,
    )


def invitation_email(invitation: Invitation, *, reminder: bool) -> tuple[str, str]:
    """(subject, text) of the e-mail with the contact's personal link."""
    round = invitation.campaign.round
    subject = (
        _("Påmindelse: har I plads til en elev i erhvervspraktik?")
        if reminder
        else _("Har I plads til en elev i erhvervspraktik %(start)s til %(end)s?")
        % {"start": format_date(round.start_date), "end": format_date(round.end_date)}
    )
    lines = [
        _("Kære %(name)s") % {"name": invitation.contact.name},
        "",
        _(
            "%(partner)s har som garantipartner givet tilsagn om erhvervspraktik. I runden "
            "«%(round)s» mangler vi pladser til elever fra %(from)s til %(to)s."
        )
        % {
            "partner": invitation.partner.name,
            "round": round.name,
            "from": format_date(round.start_date),
            "to": format_date(round.end_date),
        },
        "",
        _(
            "Skriv, hvor mange elever I kan tage, og hvilke dage og tider, på under et minut. "
            "Vi tjekker med det samme, at tiderne overholder reglerne for unges arbejde. I kan "
            "også takke nej."
        ),
        "",
        invitation_link(invitation),
        "",
        _("Linket er personligt, kan bruges én gang og udløber %(date)s.")
        % {"date": format_date(timezone.localtime(invitation.campaign.expires_at).date())},
        "",
        _("Venlig hilsen"),
        _("Praktikkoordinatoren, %(municipality)s Kommune")
        % {"municipality": round.municipality.name},
    ]
    return subject, "\n".join(lines)
