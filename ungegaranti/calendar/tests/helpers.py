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
