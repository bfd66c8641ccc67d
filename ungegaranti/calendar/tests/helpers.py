"""Test helpers of the calendar app: the four tracks and an item of the wheel."""

from datetime import date
from typing import Any

from ungegaranti.calendar.services import calendar_item_create
from ungegaranti.core.models import Track
from ungegaranti.core.roles import Role


def tracks_of(municipality: Any) -> dict[str, Track]:
    return {
        kind: Track.objects.get_or_create(municipality=municipality, kind=kind)[0]
        for kind in Track.Kind.values
    }


def an_item(world: Any, *, track: str = "PRIMARY_SCHOOL", **kwargs: Any):
    kwargs.setdefault("title", "U&J-uge")
    kwargs.setdefault("owner", "Grundskolesporet")
    kwargs.setdefault("start_date", date(2026, 10, 5))
    return calendar_item_create(
        acting_user=world.users[Role.SECRETARIAT],
        track=tracks_of(world.municipality)[track],
        **kwargs,
    )


def an_event(world: Any, *, days_ahead: int = 30, **kwargs: Any):
    """A published event `days_ahead` days from today (sign-up open until the day before)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from ungegaranti.calendar.services import event_create

    day = timezone.localdate() + timedelta(days=days_ahead)
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    kwargs.setdefault("title", "Ungemesse 2027")
    kwargs.setdefault("kind", "YOUTH_FAIR")
    kwargs.setdefault("location", "Hjørring Idrætscenter")
    kwargs.setdefault("places", 50)
    kwargs.setdefault("owner", "Ungesekretariatet")
    kwargs.setdefault("signup_closes_date", day - timedelta(days=1))
    return event_create(
        acting_user=world.users[Role.SECRETARIAT],
        start_at=start,
        end_at=start + timedelta(hours=5),
        track=tracks_of(world.municipality)[kwargs.pop("track", "BUSINESS")],
        **kwargs,
    )


def young_people(world: Any, count: int, *, school_class: Any = None) -> list:
    """`count` more 14-year-olds (in `school_class` if given)."""
    from django.utils import timezone

    from ungegaranti.people.cpr import synthetic_cpr
    from ungegaranti.people.services import young_person_upsert

    born = date(timezone.localdate().year - 14, 5, 1)
    extra = {"school": school_class.school, "school_class": school_class} if school_class else {}
    return [
        young_person_upsert(
            municipality=world.municipality,
            cpr=synthetic_cpr(born, 10 + n, male=n % 2 == 1),
            first_name=f"Ung{n}",
            last_name="Kø",
            postal_code="9800",
            acting_user=None,
            **extra,
        )[0]
        for n in range(count)
    ]
