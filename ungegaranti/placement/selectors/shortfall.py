"""How many seats a round is short of, and where.

The count needs a solve of the whole round by the optimal mechanism, too slow to repeat on
every look at the round's page. The engine is deterministic, so its answer is cached under a
fingerprint of the exact instance (pupils, wishes, locks, seats, distance limit, seed): the
page builds the instance (a few queries), and solves only when something in it has changed
since the last look. Nothing has to remember to clear the cache; a changed round simply has a
new key.
"""

import hashlib
from collections import Counter
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError

from ungegaranti.people.models import YoungPerson

from ..engine import InvalidInstance, from_dict, solve
from ..models import Round
from .rounds import partners_without_offer, towns_for

# A key names one exact instance and never goes stale; the timeout only frees memory.
CACHE_SECONDS = 14 * 24 * 3600


def _fingerprint(round: Round, instance: dict[str, Any]) -> str:
    from ..instance import instance_dumps  # instance.py reads round_pupils from selectors

    digest = hashlib.sha256(instance_dumps(instance).encode()).hexdigest()
    return f"placement:shortfall:{round.uuid}:{digest}"


def _unplaced(instance: dict[str, Any]) -> dict[str, Any]:
    """The optimal mechanism's unplaced pupils (ids), or the engine's objection."""
    try:
        result = solve(from_dict(instance), mechanism="optimal")
    except InvalidInstance as exc:
        return {"error": str(exc)}
    return {"unplaced": [u["student"] for u in result["unplaced"]]}


def round_shortfall(*, round: Round, instance: dict[str, Any] | None = None) -> dict[str, Any]:
    """How many seats are missing, and where (town, grade, support suitability).

    The total is exact: it is the number of pupils the optimal mechanism (which first maximises
    the number placed) cannot place on the current wishes, locks, seats and distance limit.
    "Where" groups those pupils by their home town, grade and support need. Pass the round's
    instance when the caller has built it already.
    """
    if instance is None:
        from ..instance import instance_build

        try:
            instance = instance_build(round=round)
        except ValidationError as exc:
            return {"error": str(exc.messages[0])}
    key = _fingerprint(round, instance)
    outcome = cache.get(key)
    if outcome is None:
        outcome = _unplaced(instance)
        cache.set(key, outcome, CACHE_SECONDS)
    if "error" in outcome:
        return {"error": outcome["error"]}
    unplaced: list[str] = outcome["unplaced"]
    students = {s["id"]: s for s in instance["students"]}
    people = {str(p.uuid): p for p in YoungPerson.objects.filter(uuid__in=unplaced)}
    towns = towns_for(postal_codes={p.postal_code for p in people.values()})
    groups: Counter[tuple[str, str, int, bool]] = Counter()
    for student_id in unplaced:
        person = people[student_id]
        student = students[student_id]
        town = f"{person.postal_code} {towns.get(person.postal_code, '')}".strip()
        groups[(town, person.postal_code, student["grade"], student["support"])] += 1
    where = [
        {
            "town": town,
            "postal_code": code,
            "grade": grade,
            "support": support,
            "missing": count,
        }
        for (town, code, grade, support), count in sorted(groups.items())
    ]
    return {
        "pupils": len(instance["students"]),
        "seats": sum(o["capacity"] for o in instance["offers"]),
        "missing": len(unplaced),
        "where": where,
        "partners_without_offer": list(partners_without_offer(round=round)),
    }
