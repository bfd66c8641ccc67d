"""Own places: a pupil (or their guardian) registers a place they found themself; the
coordinator approves or rejects it with a reason. An approved own place is a lock in the
round: the round's instance holds it as a one-seat offer the pupil is locked to
(instance.py), so the next run keeps it and every run's input shows it.

Write services ask their policy in permissions.py and leave an audit event (the proposal under
the pupil, the decision on the round). Bad input is refused field by field in Danish: an
invalid CVR, dates outside the round, a postal code without a place on the map, and times that
break the rules for minors for this pupil on these days (marketplace/rules.py).
"""

from datetime import date, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.dk import cvr as stdnum_cvr

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import PostalArea, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import audit_record
from ungegaranti.marketplace.rules import working_time_violations
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import YoungPerson
from ungegaranti.plans.models import ActivityKind

from .models import Lock, OwnPlace, Round
from .permissions import can_decide_own_place, can_propose_own_place
from .selectors import round_includes

OWN_PLACE_PROPOSE = audit_action(
    "placement.own_place.propose", gettext_lazy("Egen praktikplads meldt")
)
OWN_PLACE_DECIDE = audit_action(
    "placement.own_place.decide", gettext_lazy("Egen praktikplads godkendt eller afvist")
)
PARTNER_INVITE_JOB = "placement.own_place_partner_invite"

FIELDS = (
    "company_name",
    "cvr",
    "address",
    "postal_code",
    "start_date",
    "end_date",
    "day_starts_at",
    "day_ends_at",
    "break_minutes",
    "tasks",
    "light_work",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# The offer fields the rules for minors name -> the own-place field to change.
_RULE_FIELD = {
    "hours_per_day": "day_ends_at",
    "hours_per_week": "day_ends_at",
    "day_starts_at": "day_starts_at",
    "day_ends_at": "day_ends_at",
    "break_minutes": "break_minutes",
    "light_work": "light_work",
    "under_13_observation": "light_work",
    "night_work": "day_ends_at",
    "min_age": "start_date",
}


def _authorise(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _working_days(start: date, end: date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def rule_breaches(*, young_person: YoungPerson, values: dict[str, Any]) -> dict[str, list[str]]:
    """The rules for minors this place breaks for this pupil on these days, by field. The
    place is held to the pupil's own age (on the first day) as an erhvervspraktik offer."""
    start: date = values["start_date"]
    starts: time = values["day_starts_at"]
    ends: time = values["day_ends_at"]
    per_day = (Decimal(_minutes(ends) - _minutes(starts) - values["break_minutes"]) / 60).quantize(
        Decimal("0.1")
    )
    days = min(5, max(1, _working_days(start, values["end_date"])))
    age = max(6, young_person.age_on(start))
    place = SimpleNamespace(
        type=ActivityKind.WORK_EXPERIENCE,
        min_age=age,
        max_age=age,
        hours_per_day=per_day,
        hours_per_week=per_day * days,
        day_starts_at=starts,
        day_ends_at=ends,
        break_minutes=values["break_minutes"],
        night_work="",
        during_school_period=True,
        works_on_school_days=True,
        for_school_leavers=False,
        light_work=values["light_work"],
        under_13_observation=False,
    )
    errors: dict[str, list[str]] = {}
    for v in working_time_violations(place):
        errors.setdefault(_RULE_FIELD.get(v.field, "day_ends_at"), []).append(
            _("%(rule)s (kilde: %(source)s)") % {"rule": v.message, "source": v.source}
        )
    return errors


def _check(round: Round, young_person: YoungPerson, values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not stdnum_cvr.is_valid(values["cvr"]):
        add("cvr", _("CVR-nummeret er ikke gyldigt (8 cifre med korrekt kontrolciffer)."))
    area = PostalArea.objects.filter(code=values["postal_code"]).first()
    if area is None or area.latitude is None:
        add("postal_code", _("Postnummeret findes ikke."))
    start, end = values["start_date"], values["end_date"]
    if start < round.start_date or end > round.end_date:
        add(
            "start_date",
            _("Dagene skal ligge i rundens periode, %(start)s til %(end)s.")
            % {"start": format_date(round.start_date), "end": format_date(round.end_date)},
        )
    elif end < start:
        add("end_date", _("Sidste dag kan ikke ligge før første dag."))
    elif _working_days(start, end) == 0:
        add("end_date", _("Perioden skal rumme mindst én hverdag."))
    if values["day_ends_at"] <= values["day_starts_at"]:
        add("day_ends_at", _("Arbejdsdagen skal slutte, efter den begynder."))
    elif "start_date" not in errors and "end_date" not in errors:
        for name, messages in rule_breaches(young_person=young_person, values=values).items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def own_place_propose(
    *, round: Round, young_person: YoungPerson, acting_user: User, **values: Any
) -> OwnPlace:
    """Register a place the pupil found. One open proposal per pupil and round (a rejected
    one may be followed by a new one). The round's managers are told."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _authorise(can_propose_own_place(acting_user, round, young_person))
    if not round_includes(round=round, young_person=young_person):
        raise ValidationError(_("Eleven er ikke med i denne runde."))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown own-place fields: {sorted(unknown)}")
    values["cvr"] = stdnum_cvr.compact(values.get("cvr", ""))
    if OwnPlace.objects.filter(round=round, young_person=young_person).exclude(
        status=OwnPlace.Status.REJECTED
    ):
        raise ValidationError(_("Der er allerede meldt en egen plads i denne runde."))
    _check(round, young_person, values)
    own = OwnPlace(
        municipality=round.municipality,
        round=round,
        young_person=young_person,
        created_by=acting_user,
        **values,
    )
    own.full_clean()
    own.save()
    audit_record(
        actor=acting_user,
        action=OWN_PLACE_PROPOSE,
        obj=young_person,
        changes={
            f"egen plads: {round.name}": [None, f"{own.company_name} (CVR {own.cvr})"],
            "dage": [None, f"{own.start_date.isoformat()}/{own.end_date.isoformat()}"],
        },
    )
    managers = User.objects.filter(municipality=round.municipality, is_active=True)
    managers = (
        managers.filter(role=Role.WORK_EXPERIENCE_COORDINATOR, district_id=round.district_id)
        if round.district_id
        else managers.filter(role=Role.SECRETARIAT)
    )
    link = reverse("placement:own_place_list", kwargs={"uuid": round.uuid})
    for manager in managers:
        notify(
            recipient=manager,
            subject=_("Egen praktikplads til godkendelse"),
            body=_("%(name)s har meldt en egen plads hos %(company)s.")
            % {"name": young_person.full_name, "company": own.company_name},
            link=link,
        )
    return own


@transaction.atomic
def own_place_decide(
    *, own_place: OwnPlace, approve: bool, reason: str = "", acting_user: User
) -> OwnPlace:
    """Approve (the place becomes a lock in the round) or reject with a reason. Refused once
    decided, on a published round, and (approving) for a pupil the coordinator has locked to
    an offer. The pupil and their guardians are told; an approved company is invited to become
    a guarantee partner."""
    own = (
        OwnPlace.objects.select_for_update(of=("self",))
        .select_related("round", "young_person")
        .get(pk=own_place.pk)
    )
    _authorise(can_decide_own_place(acting_user, own))
    if own.status != OwnPlace.Status.PROPOSED:
        raise ValidationError(
            _("Pladsen er allerede %(status)s.") % {"status": own.get_status_display().lower()}
        )
    if own.round.status == Round.Status.PUBLISHED:
        raise ValidationError(_("Runden er offentliggjort; pladsen kan ikke længere godkendes."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": [_("Skriv en begrundelse for afvisningen.")]})
    if approve and Lock.objects.filter(round=own.round, young_person=own.young_person).exists():
        raise ValidationError(
            _("Eleven er låst til en plads i runden. Fjern låsen, før den egne plads godkendes.")
        )
    before = own.status
    own.status = OwnPlace.Status.APPROVED if approve else OwnPlace.Status.REJECTED
    own.reason = "" if approve else reason
    own.decided_by = acting_user
    own.decided_at = timezone.now()
    own.full_clean()
    own.save()
    audit_record(
        actor=acting_user,
        action=OWN_PLACE_DECIDE,
        obj=own.round,
        changes={
            f"{own.young_person.full_name}: {own.company_name}": [before, own.status],
            **({"begrundelse": [None, reason]} if reason else {}),
        },
    )
    _tell_family(own)
    if approve:
        job_enqueue(
            kind=PARTNER_INVITE_JOB,
            municipality=own.municipality,
            params={"own_place": own.pk},
            max_attempts=8,
        )
    return own


def _tell_family(own: OwnPlace) -> None:
    link = reverse("placement:my_work_experience")
    if own.status == OwnPlace.Status.APPROVED:
        subject = _("Den egne praktikplads er godkendt")
        body = _("%(company)s er godkendt som praktikplads i %(round)s.") % {
            "company": own.company_name,
            "round": own.round.name,
        }
    else:
        subject = _("Den egne praktikplads er ikke godkendt")
        body = _("%(company)s blev ikke godkendt: %(reason)s") % {
            "company": own.company_name,
            "reason": own.reason,
        }
    person = own.young_person
    recipients = list(User.objects.filter(young_person=person))
    recipients += [
        g.user for g in person.guardians.filter(user__isnull=False).select_related("user") if g.user
    ]
    for user in recipients:
        notify(recipient=user, subject=subject, body=body, link=link)


def partner_invitation_email(own: OwnPlace) -> tuple[str, str]:
    """(subject, text) inviting an approved own place's company to become a guarantee partner."""
    municipality = own.round.municipality
    subject = _("Tak fordi I tager en elev i erhvervspraktik: bliv garantipartner")
    text = "\n".join(
        [
            _("Kære %(name)s") % {"name": own.contact_name},
            "",
            _(
                "%(pupil)s kommer i erhvervspraktik hos %(company)s fra %(start)s til %(end)s. "
                "Tak for det."
            )
            % {
                "pupil": own.young_person.first_name,
                "company": own.company_name,
                "start": format_date(own.start_date),
                "end": format_date(own.end_date),
            },
            "",
            _(
                "Vil I være med i Ungegarantien som garantipartner? Som garantipartner hjælper I "
                "unge mod uddannelse og job og kan selv melde pladser til erhvervspraktik. "
                "Kontakt Ungesekretariatet i %(municipality)s Kommune, så sender vi aftalen."
            )
            % {"municipality": municipality.name},
            "",
            _("Venlig hilsen"),
            _("Praktikkoordinatoren, %(municipality)s Kommune")
            % {"municipality": municipality.name},
        ]
    )
    return subject, text
