"""The praktikaftale of every placement: made when a round is published, generated from the
data (pupil, school, company, workplace, days and times, contact, tasks, the rules for minors
that apply to this pupil on these days, the insurance), as a page and as a PDF (WeasyPrint).

Three confirmations complete it: the company (through its contact's login, or a personal link
mailed to the workplace's contact when the company has no login, e.g. an own place), which
also confirms that it has assessed the risks for a young person and informed the parents; a
guardian when the pupil is under 18 on the first day; and the pupil. Each write asks its policy
in permissions.py and leaves an audit event on the round.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import User
from ungegaranti.core.services import audit_record
from ungegaranti.marketplace.rules import (
    ADULT_AGE,
    BREAK_SOURCE,
    MINIMUM_AGE_SOURCE,
    MINIMUM_WORK_AGE,
    ORDER,
    SOURCE,
    rules_for,
)
from ungegaranti.notifications.services import notify

from .models import Agreement, Placement, Round
from .permissions import COMPANY, GUARDIAN, PUPIL, can_confirm_agreement, can_remind_agreement

AGREEMENT_CONFIRM = audit_action(
    "placement.agreement.confirm", gettext_lazy("Praktikaftale bekræftet")
)
AGREEMENT_REMIND = audit_action(
    "placement.agreement.remind", gettext_lazy("Påmindelse om praktikaftale sendt")
)
COMPANY_EMAIL_JOB = "placement.agreement_company_email"
LINK_SALT = "ungegaranti.placement.agreement"  # a namespace for the signature, not a secret
INSURANCE = gettext_lazy(
    "Eleven er under praktikken dækket af statens erstatningsordning for elever i praktik "
    "(arbejdsskade), når praktikken er aftalt efter reglerne: en skriftlig praktikaftale, "
    "virksomhedens vurdering af risici for unge og forældrenes information. Virksomheden "
    "anmelder en arbejdsskade som for egne ansatte og oplyser, at skadelidte er elev i "
    "erhvervspraktik (kilde: folkeskoleloven om erhvervspraktik, L 41 2024-25; uvm.dk)."
)


class AgreementError(ValidationError):
    """The confirmation was refused; the message is Danish and meant for the user."""


# --- made at publishing --------------------------------------------------------------------


def agreements_make(*, round: Round) -> list[Agreement]:
    """One agreement per placed pupil of a round being published (part of round_publish, whose
    policy and audit event cover it). The companies without a login get their link by e-mail."""
    agreements = []
    for placement in round.placements.select_related(
        "young_person", "round_offer__offer", "own_place"
    ):
        place = placement.workplace
        if place is None:
            continue
        first_day = placement.own_place.start_date if placement.own_place else round.start_date
        agreement = Agreement(
            municipality=round.municipality,
            placement=placement,
            guardian_required=placement.young_person.age_on(first_day) < ADULT_AGE,
        )
        agreement.full_clean(exclude=["placement"])
        agreement.save()
        agreements.append(agreement)
        job_enqueue(
            kind=COMPANY_EMAIL_JOB,
            municipality=round.municipality,
            params={"agreement": agreement.pk},
            max_attempts=8,
        )
    return agreements


# --- the facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    text: str
    source: str


def placement_days(placement: Placement) -> tuple[date, date]:
    """The first and last day of a placement (an own place's, or the offer's period inside
    the round's)."""
    if placement.own_place is not None:
        return placement.own_place.start_date, placement.own_place.end_date
    period = placement.round_offer.period if placement.round_offer else None
    round = placement.round
    if period is not None:
        return max(period.start_date, round.start_date), min(period.end_date, round.end_date)
    return round.start_date, round.end_date


def _hours(value: Decimal) -> str:
    return f"{value:g}".replace(".", ",")


def rules_that_apply(*, age: int) -> list[RuleLine]:
    """The rules for minors for a pupil of this age on days of erhvervspraktik (which replace
    school: the limits of a day and a week without school apply, marketplace/rules.py)."""
    if age >= ADULT_AGE:
        return [
            RuleLine(_("Eleven er fyldt 18 år: reglerne om unges arbejde gælder ikke."), SOURCE)
        ]
    lines = []
    if age < MINIMUM_WORK_AGE:
        lines.append(
            RuleLine(
                _(
                    "Eleven er under 13 år og må ikke arbejde for virksomheden: kun observation "
                    "og arbejdslignende opgaver under opsyn."
                ),
                MINIMUM_AGE_SOURCE,
            )
        )
    for rule in rules_for(
        min_age=max(age, MINIMUM_WORK_AGE),
        max_age=max(age, MINIMUM_WORK_AGE),
        for_school_leavers=False,
    ):
        lines.append(
            RuleLine(
                _(
                    "%(group)s: højst %(day)s timer om dagen og %(week)s timer om ugen; intet "
                    "arbejde mellem kl. %(night_from)s og %(night_to)s; mindst %(rest)s timers "
                    "sammenhængende hvile i døgnet."
                )
                % {
                    "group": rule.label,
                    "day": _hours(rule.non_school_day_hours),
                    "week": _hours(rule.free_week_hours),
                    "night_from": rule.night_starts.strftime("%H.%M"),
                    "night_to": rule.night_ends.strftime("%H.%M"),
                    "rest": _hours(rule.rest_hours),
                },
                rule.source,
            )
        )
        if rule.light_work_only:
            lines.append(
                RuleLine(
                    _(
                        "Kun let og ufarligt arbejde: ingen farlige maskiner, stoffer eller "
                        "tunge løft."
                    ),
                    rule.source,
                )
            )
    lines.append(
        RuleLine(_("Mindst 30 minutters pause ved mere end 4½ times arbejde."), BREAK_SOURCE)
    )
    lines.append(
        RuleLine(
            _("Virksomheden vurderer risici for unge og informerer forældrene om dem."),
            f"{ORDER}, reglerne om vurdering af risici for unge og information af forældrene",
        )
    )
    return lines


def agreement_facts(agreement: Agreement) -> dict[str, Any]:
    """Everything the agreement says, from the data."""
    placement = agreement.placement
    person = placement.young_person
    place = placement.workplace
    assert place is not None  # agreements are made for placed pupils only
    first, last = placement_days(placement)
    age = person.age_on(first)
    return {
        "agreement": agreement,
        "placement": placement,
        "round": placement.round,
        "person": person,
        "age": age,
        "school": person.school,
        "school_class": person.school_class,
        "place": place,
        "first_day": first,
        "last_day": last,
        "rules": rules_that_apply(age=age),
        "insurance": INSURANCE,
    }


def agreement_pdf(agreement: Agreement) -> bytes:
    from weasyprint import HTML

    html = render_to_string("placement/agreement_pdf.html", agreement_facts(agreement))
    return HTML(string=html).write_pdf()


# --- confirmations -------------------------------------------------------------------------


def agreement_token(agreement: Agreement) -> str:
    return signing.dumps(str(agreement.uuid), salt=LINK_SALT)


def agreement_link(agreement: Agreement) -> str:
    return settings.SITE_URL + reverse(
        "placement:agreement_company_link", kwargs={"token": agreement_token(agreement)}
    )


def agreement_from_token(token: str) -> Agreement | None:
    try:
        value = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    return (
        Agreement.objects.filter(uuid=value)
        .select_related(
            "placement__round",
            "placement__young_person__school",
            "placement__young_person__school_class",
            "placement__round_offer__offer__partner",
            "placement__own_place",
        )
        .first()
    )


def link_refusal(agreement: Agreement) -> str | None:
    """Why the company's link can no longer be used, or None."""
    if agreement.company_confirmed_at is not None:
        return _("Aftalen er allerede bekræftet for virksomheden %(date)s.") % {
            "date": format_date(timezone.localtime(agreement.company_confirmed_at).date())
        }
    last = placement_days(agreement.placement)[1]
    if timezone.localdate() > last + timedelta(days=30):
        return _("Linket er udløbet: praktikken sluttede %(date)s.") % {"date": format_date(last)}
    return None


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("placement__round", "placement__young_person", "placement__round_offer")
        .get(pk=agreement.pk)
    )


def _record(agreement: Agreement, party: str, who: str, actor: User | None) -> None:
    labels = {COMPANY: _("virksomheden"), GUARDIAN: _("forælder"), PUPIL: _("eleven")}
    audit_record(
        actor=actor,
        action=AGREEMENT_CONFIRM,
        obj=agreement.placement.round,
        changes={
            f"praktikaftale {agreement.placement.young_person.full_name}": [
                None,
                f"{labels[party]}: {who}",
            ]
        },
    )


@transaction.atomic
def agreement_confirm(
    *, agreement: Agreement, party: str, acting_user: User, risk_assessed: bool = False
) -> Agreement:
    """A party confirms with their own login: the pupil, a guardian of the pupil (anyone else
    is refused: PermissionDenied), or a contact of the company (who also confirms the risk
    assessment)."""
    agreement = _locked(agreement)
    if not can_confirm_agreement(acting_user, agreement, party):
        raise PermissionDenied
    now = timezone.now()
    if party == PUPIL:
        if agreement.pupil_confirmed_at:
            raise AgreementError(_("Eleven har allerede bekræftet aftalen."))
        agreement.pupil_confirmed_at = now
    elif party == GUARDIAN:
        if agreement.guardian_confirmed_at:
            raise AgreementError(_("En forælder har allerede bekræftet aftalen."))
        agreement.guardian_confirmed_at = now
        agreement.guardian_confirmed_by = acting_user
    else:
        if agreement.company_confirmed_at:
            raise AgreementError(_("Virksomheden har allerede bekræftet aftalen."))
        if not risk_assessed:
            raise AgreementError(
                {
                    "risk_assessed": [
                        _("Bekræft, at I har vurderet risici og informeret forældrene.")
                    ]
                }
            )
        agreement.company_confirmed_at = now
        agreement.company_confirmed_name = acting_user.get_full_name() or acting_user.username
        agreement.risk_assessed = True
    agreement.full_clean(exclude=["placement", "guardian_confirmed_by"])
    agreement.save()
    _record(agreement, party, acting_user.get_full_name() or acting_user.username, acting_user)
    return agreement


@transaction.atomic
def agreement_confirm_by_link(
    *, agreement: Agreement, name: str, risk_assessed: bool, acting_user: User | None = None
) -> Agreement:
    """The company confirms through the link mailed to the workplace's contact (the link is the
    authority, checked by agreement_from_token); once only."""
    agreement = _locked(agreement)
    if acting_user is not None and not can_confirm_agreement(acting_user, agreement, COMPANY):
        raise PermissionDenied
    refusal = link_refusal(agreement)
    if refusal:
        raise AgreementError(refusal)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Skriv navnet på den, der bekræfter for virksomheden.")]
    if not risk_assessed:
        errors["risk_assessed"] = [_("Bekræft, at I har vurderet risici og informeret forældrene.")]
    if errors:
        raise AgreementError(errors)
    agreement.company_confirmed_at = timezone.now()
    agreement.company_confirmed_name = name.strip()[:200]
    agreement.risk_assessed = True
    agreement.full_clean(exclude=["placement", "guardian_confirmed_by"])
    agreement.save()
    _record(agreement, COMPANY, agreement.company_confirmed_name, acting_user)
    return agreement


@transaction.atomic
def agreement_remind(*, agreement: Agreement, acting_user: User) -> list[str]:
    """Remind the parties whose confirmation is missing (messages to the pupil and guardians
    with a login, the link again to the company); returns who was reminded."""
    agreement = _locked(agreement)
    if not can_remind_agreement(acting_user, agreement):
        raise PermissionDenied
    missing = agreement.missing
    if not missing:
        raise AgreementError(_("Aftalen er komplet."))
    person = agreement.placement.young_person
    link = agreement.get_absolute_url()
    subject = _("Husk at bekræfte praktikaftalen")
    if agreement.pupil_confirmed_at is None:
        for user in User.objects.filter(young_person=person):
            notify(recipient=user, subject=subject, body=agreement.placement.round.name, link=link)
    if agreement.guardian_required and agreement.guardian_confirmed_at is None:
        for guardian in person.guardians.filter(user__isnull=False).select_related("user"):
            if guardian.user is not None:
                notify(recipient=guardian.user, subject=subject, body=person.first_name, link=link)
    if agreement.company_confirmed_at is None:
        job_enqueue(
            kind=COMPANY_EMAIL_JOB,
            municipality=agreement.municipality,
            params={"agreement": agreement.pk, "reminder": True},
            max_attempts=8,
        )
    agreement.reminded_at = timezone.now()
    agreement.save(update_fields=["reminded_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=AGREEMENT_REMIND,
        obj=agreement.placement.round,
        changes={f"praktikaftale {person.full_name}": [None, ", ".join(missing)]},
    )
    return missing


def company_email(agreement: Agreement, *, reminder: bool) -> tuple[str, str]:
    facts = agreement_facts(agreement)
    place = facts["place"]
    subject = (
        _("Påmindelse: bekræft praktikaftalen for %(name)s")
        if reminder
        else _("Praktikaftale for %(name)s: bekræft den")
    ) % {"name": facts["person"].first_name}
    text = "\n".join(
        [
            _("Kære %(name)s") % {"name": place.contact_name},
            "",
            _(
                "%(pupil)s (%(age)s år) er i erhvervspraktik hos %(company)s fra %(start)s til "
                "%(end)s. Læs praktikaftalen, og bekræft den for virksomheden, også at I har "
                "vurderet risici for unge og informeret forældrene:"
            )
            % {
                "pupil": facts["person"].first_name,
                "age": facts["age"],
                "company": place.company,
                "start": format_date(facts["first_day"]),
                "end": format_date(facts["last_day"]),
            },
            "",
            agreement_link(agreement),
            "",
            _("Linket er personligt og kan bruges én gang."),
            "",
            _("Venlig hilsen"),
            _("Praktikkoordinatoren, %(municipality)s Kommune")
            % {"municipality": agreement.placement.round.municipality.name},
        ]
    )
    return subject, text


# --- lists ---------------------------------------------------------------------------------


def round_agreements(*, round: Round) -> list[Agreement]:
    """The round's agreements, incomplete first (by first day), then the complete ones."""
    rows = list(
        Agreement.objects.filter(placement__round=round).select_related(
            "placement__young_person__school_class", "placement__round", "placement__own_place"
        )
    )
    rows.sort(key=lambda a: (a.is_complete, a.placement.young_person.last_name))
    return rows


def partner_agreements(*, partner: Any) -> list[Agreement]:
    """The agreements of pupils placed at this partner (its contacts confirm them)."""
    if partner is None:
        return []
    return list(
        Agreement.objects.filter(placement__round_offer__offer__partner=partner)
        .select_related("placement__young_person", "placement__round")
        .order_by("-placement__round__start_date", "placement__young_person__first_name")
    )
