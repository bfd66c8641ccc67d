"""Reminders before deadlines, to those who still have to act, each sent once.

Run daily by the scheduler (or `manage.py calendar_reminders`). A `ReminderSent` row per
deadline and recipient, unique in the database, is written before the message: a second run
(or two runs at once) finds the row and sends nothing."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.models import Municipality, User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import audit_record
from ungegaranti.notifications.services import notify
from ungegaranti.partners.models import GuaranteePartner
from ungegaranti.people.models import SchoolClass
from ungegaranti.placement.models import Round, Wish
from ungegaranti.placement.selectors import round_pupils

from ..models import CalendarItem, Event, ReminderSent, Signup
from ..permissions import can_send_reminders
from .auditing import as_new

REMINDER_SEND = audit_action("calendar.reminder.send", gettext_lazy("Påmindelse sendt"))

# How long before each deadline the reminder goes out.
WISH_DEADLINE_DAYS = 7
SIGNUP_CLOSING_DAYS = 7
AGREEMENT_RENEWAL_DAYS = 60


@dataclass
class Due:
    kind: str
    subject_key: str
    recipient: User
    subject: str
    body: str
    link: str


def reminders_send(
    *, today: date | None = None, municipality: Municipality | None = None, acting_user: Any = None
) -> int:
    """Send every reminder that is due and not yet sent; returns how many were sent.
    `acting_user` None is the system (the scheduler, the command)."""
    if not can_send_reminders(acting_user):
        raise PermissionDenied(_("Kun systemet og Ungesekretariatet sender påmindelser."))
    today = today or timezone.localdate()
    municipalities = [municipality] if municipality else list(Municipality.objects.all())
    sent = 0
    for place in municipalities:
        for due in [
            *_wish_deadlines(place, today),
            *_signups_closing(place, today),
            *_agreements_ending(place, today),
        ]:
            sent += _send_once(due, acting_user)
    return sent


def _send_once(due: Due, acting_user: Any) -> int:
    try:
        with transaction.atomic():
            row, created = ReminderSent.objects.get_or_create(
                kind=due.kind,
                subject_key=due.subject_key,
                recipient=due.recipient,
                defaults={"municipality_id": due.recipient.municipality_id},
            )
            if not created:
                return 0
            notify(recipient=due.recipient, subject=due.subject, body=due.body, link=due.link)
            audit_record(
                actor=acting_user,
                action=REMINDER_SEND,
                obj=row,
                changes=as_new({"kind": due.kind, "deadline": due.subject_key}),
            )
    except IntegrityError:  # a concurrent run sent it first
        return 0
    return 1


def _wish_deadlines(municipality: Municipality, today: date) -> list[Due]:
    """A round open for wishes whose deadline is near: each pupil with a login who has not
    wished, and the teachers of classes where someone has not."""
    dues = []
    rounds = Round.objects.filter(
        municipality=municipality,
        status=Round.Status.OPEN,
        wish_deadline_date__gte=today,
        wish_deadline_date__lte=today + timedelta(days=WISH_DEADLINE_DAYS),
    )
    for round in rounds:
        key = f"round:{round.uuid}:{round.wish_deadline_date.isoformat()}"
        deadline = format_date(round.wish_deadline_date)
        wished = Wish.objects.filter(round=round).values("young_person_id")
        missing = round_pupils(round=round).exclude(pk__in=wished)
        for user in User.objects.filter(
            role=Role.YOUNG_PERSON, is_active=True, young_person__in=missing
        ).select_related("young_person"):
            dues.append(
                Due(
                    kind=ReminderSent.Kind.WISH_DEADLINE,
                    subject_key=key,
                    recipient=user,
                    subject=_("Husk dine praktikønsker: frist %(date)s") % {"date": deadline},
                    body=_(
                        "Du har ikke valgt dine ønsker til %(round)s endnu. Fristen er %(date)s."
                    )
                    % {"round": round.name, "date": deadline},
                    link=reverse(
                        "placement:wishes_edit",
                        args=[round.uuid, user.young_person.uuid],  # type: ignore[union-attr]
                    ),
                )
            )
        classes = SchoolClass.objects.filter(pupils__in=missing).distinct()
        for teacher in _teachers_of(classes):
            dues.append(
                Due(
                    kind=ReminderSent.Kind.WISH_DEADLINE,
                    subject_key=key,
                    recipient=teacher,
                    subject=_("Praktikønsker: frist %(date)s") % {"date": deadline},
                    body=_(
                        "Nogle af dine elever har ikke ønsket til %(round)s endnu. Fristen er "
                        "%(date)s."
                    )
                    % {"round": round.name, "date": deadline},
                    link=reverse("placement:teacher_overview"),
                )
            )
    return dues


def _teachers_of(classes: Any) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.TEACHER, is_active=True, teaching_classes__in=classes
        ).distinct()
    )


def _signups_closing(municipality: Municipality, today: date) -> list[Due]:
    """An event whose sign-up closes soon: the teachers with a class it is for that is not
    signed up."""
    dues = []
    events = Event.objects.filter(
        municipality=municipality,
        signup_closes_date__gte=today,
        signup_closes_date__lte=today + timedelta(days=SIGNUP_CLOSING_DAYS),
        calendar_item__status=CalendarItem.Status.PUBLISHED,
    ).select_related("calendar_item")
    for event in events:
        item = event.calendar_item
        closes = format_date(event.signup_closes_date)
        signed_up = Signup.objects.filter(event=event).exclude(status=Signup.Status.CANCELLED)
        classes = SchoolClass.objects.filter(municipality=municipality).exclude(
            pk__in=signed_up.values("school_class_id").exclude(school_class_id=None)
        )
        if event.grades:
            classes = classes.filter(grade__in=event.grades)
        districts = list(item.districts.all())
        schools = list(item.schools.all())
        if districts or schools:
            classes = classes.filter(Q(school__district__in=districts) | Q(school__in=schools))
        for teacher in _teachers_of(classes):
            dues.append(
                Due(
                    kind=ReminderSent.Kind.SIGNUP_CLOSING,
                    subject_key=f"event:{event.uuid}:{event.signup_closes_date.isoformat()}",
                    recipient=teacher,
                    subject=_("Tilmelding til %(title)s lukker %(date)s")
                    % {"title": event.title, "date": closes},
                    body=_("Din klasse er ikke tilmeldt %(title)s. Tilmeldingen lukker %(date)s.")
                    % {"title": event.title, "date": closes},
                    link=event.get_absolute_url(),
                )
            )
    return dues


def _agreements_ending(municipality: Municipality, today: date) -> list[Due]:
    """A partner agreement ending soon: the partner's contacts, who renew it."""
    dues = []
    partners = GuaranteePartner.objects.filter(
        municipality=municipality,
        agreement_end_date__gte=today,
        agreement_end_date__lte=today + timedelta(days=AGREEMENT_RENEWAL_DAYS),
    )
    for partner in partners:
        ends = format_date(partner.agreement_end_date)
        for contact in User.objects.filter(
            role=Role.PARTNER_CONTACT, is_active=True, partner=partner
        ):
            dues.append(
                Due(
                    kind=ReminderSent.Kind.AGREEMENT_RENEWAL,
                    subject_key=f"partner:{partner.uuid}:{partner.agreement_end_date.isoformat()}",
                    recipient=contact,
                    subject=_("Jeres garantipartneraftale udløber %(date)s") % {"date": ends},
                    body=_(
                        "Aftalen mellem %(name)s og Ungegarantien udløber %(date)s. Kontakt "
                        "Ungesekretariatet for at forny den."
                    )
                    % {"name": partner.name, "date": ends},
                    link=reverse("partners:public_detail", kwargs={"uuid": partner.uuid}),
                )
            )
    return dues
