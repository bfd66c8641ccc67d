"""Small builders for allocation instances used by the engine tests."""

from __future__ import annotations

import json
from typing import Any

from ungegaranti.placement.engine import solve_text

HJORRING = (57.464, 9.982)


def student(
    sid: str,
    wishes: list[str] | None = None,
    *,
    age: int = 15,
    grade: int = 9,
    home: tuple[float, float] = HJORRING,
    support: bool = False,
    locked: str | None = None,
) -> dict[str, Any]:
    return {
        "id": sid,
        "age": age,
        "grade": grade,
        "home": {"lat": home[0], "lon": home[1]},
        "support": support,
        "wishes": list(wishes or []),
        "locked": locked,
    }


def offer(
    oid: str,
    capacity: int = 1,
    *,
    at: tuple[float, float] = HJORRING,
    min_age: int = 13,
    max_age: int = 17,
    grades: list[int] | None = None,
    support_suitable: bool = True,
) -> dict[str, Any]:
    return {
        "id": oid,
        "capacity": capacity,
        "location": {"lat": at[0], "lon": at[1]},
        "min_age": min_age,
        "max_age": max_age,
        "grades": [7, 8, 9] if grades is None else grades,
        "support_suitable": support_suitable,
    }


def instance(
    students: list[dict[str, Any]],
    offers: list[dict[str, Any]],
    *,
    mechanism: str = "optimal",
    seed: int = 1,
    max_fallback_km: float | None = 25.0,
) -> dict[str, Any]:
    return {
        "format": "ungegaranti.allocation/1",
        "mechanism": mechanism,
        "seed": seed,
        "max_fallback_km": max_fallback_km,
        "students": students,
        "offers": offers,
    }


def run(inst: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(solve_text(json.dumps(inst), **kwargs))
    return result


def placement(result: dict[str, Any], sid: str) -> dict[str, Any] | None:
    for a in result["assignments"]:
        if a["student"] == sid:
            return dict(a)
    return None


def north_km(km: float) -> tuple[float, float]:
    """A point `km` due north of Hjørring (1 degree of latitude is ~111.2 km)."""
    return (HJORRING[0] + km / 111.19508, HJORRING[1])
