"""The demo municipality's annual wheel: a full school year with the items the seed names
(Hjørring's slides): U&J weeks, work-experience rounds opening and closing, the 1 March
application deadline, Edison, youth fairs, theme meetings and Hjørring LIVE. Built through the
calendar's own services, as the secretariat."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from ungegaranti.calendar.models import CalendarItem, Event
from ungegaranti.calendar.services import (
    calendar_item_create,
    event_create,
    event_partner_add,
)
from ungegaranti.core.models import Municipality, Track, User
from ungegaranti.core.roles import Role
from ungegaranti.core.schoolyear import school_year_of
from ungegaranti.partners.models import GuaranteePartner

SECRETARIAT = "Ungesekretariatet"
SAME_WEEK = CalendarItem.Recurrence.SAME_WEEK
SAME_DATE = CalendarItem.Recurrence.SAME_DATE


@dataclass
class DemoCalendarResult:
    items: int = 0
    events: int = 0


def _day(year: int, week: int, weekday: int) -> date:
    """The day of ISO week `week` in the school year starting in `year` (weeks 32-53 in the
    autumn, 1-31 in the spring)."""
    return date.fromisocalendar(year if week >= 32 else year + 1, week, weekday)


# (title, track, kind, (week, first weekday, last weekday), grades, ages, owner, recurrence)
ITEMS: list[tuple[str, str, str, tuple[int, int, int], list[int], tuple[Any, Any], str]] = [
    ("Skolestart", "PRIMARY_SCHOOL", "OTHER", (33, 2, 2), [], (None, None), "Skoleafdelingen"),
    (
        "KUI: opfølgning på 15-17-årige",
        "GUIDANCE",
        "DEADLINE",
        (36, 1, 1),
        [],
        (15, 17),
        "Ungevejledningen (KUI)",
    ),
    (
        "U&J-uge for 0.-6. klasse",
        "PRIMARY_SCHOOL",
        "WEEK",
        (39, 1, 5),
        [0, 1, 2, 3, 4, 5, 6],
        (None, None),
        "Karrierelæringsvejlederne",
    ),
    ("Slagt og Æd", "PRIMARY_SCHOOL", "OTHER", (44, 3, 3), [7], (None, None), SECRETARIAT),
    (
        "Erhvervspraktik 9. klasse: runden åbner for ønsker",
        "BUSINESS",
        "ROUND",
        (45, 1, 1),
        [9],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "Vejledningssamtaler i 9. klasse",
        "GUIDANCE",
        "OTHER",
        (45, 1, 5),
        [9],
        (None, None),
        "Ungevejledningen (KUI)",
    ),
    (
        "Erhvervspraktik 9. klasse: frist for ønsker",
        "BUSINESS",
        "DEADLINE",
        (47, 5, 5),
        [9],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "Garantipartneraftaler: genforhandling",
        "BUSINESS",
        "OTHER",
        (48, 1, 5),
        [],
        (None, None),
        "Business Hjørring",
    ),
    (
        "Erhvervspraktik 9. klasse",
        "BUSINESS",
        "ROUND",
        (6, 1, 5),
        [9],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "Erhvervspraktik 8. klasse: runden åbner for ønsker",
        "BUSINESS",
        "ROUND",
        (10, 1, 1),
        [8],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "U&J-uge for 7.-10. klasse",
        "PRIMARY_SCHOOL",
        "WEEK",
        (11, 1, 5),
        [7, 8, 9, 10],
        (None, None),
        "Karrierelæringsvejlederne",
    ),
    (
        "Erhvervspraktik 8. klasse: frist for ønsker",
        "BUSINESS",
        "DEADLINE",
        (12, 5, 5),
        [8],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "Fritidsjob for udsatte unge: matchdag",
        "SUPPORT",
        "OTHER",
        (13, 3, 3),
        [],
        (13, 17),
        "Ungeenheden",
    ),
    (
        "Erhvervspraktik 8. klasse",
        "BUSINESS",
        "ROUND",
        (19, 1, 5),
        [8],
        (None, None),
        "Praktikkoordinatorerne",
    ),
    (
        "Temamøde: støttesporet og garantipartnerne",
        "SUPPORT",
        "MEETING",
        (8, 2, 2),
        [],
        (None, None),
        SECRETARIAT,
    ),
]

# (title, kind, track, (week, weekday), hours, places, grades, location, partner contributions)
EVENTS: list[
    tuple[str, str, str, tuple[int, int], tuple[int, int], int, list[int], str, list[str]]
] = [
    (
        "Temamøde med driftsledelser: Ungegarantien i skolesporet",
        "THEME_MEETING",
        "PRIMARY_SCHOOL",
        (43, 2),
        (13, 16),
        60,
        [],
        "Hjørring Rådhus",
        [],
    ),
    (
        "Ungemesse Hjørring",
        "YOUTH_FAIR",
        "BUSINESS",
        (3, 4),
        (9, 14),
        900,
        [8, 9, 10],
        "Hjørring Idrætscenter",
        [
            "Stand med prøv-selv-opgaver",
            "Lærlinge fortæller om deres uddannelse",
            "Speeddating om fritidsjob",
        ],
    ),
    (
        "Edison: iværksætterkonkurrence for 6. og 7. klasse",
        "EDISON",
        "PRIMARY_SCHOOL",
        (4, 4),
        (8, 14),
        400,
        [6, 7],
        "Vendsyssel Teater",
        ["Dommere i konkurrencen"],
    ),
    (
        "Fritidsjobmesse",
        "YOUTH_FAIR",
        "BUSINESS",
        (15, 3),
        (15, 18),
        300,
        [7, 8, 9],
        "Hirtshals Fiskeriskole",
        ["Fritidsjob at søge på dagen", "Oplæg om unges arbejdstid"],
    ),
    (
        "Hjørring LIVE",
        "HJORRING_LIVE",
        "BUSINESS",
        (22, 4),
        (10, 17),
        1500,
        [8, 9, 10],
        "Hjørring Bymidte",
        ["Værksted på gaden", "Koncertscene for unge bands", "Stand om erhvervsuddannelser"],
    ),
]


def demo_calendar_build(
    *, municipality: Municipality, today: date | None = None
) -> DemoCalendarResult:
    """The current school year's wheel for the demo municipality (its tracks must exist)."""
    secretariat = User.objects.filter(municipality=municipality, role=Role.SECRETARIAT).first()
    if secretariat is None:
        raise ValueError("demo calendar: the municipality has no secretariat login")
    year = school_year_of(today or timezone.localdate())
    tracks = {t.kind: t for t in Track.objects.filter(municipality=municipality)}
    result = DemoCalendarResult()
    for title, track, kind, (week, first, last), grades, (low, high), owner in ITEMS:
        calendar_item_create(
            acting_user=secretariat,
            title=title,
            track=tracks[track],
            kind=kind,
            owner=owner,
            start_date=_day(year, week, first),
            end_date=_day(year, week, last),
            grades=grades,
            min_age=low,
            max_age=high,
            recurrence=SAME_WEEK,
        )
        result.items += 1
    calendar_item_create(
        acting_user=secretariat,
        title="Ansøgningsfrist på optagelse.dk (ungdomsuddannelser)",
        track=tracks["GUIDANCE"],
        kind="DEADLINE",
        owner="Ungevejledningen (KUI)",
        start_date=date(year + 1, 3, 1),
        grades=[9, 10],
        recurrence=SAME_DATE,
        description="Sidste frist for at søge en ungdomsuddannelse for 9. og 10. klasse.",
    )
    result.items += 1
    partners = list(
        GuaranteePartner.objects.filter(municipality=municipality, commits_youth_fairs=True)[:12]
    )
    for n, (
        title,
        kind,
        track,
        (week, weekday),
        (start_h, end_h),
        places,
        grades,
        where,
        brings,
    ) in enumerate(EVENTS):
        day = _day(year, week, weekday)
        start = timezone.make_aware(datetime.combine(day, time(start_h)))
        event = event_create(
            acting_user=secretariat,
            kind=kind,
            title=title,
            location=where,
            start_at=start,
            end_at=start + timedelta(hours=end_h - start_h),
            signup_closes_date=day - timedelta(days=14),
            places=places,
            track=tracks[track],
            owner=SECRETARIAT,
            grades=grades,
        )
        for i, what in enumerate(brings):
            if partners:
                event_partner_add(
                    event=event,
                    partner=partners[(n * 3 + i) % len(partners)],
                    contribution=what,
                    acting_user=secretariat,
                )
        result.events += 1
        result.items += 1
    return result


def demo_calendar_is_loaded(municipality: Municipality) -> bool:
    return Event.objects.filter(municipality=municipality).exists()
