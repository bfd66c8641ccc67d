"""Hypothesis strategies: small random but valid instances."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .helpers import instance, offer, student

BOX_LAT = (57.30, 57.60)  # about 33 km north-south around Hjørring
BOX_LON = (9.70, 10.25)


@st.composite
def instances(draw: st.DrawFn, max_students: int = 25, max_offers: int = 8) -> dict[str, Any]:
    n_off = draw(st.integers(0, max_offers))
    offers = []
    for j in range(n_off):
        lo = draw(st.integers(13, 15))
        offers.append(
            offer(
                f"O{j}",
                draw(st.integers(0, 4)),
                at=(draw(st.floats(*BOX_LAT)), draw(st.floats(*BOX_LON))),
                min_age=lo,
                max_age=draw(st.integers(lo, 17)),
                grades=draw(st.sets(st.sampled_from([7, 8, 9]), min_size=1).map(sorted)),
                support_suitable=draw(st.booleans()),
            )
        )
    ids = [o["id"] for o in offers] + ["O99"]
    seats = {o["id"]: o["capacity"] for o in offers}
    students = []
    for i in range(draw(st.integers(0, max_students))):
        grade = draw(st.integers(7, 9))
        locked = None
        if offers and draw(st.integers(0, 9)) == 0:
            choice = draw(st.sampled_from(ids[:-1]))
            if seats[choice] > 0:  # only valid locks
                seats[choice] -= 1
                locked = choice
        students.append(
            student(
                f"S{i}",
                draw(st.lists(st.sampled_from(ids), max_size=7)),
                age=grade + 6 + draw(st.integers(0, 1)),
                grade=grade,
                home=(draw(st.floats(*BOX_LAT)), draw(st.floats(*BOX_LON))),
                support=draw(st.integers(0, 5)) == 0,
                locked=locked,
            )
        )
    limit = draw(st.sampled_from([None, 3.0, 10.0, 25.0]))
    return instance(students, offers, seed=draw(st.integers(0, 2**31)), max_fallback_km=limit)


def counted_wishes(s: dict[str, Any], offers: dict[str, dict[str, Any]]) -> list[str]:
    """An independent restatement of the format's wish rules (for the tests)."""
    out: list[str] = []
    seen: set[str] = set()
    for w in s["wishes"]:
        if w in offers and w not in seen and eligible(s, offers[w]) and len(out) < 5:
            out.append(w)
        seen.add(w)
    return out


def eligible(s: dict[str, Any], o: dict[str, Any]) -> bool:
    return bool(
        o["min_age"] <= s["age"] <= o["max_age"]
        and s["grade"] in o["grades"]
        and (not s["support"] or o["support_suitable"])
    )
