"""The iCalendar (RFC 5545) feeds, built with the `icalendar` library.

A feed is fetched by a calendar program without a login, so its address is a secret that
may end up on a shared screen or in a colleague's calendar. It therefore carries the plan
(items, events, places) and never a young person: no names, no support flags, no lists of who
is signed up. A school's feed tells which of the school's classes are signed up for an event;
a personal feed tells its owner their own sign-up status and nothing about anyone else."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ungegaranti.core.dates import format_date
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.people.models import School

from .models import CalendarItem, FeedToken, Signup
from .selectors import Audience, audience_of, item_concerns, items_of_year


@dataclass
class FeedEntry:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    description: str
    url: str
    location: str
    categories: list[str]
    stamp: datetime


def _years() -> list[int]:
    """The current and the next school year: what a calendar program should show."""
    year = school_year_of(timezone.localdate())
    return [year, year + 1]


def _published(municipality_id: int) -> list[CalendarItem]:
    rows: list[CalendarItem] = []
    for year in _years():
        rows += list(
            items_of_year(municipality_id=municipality_id, school_year=year)
            .filter(status=CalendarItem.Status.PUBLISHED)
            .select_related("event__calendar_item")
        )
    return rows


def _audience(token: FeedToken) -> Audience:
    if token.scope == FeedToken.Scope.PERSONAL:
        return audience_of(token.user)
    if token.scope == FeedToken.Scope.SCHOOL and token.school is not None:
        return Audience(
            schools={token.school.pk},
            districts={token.school.district_id},
            events=_events_of_classes(Q(school_class__school=token.school)),
        )
    if token.scope == FeedToken.Scope.DISTRICT and token.district is not None:
        schools = set(School.objects.filter(district=token.district).values_list("pk", flat=True))
        return Audience(
            schools=schools,
            districts={token.district.pk},
            events=_events_of_classes(Q(school_class__school__district=token.district)),
        )
    if token.scope == FeedToken.Scope.PARTNER and token.partner is not None:
        return Audience(
            events=set(token.partner.calendar_events.values_list("event_id", flat=True)),
            events_only=True,
        )
    return Audience(events_only=True)


def _events_of_classes(condition: Q) -> set[int]:
    return set(
        Signup.objects.filter(condition)
        .exclude(status=Signup.Status.CANCELLED)
        .values_list("event_id", flat=True)
    )


def _sign_up_note(token: FeedToken, item: CalendarItem) -> str:
    """What the feed's owner may know of sign-ups to this event: their own status (personal
    feed), or which of the school's or district's classes take part. Never a name."""
    if item.event_id is None:
        return ""
    active = Signup.objects.filter(event_id=item.event_id).exclude(status=Signup.Status.CANCELLED)
    user = token.user
    if token.scope == FeedToken.Scope.PERSONAL:
        person = user.young_person
        if user.role == Role.YOUNG_PERSON and person is not None:
            mine = active.filter(
                Q(young_person_id=person.pk) | Q(school_class_id=person.school_class_id or -1)
            ).first()
            return _("Du: %(status)s.") % {"status": mine.get_status_display()} if mine else ""
        if user.role == Role.TEACHER:
            active = active.filter(school_class__in=user.teaching_classes.all())
        else:
            return ""
    elif token.scope == FeedToken.Scope.SCHOOL:
        active = active.filter(school_class__school=token.school)
    elif token.scope == FeedToken.Scope.DISTRICT:
        active = active.filter(school_class__school__district=token.district)
    else:
        return ""
    classes = [
        f"{s.school_class.name} ({s.get_status_display().lower()})"  # type: ignore[union-attr]
        for s in active.filter(school_class__isnull=False).select_related("school_class")
    ]
    return _("Tilmeldte klasser: %(classes)s.") % {"classes": ", ".join(classes)} if classes else ""


def feed_entries(token: FeedToken) -> list[FeedEntry]:
    audience = _audience(token)
    entries = []
    for item in _published(token.municipality_id):
        if not item_concerns(item, audience) or item.first_date is None:
            continue
        entries.append(_entry(token, item))
    return sorted(entries, key=lambda e: (str(e.start), e.summary))


def _entry(token: FeedToken, item: CalendarItem) -> FeedEntry:
    url = settings.SITE_URL + item.get_absolute_url()
    parts = [item.description.strip()] if item.description.strip() else []
    event = item.event
    location = ""
    start: date | datetime
    end: date | datetime
    if event is not None:
        url = settings.SITE_URL + event.get_absolute_url()
        start, end, location = event.start_at, event.end_at, event.location
        if token.scope == FeedToken.Scope.PARTNER and token.partner is not None:
            taking_part = event.partners.filter(partner=token.partner).first()
            if taking_part:
                parts.append(_("I bidrager med: %(what)s.") % {"what": taking_part.contribution})
        note = _sign_up_note(token, item)
        if note:
            parts.append(note)
    else:
        start = item.first_date  # type: ignore[assignment]
        end = (item.last_date or start) + timedelta(days=1)  # type: ignore[operator]
    if item.round is not None:
        parts.append(
            _("Frist for ønsker: %(date)s.") % {"date": format_date(item.round.wish_deadline_date)}
        )
    parts.append(_("Ansvarlig: %(owner)s.") % {"owner": item.owner})
    return FeedEntry(
        uid=f"{item.uuid}@ungegaranti",
        summary=item.title,
        start=start,
        end=end,
        description="\n\n".join(parts),
        url=url,
        location=location,
        categories=[item.track.get_kind_display(), item.get_kind_display()],
        stamp=item.updated_at,
    )


def feed_name(token: FeedToken) -> str:
    if token.scope == FeedToken.Scope.SCHOOL and token.school:
        return _("Årshjul: %(name)s") % {"name": token.school.name}
    if token.scope == FeedToken.Scope.DISTRICT and token.district:
        return _("Årshjul: %(name)s") % {"name": token.district.name}
    if token.scope == FeedToken.Scope.PARTNER and token.partner:
        return _("Arrangementer: %(name)s") % {"name": token.partner.name}
    return _("Ungegarantien: min kalender")


def feed_ics(token: FeedToken) -> bytes:
    """The feed as RFC 5545 text: one VEVENT per item, all-day items with an exclusive end."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ungegaranti//Aarshjul//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", feed_name(token))
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    for entry in feed_entries(token):
        event = VEvent()
        event.add("uid", entry.uid)
        event.add("dtstamp", _utc(entry.stamp))
        event.add("dtstart", _utc(entry.start))
        event.add("dtend", _utc(entry.end))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("url", entry.url)
        if entry.location:
            event.add("location", entry.location)
        event.add("categories", entry.categories)
        calendar.add_component(event)
    return calendar.to_ical()


def _utc(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value
