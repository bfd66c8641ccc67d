"""Writes about destinations: definition versions, statuses (one at a time by a counsellor,
or in bulk by the import) and the follow-up (assignment, contacts, next contact). Each asks
the policy in permissions.py and leaves an audit event in the same transaction."""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ungegaranti.core.audit import audit_action, snapshot
from ungegaranti.core.jobs import job_enqueue
from ungegaranti.core.models import BackgroundJob, User
from ungegaranti.core.roles import GUIDANCE_MAX_AGE, GUIDANCE_MIN_AGE, Role
from ungegaranti.core.services import audit_record
from ungegaranti.plans.permissions import can_write_plan

from .models import (
    EDUCATION_STATUSES,
    SELF_REPORT_DAYS,
    ContactLogEntry,
    DestinationDefinition,
    DestinationStatus,
    FollowUp,
    SelfReportInvitation,
    Status,
)
from .permissions import (
    can_assign_follow_up,
    can_change_definition,
    can_follow_up,
    can_import_statuses,
    can_log_contact,
    can_record_status,
    can_view_worklist,
)
from .selectors import DefinitionTimeline, WorklistFilters, self_report_reach

DEFINITION_CREATE = audit_action(
    "destinations.definition.create", _("Ny version af definitionen på positiv destination")
)
STATUS_RECORD = audit_action("destinations.status.record", _("Status registreret"))
STATUS_IMPORT = audit_action("destinations.status.import", _("Status indlæst fra Ungedatabasen"))
FOLLOW_UP_ASSIGN = audit_action("destinations.follow_up.assign", _("Ungevejleder tildelt"))
SELF_REPORT_SEND = audit_action("destinations.self_report.send", _("Selvrapport sendt"))
SELF_REPORT_ANSWER = audit_action(
    "destinations.self_report.answer", _("Selvrapport besvaret af den unge")
)
# What a young person can answer to "what are you doing now?" (the rest are registrations).
SELF_REPORT_STATUSES = (
    Status.YOUTH_EDUCATION,
    Status.FGU,
    Status.HIGHER_EDUCATION,
    Status.APPRENTICESHIP,
    Status.JOB_20_PLUS,
    Status.JOB_UNDER_20,
    Status.MILITARY,
    Status.VOLUNTEERING,
    Status.UNEMPLOYED,
    Status.OTHER,
)
SELF_REPORTS_REQUEST = audit_action(
    "destinations.self_report.batch", _("Selvrapporter bestilt til unge med ukendt status")
)
# The background job that sends a batch of self-reports (tasks.py).
SELF_REPORTS_JOB = "destinations.self_reports"
CONTACT_LOG = audit_action("destinations.contact.log", _("Kontakt skrevet i loggen"))

Progress = Callable[[int, int], None]


@transaction.atomic
def definition_create(
    *,
    municipality: Any,
    name: str,
    positive_statuses: Iterable[str],
    effective_date: date,
    description: str = "",
    acting_user: User,
) -> DestinationDefinition:
    """A new version of the definition. It takes effect from a later day than today (the first
    version from any day), so no status already judged is ever judged again."""
    if not can_change_definition(acting_user, municipality):
        raise PermissionDenied
    existing = DestinationDefinition.objects.select_for_update().filter(municipality=municipality)
    latest_version = existing.aggregate(v=Max("version"))["v"] or 0
    today = timezone.localdate()
    if latest_version and effective_date <= today:
        raise ValidationError(
            {
                "effective_date": _(
                    "En ny version kan tidligst gælde fra i morgen: de statusser, der allerede "
                    "er bedømt, bedømmes aldrig om."
                )
            }
        )
    if existing.filter(effective_date=effective_date).exists():
        raise ValidationError(
            {"effective_date": _("Der er allerede en version, der gælder fra den dato.")}
        )
    codes = [code for code in Status.values if code in set(positive_statuses)]
    if not codes:
        raise ValidationError(
            {"positive_statuses": _("Vælg mindst én status, der tæller som positiv.")}
        )
    definition = DestinationDefinition(
        municipality=municipality,
        version=latest_version + 1,
        name=" ".join(name.split()),
        effective_date=effective_date,
        positive_statuses=codes,
        description=description.strip(),
        created_by=acting_user,
    )
    definition.full_clean()
    definition.save()
    audit_record(
        actor=acting_user,
        action=DEFINITION_CREATE,
        obj=definition,
        changes=snapshot(definition, ("version", "effective_date", "positive_statuses")),
    )
    return definition


def _check_age(young_person: Any, status_date: date) -> None:
    age = young_person.age_on(status_date)
    if not GUIDANCE_MIN_AGE <= age <= GUIDANCE_MAX_AGE:
        raise ValidationError(
            {
                "status_date": _(
                    "Den unge er %(age)d år på datoen: statusser følges for de %(min)d-%(max)d-årige."
                )
                % {"age": age, "min": GUIDANCE_MIN_AGE, "max": GUIDANCE_MAX_AGE}
            }
        )


@transaction.atomic
def status_record(
    *,
    young_person: Any,
    status: str,
    status_date: date,
    source: str = DestinationStatus.Source.COUNSELLOR,
    institution: str = "",
    note: str = "",
    acting_user: User | None,
) -> DestinationStatus:
    """Add a status to the young person's history, judged by the definition in force on its
    date, and bring the follow-up up to date (a positive destination takes them off the
    worklist, with the date)."""
    if source != DestinationStatus.Source.SELF_REPORT and not (
        acting_user is not None and can_record_status(acting_user, young_person)
    ):
        raise PermissionDenied
    if status_date > timezone.localdate():
        raise ValidationError({"status_date": _("Statusdatoen må ikke ligge i fremtiden.")})
    _check_age(young_person, status_date)
    return _status_add(
        young_person=young_person,
        status=status,
        status_date=status_date,
        source=source,
        institution=institution,
        note=note,
        acting_user=acting_user,
    )


@transaction.atomic
def clarified_choice_record(*, statement: Any, acting_user: User) -> DestinationStatus | None:
    """A pupil's destination statement in the plan is their clarified choice of education or
    job: for a pupil of the followed ages it enters the status history as a clarified choice
    (source: the plan), judged like any status, so that a definition counting "for pupils, a
    clarified choice recorded in the plan" takes them off the worklist. Someone who has left
    school is judged by where they are, not by what they wish: nothing is added for them, nor
    for a pupil younger than the followed ages. Called when the plan saves a statement."""
    young_person = statement.plan.young_person
    if not can_write_plan(acting_user, young_person):
        raise PermissionDenied
    day = statement.statement_date
    age = young_person.age_on(day)
    if not young_person.is_pupil_on(day) or not GUIDANCE_MIN_AGE <= age <= GUIDANCE_MAX_AGE:
        return None
    existing = DestinationStatus.objects.filter(
        young_person=young_person,
        status=Status.CLARIFIED_CHOICE,
        status_date=day,
        source=DestinationStatus.Source.PLAN,
    ).first()
    if existing is not None:
        # A second statement the same day: the day's clarified choice is the newest words.
        existing.note = statement.text
        existing.full_clean()
        existing.save(update_fields=["note", "updated_at"])
        return existing
    return _status_add(
        young_person=young_person,
        status=Status.CLARIFIED_CHOICE,
        status_date=day,
        source=DestinationStatus.Source.PLAN,
        note=statement.text,
        acting_user=acting_user,
    )


def _status_add(
    *,
    young_person: Any,
    status: str,
    status_date: date,
    source: str,
    acting_user: User | None,
    institution: str = "",
    note: str = "",
) -> DestinationStatus:
    """The one place a status enters a history: judged by the definition in force on its date,
    the follow-up brought up to date, the audit event written (callers check the policy)."""
    timeline = DefinitionTimeline.of(municipality_id=young_person.municipality_id)
    definition = timeline.in_force_on(status_date)
    entry = DestinationStatus(
        municipality=young_person.municipality,
        young_person=young_person,
        status=status,
        status_date=status_date,
        source=source,
        institution=" ".join(institution.split())[:200],
        note=note.strip(),
        definition=definition,
        is_positive=bool(definition and definition.counts(status)),
        recorded_by=acting_user,
    )
    entry.full_clean()
    entry.save()
    follow_up_refresh(young_people=[young_person])
    audit_record(
        actor=acting_user,
        action=STATUS_RECORD,
        obj=entry,
        changes={
            **snapshot(entry, ("status", "status_date", "source", "is_positive")),
            "definition_version": definition.version if definition else None,
        },
    )
    return entry


@dataclass(frozen=True)
class StatusRecord:
    young_person: Any
    status: str
    status_date: date
    institution: str = ""


def statuses_import(
    *,
    municipality: Any,
    records: list[StatusRecord],
    acting_user: User | None,
    source_name: str = "",
    progress: Progress | None = None,
) -> dict[str, int]:
    """Save the rows of a validated import (inside the importer's transaction). A row already
    in the history (same person, day, status and source) is left alone, so a re-import of the
    same extract changes nothing. acting_user None is the command line."""
    if acting_user is not None and not can_import_statuses(acting_user, municipality):
        raise PermissionDenied
    timeline = DefinitionTimeline.of(municipality_id=municipality.pk)
    people_ids = {r.young_person.pk for r in records}
    existing = set(
        DestinationStatus.objects.filter(
            young_person_id__in=people_ids, source=DestinationStatus.Source.IMPORT
        ).values_list("young_person_id", "status_date", "status")
    )
    new = []
    for record in records:
        key = (record.young_person.pk, record.status_date, record.status)
        if key in existing:
            continue
        existing.add(key)
        definition = timeline.in_force_on(record.status_date)
        new.append(
            DestinationStatus(
                municipality=municipality,
                young_person=record.young_person,
                status=record.status,
                status_date=record.status_date,
                source=DestinationStatus.Source.IMPORT,
                institution=record.institution,
                definition=definition,
                is_positive=bool(definition and definition.counts(record.status)),
                recorded_by=acting_user,
            )
        )
    DestinationStatus.objects.bulk_create(new, batch_size=1000)
    touched = {entry.young_person_id for entry in new}
    follow_up_refresh(
        young_people=[r.young_person for r in records if r.young_person.pk in touched]
    )
    if progress:
        progress(len(records), len(records))
    if new:
        audit_record(
            actor=acting_user,
            action=STATUS_IMPORT,
            obj=municipality,
            municipality=municipality,
            changes={"file": source_name[:200], "created": len(new)},
        )
    return {"created": len(new), "updated": 0, "unchanged": len(records) - len(new)}


def follow_up_refresh(*, young_people: Iterable[Any]) -> None:
    """Recompute each person's current status from the history (the latest by date, then by
    when it was recorded), when they reached a positive destination, and when they last left
    education. Called inside the status services' transactions; two queries per 1,000."""
    people = {p.pk: p for p in young_people}
    if not people:
        return
    history: dict[int, list[DestinationStatus]] = {pk: [] for pk in people}
    for entry in DestinationStatus.objects.filter(young_person_id__in=people).order_by(
        "young_person_id", "status_date", "created_at", "id"
    ):
        history[entry.young_person_id].append(entry)
    follow_ups = {f.young_person_id: f for f in FollowUp.objects.filter(young_person_id__in=people)}
    to_create: list[FollowUp] = []
    to_update: list[FollowUp] = []
    for pk, entries in history.items():
        follow_up = follow_ups.get(pk) or FollowUp(
            municipality_id=people[pk].municipality_id, young_person_id=pk
        )
        _apply_history(follow_up, entries)
        (to_update if follow_up.pk else to_create).append(follow_up)
    FollowUp.objects.bulk_create(to_create, batch_size=1000)
    FollowUp.objects.bulk_update(
        to_update,
        [
            "current_status",
            "status_date",
            "status_source",
            "is_positive",
            "positive_since",
            "left_education_date",
            "updated_at",
        ],
        batch_size=1000,
    )


def _apply_history(follow_up: FollowUp, entries: list[DestinationStatus]) -> None:
    follow_up.updated_at = timezone.now()
    if not entries:
        return
    current = entries[-1]
    follow_up.current_status = current.status
    follow_up.status_date = current.status_date
    follow_up.status_source = current.source
    follow_up.is_positive = current.is_positive
    # The first day of the current unbroken run of positive statuses.
    since = None
    for entry in entries:
        since = (since or entry.status_date) if entry.is_positive else None
    follow_up.positive_since = since
    left = None
    for before, after in zip(entries, entries[1:], strict=False):
        if before.status in EDUCATION_STATUSES and after.status not in EDUCATION_STATUSES:
            left = after.status_date
    follow_up.left_education_date = left


def _follow_up_of(young_person: Any) -> FollowUp:
    follow_up, _created = FollowUp.objects.get_or_create(
        young_person=young_person, defaults={"municipality": young_person.municipality}
    )
    return follow_up


@transaction.atomic
def follow_ups_assign(
    *, young_people: list[Any], counsellor: User | None, acting_user: User
) -> int:
    """Give each young person a guidance counsellor (None: unassigned). All or none."""
    if counsellor is not None and (
        counsellor.role != Role.GUIDANCE_COUNSELLOR
        or counsellor.municipality_id != acting_user.municipality_id
    ):
        raise ValidationError({"counsellor": _("Vælg en ungevejleder i kommunen.")})
    for person in young_people:
        if not can_assign_follow_up(acting_user, person):
            raise PermissionDenied
    for person in young_people:
        follow_up = _follow_up_of(person)
        before = follow_up.counsellor_id
        follow_up.counsellor = counsellor
        follow_up.save(update_fields=["counsellor", "updated_at"])
        audit_record(
            actor=acting_user,
            action=FOLLOW_UP_ASSIGN,
            obj=follow_up,
            changes={"counsellor": [before, counsellor.pk if counsellor else None]},
        )
    return len(young_people)


@transaction.atomic
def contact_log(
    *,
    young_person: Any,
    contact_date: date,
    kind: str,
    note: str,
    next_contact_date: date | None,
    acting_user: User,
) -> ContactLogEntry:
    """Write a contact or action in the log, and when the next contact is due."""
    if not can_log_contact(acting_user, young_person):
        raise PermissionDenied
    today = timezone.localdate()
    if contact_date > today:
        raise ValidationError({"contact_date": _("Kontakten kan ikke ligge i fremtiden.")})
    if next_contact_date is not None and next_contact_date < contact_date:
        raise ValidationError(
            {"next_contact_date": _("Næste kontakt skal ligge efter denne kontakt.")}
        )
    entry = ContactLogEntry(
        municipality=young_person.municipality,
        young_person=young_person,
        author=acting_user,
        contact_date=contact_date,
        kind=kind,
        note=note.strip(),
    )
    entry.full_clean()
    entry.save()
    follow_up = _follow_up_of(young_person)
    follow_up.next_contact_date = next_contact_date
    if follow_up.counsellor_id is None and acting_user.role == Role.GUIDANCE_COUNSELLOR:
        follow_up.counsellor = acting_user
    follow_up.save(update_fields=["next_contact_date", "counsellor", "updated_at"])
    audit_record(
        actor=acting_user,
        action=CONTACT_LOG,
        obj=entry,
        changes=snapshot(entry, ("contact_date", "kind")),
    )
    return entry


def _digest(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def self_report_send(
    *, young_person: Any, email: str, acting_user: User, mail_now: bool = False
) -> tuple[SelfReportInvitation, str]:
    """Send a young person whose status is unknown a personal link to a short self-report. The
    link works once, without logging in, for SELF_REPORT_DAYS days; only its digest is kept.
    The address is kept as the young person's own, for the next time. The mail goes when the
    transaction commits, or at once with mail_now (a batch: a mail server that fails undoes the
    link, so a retry sends it). Returns the invitation and the link's token (never stored)."""
    import secrets
    from datetime import timedelta

    from django.core.mail import send_mail

    if not can_follow_up(acting_user, young_person):
        raise PermissionDenied
    follow_up = FollowUp.objects.filter(young_person=young_person).first()
    if follow_up is not None and follow_up.current_status != Status.UNKNOWN:
        raise ValidationError(
            _("Den unges status er kendt: selvrapporten er til dem, vi ikke ved noget om.")
        )
    token = secrets.token_urlsafe(32)
    invitation = SelfReportInvitation(
        municipality=young_person.municipality,
        young_person=young_person,
        email=email.strip(),
        token_digest=_digest(token),
        sent_by=acting_user,
        expires_at=timezone.now() + timedelta(days=SELF_REPORT_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    if young_person.email != invitation.email:
        young_person.email = invitation.email
        young_person.save(update_fields=["email", "updated_at"])
    audit_record(actor=acting_user, action=SELF_REPORT_SEND, obj=invitation)
    subject, body = _self_report_mail(young_person, token)
    if mail_now:
        send_mail(subject, body, None, [invitation.email])
    else:
        transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation, token


def _self_report_mail(young_person: Any, token: str) -> tuple[str, str]:
    from django.conf import settings
    from django.urls import reverse

    link = settings.SITE_URL + reverse("destinations:self_report", kwargs={"token": token})
    subject = str(_("Hvad laver du nu? Tre korte spørgsmål fra %(m)s Kommune")) % {
        "m": young_person.municipality.name
    }
    body = str(
        _(
            "Hej %(name)s\n\nVi vil gerne vide, hvad du laver nu, og om vi kan hjælpe dig videre "
            "med uddannelse eller job. Det tager et minut, og du skal ikke logge ind:\n\n"
            "%(link)s\n\nLinket virker én gang og udløber om %(days)d dage.\n\n"
            "Venlig hilsen\nUngevejledningen, %(m)s Kommune"
        )
    ) % {
        "name": young_person.first_name,
        "link": link,
        "days": SELF_REPORT_DAYS,
        "m": young_person.municipality.name,
    }
    return subject, body


@transaction.atomic
def self_reports_request(*, filters: WorklistFilters, acting_user: User) -> BackgroundJob:
    """Send a self-report to every young person on the user's worklist (as filtered) whose
    status is unknown, who has an e-mail address and no open link: a background job, one mail
    at a time, each asked of the follow-up policy again. A rerun skips those already sent."""
    if not can_view_worklist(acting_user):
        raise PermissionDenied
    reach = self_report_reach(user=acting_user, filters=filters)
    if reach.with_email == 0:
        raise ValidationError(
            _("Ingen på listen med ukendt status har en e-mailadresse og mangler en selvrapport.")
        )
    job = job_enqueue(
        kind=SELF_REPORTS_JOB, acting_user=acting_user, params={"filters": asdict(filters)}
    )
    audit_record(
        actor=acting_user,
        action=SELF_REPORTS_REQUEST,
        obj=job,
        changes={"unge": reach.with_email, "uden e-mail": reach.without_email},
    )
    return job


def self_report_invitation_for(*, token: str) -> SelfReportInvitation | None:
    """The invitation behind a link, if it is still open (not answered, not expired)."""
    return (
        SelfReportInvitation.objects.filter(
            token_digest=_digest(token), answered_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("young_person__municipality")
        .first()
    )


@transaction.atomic
def self_report_answer(
    *, token: str, status: str, wish: str, may_contact: bool
) -> DestinationStatus:
    """The young person's answer, through their personal link (no login: the link is the
    key, once). It becomes a self-reported status dated today."""
    invitation = (
        SelfReportInvitation.objects.select_for_update()
        .filter(token_digest=_digest(token))
        .select_related("young_person__municipality")
        .first()
    )
    if invitation is None or invitation.answered_at or invitation.expires_at <= timezone.now():
        raise ValidationError(_("Linket er allerede brugt eller er udløbet."))
    if status not in SELF_REPORT_STATUSES:
        raise ValidationError({"status": _("Vælg det, der passer bedst.")})
    invitation.answered_at = timezone.now()
    invitation.may_contact = may_contact
    invitation.wish = wish.strip()
    invitation.full_clean()
    invitation.save(update_fields=["answered_at", "may_contact", "wish", "updated_at"])
    entry = status_record(
        young_person=invitation.young_person,
        status=status,
        status_date=timezone.localdate(),
        source=DestinationStatus.Source.SELF_REPORT,
        note=invitation.wish,
        acting_user=None,
    )
    audit_record(
        actor=None,
        action=SELF_REPORT_ANSWER,
        obj=invitation,
        changes={"status": status, "may_contact": may_contact},
    )
    return entry
