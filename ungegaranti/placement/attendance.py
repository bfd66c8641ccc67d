"""The five days counted: the company (or the school) registers each day of a placement, and
the days present count towards the at least five days of erhvervspraktik every pupil must have
in 7th, 8th or 9th grade (folkeskoleloven § 9, stk. 3, from 2025/26; days need not be
consecutive nor at one workplace). An incident (an injury) is reported from the placement with
what an insurance claim needs.

Write services ask their policy in permissions.py and leave an audit event on the round.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action
from ungegaranti.core.dates import format_date
from ungegaranti.core.models import User
from ungegaranti.core.roles import Role
from ungegaranti.core.services import audit_record
from ungegaranti.notifications.services import notify
from ungegaranti.people.models import YoungPerson

from .agreements import placement_days
from .models import AttendanceDay, Incident, Placement
from .permissions import can_record_attendance, can_report_incident

REQUIRED_DAYS = 5  # folkeskoleloven § 9, stk. 3 (L 41 2024-25): at least five days
ATTENDANCE_SET = audit_action(
    "placement.attendance.set", gettext_lazy("Fremmøde i erhvervspraktik registreret")
)
FEEDBACK_SET = audit_action(
    "placement.feedback.set", gettext_lazy("Tilbagemelding efter erhvervspraktik givet")
)
INCIDENT_REPORT = audit_action(
    "placement.incident.report", gettext_lazy("Hændelse i erhvervspraktik meldt")
)


def working_days(placement: Placement) -> list[date]:
    """The weekdays of the placement's period."""
    first, last = placement_days(placement)
    return [
        first + timedelta(n)
        for n in range((last - first).days + 1)
        if (first + timedelta(n)).weekday() < 5
    ]


@transaction.atomic
def attendance_set(
    *, placement: Placement, days: dict[date, bool | None], acting_user: User
) -> list[AttendanceDay]:
    """Register the days given (True present, False absent, None not registered). Only the
    placement's weekdays up to today; all or nothing."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("round", "round_offer__offer", "own_place", "young_person")
        .get(pk=placement.pk)
    )
    if not can_record_attendance(acting_user, placement):
        raise PermissionDenied
    allowed = set(working_days(placement))
    today = timezone.localdate()
    for day in days:
        if day not in allowed:
            raise ValidationError(
                _("%(day)s er ikke en dag i praktikken.") % {"day": format_date(day)}
            )
        if day > today and days[day] is not None:
            raise ValidationError(_("%(day)s er ikke kommet endnu.") % {"day": format_date(day)})
    existing = {a.day_date: a for a in placement.attendance.all()}
    before = {d.isoformat(): a.present for d, a in existing.items()}
    for day, present in days.items():
        row = existing.get(day)
        if present is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = AttendanceDay(
                municipality=placement.municipality,
                placement=placement,
                day_date=day,
                present=present,
                recorded_by=acting_user,
            )
        else:
            row.present, row.recorded_by = present, acting_user
        row.full_clean(exclude=["placement", "recorded_by"])
        row.save()
    after = {a.day_date.isoformat(): a.present for a in placement.attendance.order_by("day_date")}
    changes = {
        f"{placement.young_person.full_name} {day}": [before.get(day), after.get(day)]
        for day in sorted(set(before) | set(after))
        if before.get(day) != after.get(day)
    }
    if changes:
        audit_record(actor=acting_user, action=ATTENDANCE_SET, obj=placement.round, changes=changes)
    return list(placement.attendance.order_by("day_date"))


@transaction.atomic
def incident_report(
    *,
    placement: Placement,
    occurred_at: datetime,
    description: str,
    injury: bool,
    treatment: str = "",
    witnesses: str = "",
    acting_user: User,
) -> Incident:
    """Report an incident during the placement; the guardians and the round's managers are
    told at once."""
    placement = Placement.objects.select_related(
        "round", "round_offer__offer", "own_place", "young_person"
    ).get(pk=placement.pk)
    if not can_report_incident(acting_user, placement):
        raise PermissionDenied
    first, last = placement_days(placement)
    errors: dict[str, list[str]] = {}
    day = timezone.localtime(occurred_at).date()
    if not first <= day <= last:
        errors["occurred_at"] = [
            _("Tidspunktet skal ligge i praktikken, %(start)s til %(end)s.")
            % {"start": format_date(first), "end": format_date(last)}
        ]
    elif occurred_at > timezone.now():
        errors["occurred_at"] = [_("Tidspunktet ligger i fremtiden.")]
    if not description.strip():
        errors["description"] = [_("Beskriv, hvad der skete.")]
    if errors:
        raise ValidationError(errors)
    incident = Incident(
        municipality=placement.municipality,
        placement=placement,
        occurred_at=occurred_at,
        description=description.strip(),
        injury=injury,
        treatment=treatment.strip(),
        witnesses=witnesses.strip(),
        reported_by=acting_user,
    )
    incident.full_clean(exclude=["placement", "reported_by"])
    incident.save()
    person = placement.young_person
    audit_record(
        actor=acting_user,
        action=INCIDENT_REPORT,
        obj=placement.round,
        changes={
            f"hændelse {person.full_name}": [None, timezone.localtime(occurred_at).isoformat()],
            "skade": [None, injury],
        },
    )
    subject = _("Hændelse i erhvervspraktik: %(name)s") % {"name": person.first_name}
    recipients = [
        g.user for g in person.guardians.filter(user__isnull=False).select_related("user") if g.user
    ]
    managers = User.objects.filter(municipality=placement.municipality, is_active=True)
    recipients += list(
        managers.filter(
            role=Role.WORK_EXPERIENCE_COORDINATOR, district_id=placement.round.district_id
        )
        if placement.round.district_id
        else managers.filter(role=Role.SECRETARIAT)
    )
    for user in recipients:
        notify(recipient=user, subject=subject, body=incident.description[:500])
    return incident


@transaction.atomic
def feedback_set(*, placement: Placement, text: str, acting_user: User) -> Placement:
    """The company's short feedback after the placement (to the pupil and the school). Given
    from the placement's last day on."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("round", "round_offer__offer", "own_place", "young_person")
        .get(pk=placement.pk)
    )
    if not can_record_attendance(acting_user, placement):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"feedback": [_("Skriv en kort tilbagemelding.")]})
    last = placement_days(placement)[1]
    if timezone.localdate() < last:
        raise ValidationError(
            {
                "feedback": [
                    _("Tilbagemeldingen gives fra praktikkens sidste dag, %(date)s.")
                    % {"date": format_date(last)}
                ]
            }
        )
    before = placement.feedback or None
    placement.feedback = text[:2000]
    placement.feedback_at = timezone.now()
    placement.save(update_fields=["feedback", "feedback_at", "updated_at"])
    audit_record(
        actor=acting_user,
        action=FEEDBACK_SET,
        obj=placement.round,
        changes={
            f"tilbagemelding {placement.young_person.full_name}": [before, placement.feedback]
        },
    )
    return placement


# --- reads ---------------------------------------------------------------------------------


def days_counted(*, people: list[YoungPerson] | Any) -> dict[int, int]:
    """young person pk -> days of erhvervspraktik present (distinct dates, across rounds and
    own places): one query."""
    counts: dict[int, set[date]] = {}
    for person_id, day in AttendanceDay.objects.filter(
        placement__young_person__in=people, present=True
    ).values_list("placement__young_person_id", "day_date"):
        counts.setdefault(person_id, set()).add(day)
    return {pk: len(days) for pk, days in counts.items()}


def pupils_short_of_days(*, pupils: Any) -> list[dict[str, Any]]:
    """Pupils with fewer than the five days, per school (by school name, then class and
    surname): each with the days counted so far. Three queries."""
    people = list(
        pupils.select_related("school", "school_class").order_by(
            "school__name", "school_class__letter", "last_name", "first_name"
        )
    )
    counted = days_counted(people=[p.pk for p in people])
    schools: dict[str, dict[str, Any]] = {}
    for person in people:
        days = counted.get(person.pk, 0)
        if days >= REQUIRED_DAYS:
            continue
        name = person.school.name if person.school else "–"
        school = schools.setdefault(name, {"school": name, "rows": []})
        school["rows"].append({"person": person, "days": days})
    return list(schools.values())
