"""Build and serialise the result (format ``ungegaranti.allocation-result/1``).

Keys are emitted in a fixed order and floats are rounded to 0.01 km, so the same instance
and seed always give the same bytes.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from .mechanisms import FALLBACK_COST, Allocation
from .problem import MAX_WISHES, Problem

RESULT_FORMAT = "ungegaranti.allocation-result/1"
ENGINE = "ungegaranti 0.2.0"  # bump whenever the same instance and seed can give other bytes


def build(problem: Problem, alloc: Allocation, mechanism: str, seed: int) -> dict[str, Any]:
    placed = np.flatnonzero(alloc.offer >= 0)
    km = np.zeros(problem.n)
    km[placed] = problem.distance_km(placed, alloc.offer[placed])
    assignments: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    by_rank = dict.fromkeys(range(1, MAX_WISHES + 1), 0)
    cost = 0
    fallback_km: list[float] = []
    for i, s in enumerate(problem.students):  # already in plain string order of ids
        o = int(alloc.offer[i])
        if o < 0:
            unplaced.append({"student": s.id, "reason": _reason(problem, i)})
            continue
        rank = int(alloc.rank[i])
        if alloc.locked[i]:
            via, shown = "locked", None
        elif rank > 0:
            via, shown = "wish", rank
            by_rank[rank] += 1
            cost += rank * rank
        else:
            via, shown = "fallback", None
            cost += FALLBACK_COST
            fallback_km.append(float(km[i]))
        assignments.append(
            {
                "student": s.id,
                "offer": problem.offers[o].id,
                "via": via,
                "rank": shown,
                "distance_km": round(float(km[i]), 2),
            }
        )
    summary = {
        "students": problem.n,
        "seats": sum(o.capacity for o in problem.offers),
        "placed": len(assignments),
        "unplaced": len(unplaced),
        "locked": int(alloc.locked.sum()),
        "fallback": len(fallback_km),
        "by_rank": {str(r): c for r, c in by_rank.items()},
        "cost": cost,
        # fsum is exactly rounded, so the total does not depend on summation order.
        "fallback_km_total": round(math.fsum(fallback_km), 2),
    }
    return {
        "format": RESULT_FORMAT,
        "mechanism": mechanism,
        "seed": seed,
        "engine": ENGINE,
        "assignments": assignments,
        "unplaced": unplaced,
        "summary": summary,
        "warnings": list(problem.warnings),
    }


def dumps(result: dict[str, Any]) -> str:
    """Deterministic JSON text with a trailing newline.

    The same bytes as ``json.dumps(result, ensure_ascii=False, indent=2) + "\\n"``; the
    long lists of flat entries are written directly, because the standard library's
    indenting encoder is pure Python and slow for a national round.
    """
    parts = ["{"]
    items = list(result.items())
    for i, (key, value) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        if key in _FLAT_LISTS and isinstance(value, list) and value and _all_flat(value):
            entries = _flat_entries(value)
            parts.append(f"\n  {_enc(key)}: [\n{entries}\n  ]{sep}")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            parts.append(f"\n  {_enc(key)}: {text}{sep}")
    parts.append("\n}\n" if items else "}\n")
    return "".join(parts)


_FLAT_LISTS = ("assignments", "unplaced")
_enc = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def _all_flat(entries: list[Any]) -> bool:
    return all(type(e) is dict and e and all(_scalar(v) for v in e.values()) for e in entries)


def _scalar(value: Any) -> bool:
    return (
        value is None
        or type(value) in (str, int, bool)
        or (type(value) is float and math.isfinite(value))
    )


def _value(value: Any) -> str:
    if type(value) is str:
        return _enc(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is float:
        return float.__repr__(value)
    return int.__repr__(value)


def _flat_entries(entries: list[dict[str, Any]]) -> str:
    """Entries as indented JSON objects; one template per run of entries with equal keys."""
    out: list[str] = []
    keys: tuple[str, ...] | None = None
    template = ""
    for entry in entries:
        these = tuple(entry)
        if these != keys:
            keys = these
            fields = ",\n".join(f"      {_enc(k)}: %s" for k in keys).replace("%s", "\0")
            template = "    {\n" + fields.replace("%", "%%").replace("\0", "%s") + "\n    }"
        out.append(template % tuple(map(_value, entry.values())))
    return ",\n".join(out)


def _reason(problem: Problem, i: int) -> str:
    if not problem.has_eligible_seat(i):
        return "no offer in the round is eligible for this student (age, grade or support needs)"
    limit = problem.instance.max_fallback_km
    if limit is None:
        return "no eligible offer with a free seat"
    return f"no eligible offer with a free seat within {limit:g} km"
