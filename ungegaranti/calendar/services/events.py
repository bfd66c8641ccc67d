"""Writes of events: creating one (with its item in the wheel), partners taking part, sign-up of
classes and young people with a waiting list that moves up by itself.

No double booking: every sign-up and cancellation first locks the event's row
(`select_for_update`), so on PostgreSQL concurrent sign-ups for the last places queue behind
each other and each counts the places the one before it took."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action, snapshot
from ungegaranti.core.models import Track, User
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.core.services import audit_record
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import SchoolClass, YoungPerson
from ungegaranti.plans.models import Activity, ActivityKind
from ungegaranti.plans.services import activity_record

from ..models import CalendarItem, Event, EventPartner, Signup
from ..permissions import (
    can_add_event_partner,
    can_cancel_signup,
    can_create_event,
    can_remove_event_partner,
    can_sign_up_class,
    can_sign_up_young_person,
)
from .auditing import as_gone, as_new

EVENT_CREATE = audit_action("calendar.event.create", gettext_lazy("Arrangement oprettet"))
EVENT_PARTNER_ADD = audit_action(
    "calendar.event.partner_add", gettext_lazy("Partner tilføjet arrangementet")
)
EVENT_PARTNER_REMOVE = audit_action(
    "calendar.event.partner_remove", gettext_lazy("Partner fjernet fra arrangementet")
)
SIGNUP_CREATE = audit_action("calendar.signup.create", gettext_lazy("Tilmeldt arrangement"))
SIGNUP_CANCEL = audit_action("calendar.signup.cancel", gettext_lazy("Afmeldt arrangement"))
SIGNUP_PROMOTE = audit_action("calendar.signup.promote", gettext_lazy("Rykket op fra ventelisten"))

_EVENT_FIELDS = (
    "kind",
    "title",
    "location",
    "start_at",
    "end_at",
    "signup_closes_date",
    "places",
    "waiting_list",
    "grades",
)


def _refuse() -> None:
    raise PermissionDenied(_("Du har ikke adgang til dette arrangement."))


@transaction.atomic
def event_create(
    *,
    acting_user: User,
    kind: str,
    title: str,
    location: str,
    start_at: datetime,
    end_at: datetime,
    signup_closes_date: date,
    places: int,
    track: Track,
    owner: str,
    description: str = "",
    waiting_list: bool = True,
    grades: list[int] | None = None,
    districts: Any = (),
    schools: Any = (),
) -> Event:
    """An event with its item in the annual wheel (in the school year it starts in)."""
    municipality = acting_user.municipality
    if municipality is None or not can_create_event(acting_user, municipality):
        _refuse()
    if end_at < start_at:
        raise ValidationError({"end_at": _("Arrangementet kan ikke slutte, før det begynder.")})
    if signup_closes_date > timezone.localtime(start_at).date():
        raise ValidationError(
            {"signup_closes_date": _("Tilmeldingen skal lukke senest den dag, arrangementet er.")}
        )
    if places < 1:
        raise ValidationError({"places": _("Arrangementet skal have mindst én plads.")})
    if track.municipality_id != acting_user.municipality_id:
        raise ValidationError({"track": _("Sporet hører til en anden kommune.")})
    grades = sorted({int(g) for g in grades or []})
    event = Event(
        municipality=municipality,
        kind=kind,
        title=title,
        description=description,
        location=location,
        start_at=start_at,
        end_at=end_at,
        signup_closes_date=signup_closes_date,
        places=places,
        waiting_list=waiting_list,
        grades=grades,
        created_by=acting_user,
    )
    event.full_clean()
    event.save()
    item = CalendarItem(
        municipality=municipality,
        school_year=school_year_of(timezone.localtime(start_at).date()),
        title=title,
        description=description,
        kind=CalendarItem.Kind.EVENT,
        track=track,
        owner=owner,
        grades=grades,
        event=event,
    )
    item.full_clean()
    item.save()
    item.districts.set(districts)
    item.schools.set(schools)
    audit_record(
        actor=acting_user,
        action=EVENT_CREATE,
        obj=event,
        changes=as_new(snapshot(event, _EVENT_FIELDS)),
    )
    return event


@transaction.atomic
def event_partner_add(
    *, event: Event, partner: Any, contribution: str, acting_user: User
) -> EventPartner:
    """A partner takes part, bringing `contribution` (a stand, a workshop, a talk)."""
    if not can_add_event_partner(acting_user, event, partner):
        _refuse()
    contribution = contribution.strip()
    if not contribution:
        raise ValidationError({"contribution": _("Skriv, hvad partneren bidrager med.")})
    row, _created = EventPartner.objects.update_or_create(
        municipality_id=event.municipality_id,
        event=event,
        partner=partner,
        defaults={"contribution": contribution},
    )
    row.full_clean()
    audit_record(
        actor=acting_user,
        action=EVENT_PARTNER_ADD,
        obj=event,
        changes=as_new({"partner": partner.name, "contribution": contribution}),
    )
    return row


@transaction.atomic
def event_partner_remove(*, event_partner: EventPartner, acting_user: User) -> None:
    if not can_remove_event_partner(acting_user, event_partner):
        _refuse()
    audit_record(
        actor=acting_user,
        action=EVENT_PARTNER_REMOVE,
        obj=event_partner.event,
        changes=as_gone({"partner": event_partner.partner.name}),
    )
    event_partner.delete()


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _taken(event: Event) -> int:
    return (
        Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED).aggregate(
            n=Sum("seats")
        )["n"]
        or 0
    )


def _anyone_waiting(event: Event) -> bool:
    return Signup.objects.filter(event=event, status=Signup.Status.WAITING).exists()


def _place(*, event: Event, seats: int, who: str, acting_user: User, **target: Any) -> Signup:
    """Confirm `seats` places if they are free and nobody waits before; else the waiting
    list; else refuse. The event's row is locked by the caller."""
    if seats > event.places:
        raise ValidationError(
            _("%(who)s fylder %(seats)s pladser, men arrangementet har kun %(places)s.")
            % {"who": who, "seats": seats, "places": event.places}
        )
    free = event.places - _taken(event)
    if seats <= free and not _anyone_waiting(event):
        status = Signup.Status.CONFIRMED
    elif event.waiting_list:
        status = Signup.Status.WAITING
    else:
        raise ValidationError(
            _(
                "Der er ikke plads til %(who)s: %(free)s ledige pladser, der skal bruges "
                "%(seats)s, og arrangementet har ingen venteliste."
            )
            % {"who": who, "free": max(free, 0), "seats": seats}
        )
    signup = Signup(
        municipality_id=event.municipality_id,
        event=event,
        seats=seats,
        status=status,
        signed_up_by=acting_user,
        **target,
    )
    signup.full_clean()
    signup.save()
    audit_record(
        actor=acting_user,
        action=SIGNUP_CREATE,
        obj=signup,
        changes=as_new({"status": status, "seats": seats, "event": event.title}),
    )
    if status == Signup.Status.CONFIRMED:
        _record_attendance(signup, acting_user)
    return signup


@transaction.atomic
def signup_class(*, event: Event, school_class: SchoolClass, acting_user: User) -> Signup:
    """A teacher signs up a class: one place per pupil."""
    event = _locked(event)
    if not can_sign_up_class(acting_user, event, school_class):
        _refuse()
    who = _("Klassen %(name)s") % {"name": school_class.name}
    if (
        Signup.objects.filter(event=event, school_class=school_class)
        .exclude(status=Signup.Status.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("%(who)s er allerede tilmeldt.") % {"who": who})
    pupils = school_class.pupils.count()
    if pupils == 0:
        raise ValidationError(_("%(who)s har ingen elever at tilmelde.") % {"who": who})
    return _place(
        event=event, seats=pupils, who=who, acting_user=acting_user, school_class=school_class
    )


@transaction.atomic
def signup_young_person(*, event: Event, young_person: YoungPerson, acting_user: User) -> Signup:
    """A young person signs themselves up: one place."""
    event = _locked(event)
    if not can_sign_up_young_person(acting_user, event, young_person):
        _refuse()
    if (
        Signup.objects.filter(event=event, young_person=young_person)
        .exclude(status=Signup.Status.CANCELLED)
        .exists()
    ):
        raise ValidationError(_("%(who)s er allerede tilmeldt.") % {"who": young_person.first_name})
    return _place(
        event=event,
        seats=1,
        who=young_person.first_name,
        acting_user=acting_user,
        young_person=young_person,
    )


@transaction.atomic
def signup_cancel(*, signup: Signup, acting_user: User) -> list[Signup]:
    """Cancel a sign-up; the freed places go to the waiting list in order. Returns the
    sign-ups that moved up."""
    event = _locked(signup.event)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if not can_cancel_signup(acting_user, signup):
        _refuse()
    before = signup.status
    was_confirmed = before == Signup.Status.CONFIRMED
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=SIGNUP_CANCEL,
        obj=signup,
        changes={"status": [before, Signup.Status.CANCELLED]},
    )
    if was_confirmed:
        _record_attendance(signup, acting_user)
    return _move_up(event)


def _move_up(event: Event) -> list[Signup]:
    """Confirm waiting sign-ups in order while the first of them fits: nobody is skipped by a
    smaller sign-up behind them."""
    moved = []
    free = event.places - _taken(event)
    for waiting in Signup.objects.filter(event=event, status=Signup.Status.WAITING).order_by(
        "created_at", "id"
    ):
        if waiting.seats > free:
            break
        waiting.status = Signup.Status.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        free -= waiting.seats
        audit_record(
            actor=None,
            action=SIGNUP_PROMOTE,
            obj=waiting,
            changes={"status": [Signup.Status.WAITING, Signup.Status.CONFIRMED]},
        )
        _record_attendance(waiting, None)  # the system moves the list up
        notify(
            recipient=waiting.signed_up_by,
            subject=_("Der er plads: %(title)s") % {"title": event.title},
            body=_("En plads er blevet ledig, og tilmeldingen fra ventelisten er nu bekræftet."),
            link=reverse("calendar:event_detail", kwargs={"uuid": event.uuid}),
        )
        moved.append(waiting)
    return moved


def _people_of(signup: Signup) -> list[YoungPerson]:
    if signup.young_person_id is not None:
        return [signup.young_person]  # type: ignore[list-item]
    return list(YoungPerson.objects.filter(school_class_id=signup.school_class_id))


def _record_attendance(signup: Signup, acting_user: User | None) -> None:
    """Each young person taking part gets the event as an activity in their record; one per
    person and event, whether they came with the class or on their own. A cancelled sign-up
    cancels it unless another active sign-up still brings them."""
    event = signup.event
    start = timezone.localtime(event.start_at).date()
    end = timezone.localtime(event.end_at).date()
    for person in _people_of(signup):
        still_going = (
            Signup.objects.filter(
                event=event,
                status=Signup.Status.CONFIRMED,
            )
            .filter(_brings(person))
            .exists()
        )
        activity_record(
            young_person=person,
            kind=ActivityKind.EVENT,
            title=event.title,
            source_key=f"event:{event.uuid}:{person.uuid}",
            acting_user=acting_user,
            status=Activity.Status.PLANNED if still_going else Activity.Status.CANCELLED,
            start_date=start,
            end_date=end,
        )


def _brings(person: YoungPerson) -> Any:
    from django.db.models import Q

    q = Q(young_person=person)
    if person.school_class_id is not None:
        q |= Q(school_class_id=person.school_class_id)
    return q
