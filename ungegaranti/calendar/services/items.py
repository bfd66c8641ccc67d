"""Writes of the annual wheel: items, copying a year forward, publishing. Each service asks its
policy in permissions.py and records an audit event in the same transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ungegaranti.core.audit import audit_action, changed, snapshot
from ungegaranti.core.models import Municipality, Track, User
from ungegaranti.core.schoolyear import (
    same_date_next_year,
    same_week_next_year,
    school_year_label,
    school_year_of,
)
from ungegaranti.core.services import audit_record

from ..models import CalendarItem
from ..permissions import (
    can_change_calendar_item,
    can_copy_calendar_year,
    can_create_calendar_item,
    can_delete_calendar_item,
    can_publish_calendar_item,
)
from .auditing import as_gone, as_new

ITEM_CREATE = audit_action("calendar.item.create", gettext_lazy("Punkt i årshjulet oprettet"))
ITEM_UPDATE = audit_action("calendar.item.update", gettext_lazy("Punkt i årshjulet ændret"))
ITEM_DELETE = audit_action("calendar.item.delete", gettext_lazy("Punkt i årshjulet slettet"))
ITEM_PUBLISH = audit_action(
    "calendar.item.publish", gettext_lazy("Punkt i årshjulet offentliggjort")
)
ITEM_COPY = audit_action(
    "calendar.item.copy", gettext_lazy("Punkt kopieret til næste skoleår (kladde)")
)

_ITEM_FIELDS = (
    "title",
    "description",
    "kind",
    "track",
    "owner",
    "start_date",
    "end_date",
    "recurrence",
    "status",
    "grades",
    "min_age",
    "max_age",
    "round",
)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Du har ikke adgang til at ændre årshjulet."))


def _validate_dates(*, start_date: date | None, end_date: date | None, round: Any) -> None:
    if round is not None:
        return
    if start_date is None:
        raise ValidationError({"start_date": _("Angiv en fra-dato.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Til-datoen kan ikke ligge før fra-datoen.")})


def _validate_target(*, grades: list[int], min_age: int | None, max_age: int | None) -> None:
    if any(g < 0 or g > 10 for g in grades):
        raise ValidationError({"grades": _("Klassetrin skal ligge fra 0 til 10.")})
    if min_age is not None and max_age is not None and max_age < min_age:
        raise ValidationError({"max_age": _("Alder til kan ikke være lavere end alder fra.")})


def _school_year(*, start_date: date | None, round: Any) -> int:
    day = round.start_date if round is not None else start_date
    assert day is not None  # _validate_dates has refused an item without a day
    return school_year_of(day)


@transaction.atomic
def calendar_item_create(
    *,
    acting_user: User,
    title: str,
    track: Track,
    owner: str,
    kind: str = CalendarItem.Kind.OTHER,
    description: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    recurrence: str = CalendarItem.Recurrence.SAME_WEEK,
    grades: list[int] | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    districts: Any = (),
    schools: Any = (),
    round: Any = None,
    status: str = CalendarItem.Status.PUBLISHED,
) -> CalendarItem:
    """An item of the wheel. Linked to a round, its dates are the round's (none of its own)."""
    municipality = acting_user.municipality
    _check(municipality is not None and can_create_calendar_item(acting_user, municipality))
    grades = sorted({int(g) for g in grades or []})
    _validate_dates(start_date=start_date, end_date=end_date, round=round)
    _validate_target(grades=grades, min_age=min_age, max_age=max_age)
    if round is not None:
        start_date = end_date = None
        kind = CalendarItem.Kind.ROUND
    item = CalendarItem(
        municipality=municipality,
        school_year=_school_year(start_date=start_date, round=round),
        title=title,
        description=description,
        kind=kind,
        track=track,
        owner=owner,
        start_date=start_date,
        end_date=end_date if end_date != start_date else None,
        recurrence=recurrence,
        status=status,
        grades=grades,
        min_age=min_age,
        max_age=max_age,
        round=round,
    )
    _save_item(item, districts=districts, schools=schools)
    audit_record(
        actor=acting_user,
        action=ITEM_CREATE,
        obj=item,
        changes=as_new(snapshot(item, _ITEM_FIELDS)),
    )
    return item


def _save_item(item: CalendarItem, *, districts: Any, schools: Any) -> None:
    for related in (item.track, item.round):
        if related is not None and related.municipality_id != item.municipality_id:
            raise ValidationError(_("Sporet eller runden hører til en anden kommune."))
    item.full_clean()
    item.save()
    districts, schools = list(districts), list(schools)
    if any(d.municipality_id != item.municipality_id for d in [*districts, *schools]):
        raise ValidationError(_("Distrikter og skoler skal høre til kommunen."))
    item.districts.set(districts)
    item.schools.set(schools)


@transaction.atomic
def calendar_item_update(
    *,
    item: CalendarItem,
    acting_user: User,
    districts: Any = None,
    schools: Any = None,
    **fields: Any,
) -> CalendarItem:
    """Change an item's fields (the names of CalendarItem's own fields)."""
    _check(can_change_calendar_item(acting_user, item))
    unknown = set(fields) - set(_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"calendar_item_update: unknown fields {sorted(unknown)}")
    item = CalendarItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, _ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.grades = sorted({int(g) for g in item.grades or []})
    if item.event_id is None:
        _validate_dates(start_date=item.start_date, end_date=item.end_date, round=item.round)
        if item.round is not None:
            item.start_date = item.end_date = None
        item.school_year = _school_year(start_date=item.start_date, round=item.round)
    _validate_target(grades=item.grades, min_age=item.min_age, max_age=item.max_age)
    if item.end_date == item.start_date:
        item.end_date = None
    _save_item(
        item,
        districts=item.districts.all() if districts is None else districts,
        schools=item.schools.all() if schools is None else schools,
    )
    audit_record(
        actor=acting_user,
        action=ITEM_UPDATE,
        obj=item,
        changes=changed(before, snapshot(item, _ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def calendar_item_delete(*, item: CalendarItem, acting_user: User) -> None:
    _check(can_delete_calendar_item(acting_user, item))
    audit_record(
        actor=acting_user,
        action=ITEM_DELETE,
        obj=item,
        changes=as_gone(snapshot(item, _ITEM_FIELDS)),
    )
    item.delete()


def _moved(day: date | None, recurrence: str) -> date | None:
    if day is None:
        return None
    if recurrence == CalendarItem.Recurrence.SAME_DATE:
        return same_date_next_year(day)
    return same_week_next_year(day)


@transaction.atomic
def calendar_year_copy_forward(
    *, municipality: Municipality, school_year: int, acting_user: User
) -> list[CalendarItem]:
    """Copy the recurring items of a school year into the next one as drafts, each moved to
    the same ISO week and weekday (or, for a fixed-date item like 1 March, the same date).
    A round's or an event's item keeps its dates as plain dates: the new year's round or event
    is linked when the draft is reviewed. Copying again copies only what is not yet copied."""
    _check(can_copy_calendar_year(acting_user, municipality))
    already = set(
        CalendarItem.objects.filter(
            municipality=municipality, school_year=school_year + 1, copied_from__isnull=False
        ).values_list("copied_from_id", flat=True)
    )
    sources = (
        CalendarItem.objects.filter(municipality=municipality, school_year=school_year)
        .exclude(recurrence=CalendarItem.Recurrence.ONE_OFF)
        .exclude(pk__in=already)
        .select_related("round", "event", "track")
        .prefetch_related("districts", "schools")
    )
    copies = []
    for source in sources:
        first, last = source.first_date, source.last_date
        start = _moved(first, source.recurrence)
        end = _moved(last, source.recurrence) if last and last != first else None
        copy = CalendarItem(
            municipality=municipality,
            school_year=school_year + 1,
            title=source.title,
            description=source.description,
            kind=source.kind,
            track=source.track,
            owner=source.owner,
            start_date=start,
            end_date=end,
            recurrence=source.recurrence,
            status=CalendarItem.Status.DRAFT,
            grades=source.grades,
            min_age=source.min_age,
            max_age=source.max_age,
            copied_from=source,
        )
        _save_item(copy, districts=source.districts.all(), schools=source.schools.all())
        audit_record(
            actor=acting_user,
            action=ITEM_COPY,
            obj=copy,
            changes=as_new(
                {"copied_from": str(source), "school_year": school_year_label(school_year + 1)}
            ),
        )
        copies.append(copy)
    return copies


@transaction.atomic
def calendar_items_publish(
    *, municipality: Municipality, school_year: int, acting_user: User, items: Any = None
) -> int:
    """Publish the reviewed drafts of a school year (all, or the given ones)."""
    _check(can_create_calendar_item(acting_user, municipality))
    drafts = CalendarItem.objects.select_for_update().filter(
        municipality=municipality, school_year=school_year, status=CalendarItem.Status.DRAFT
    )
    if items is not None:
        drafts = drafts.filter(pk__in=[i.pk for i in items])
    count = 0
    for item in drafts:
        _check(can_publish_calendar_item(acting_user, item))
        item.status = CalendarItem.Status.PUBLISHED
        item.full_clean()
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=acting_user,
            action=ITEM_PUBLISH,
            obj=item,
            changes={"status": [CalendarItem.Status.DRAFT, CalendarItem.Status.PUBLISHED]},
        )
        count += 1
    return count
