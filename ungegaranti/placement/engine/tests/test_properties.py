"""Property tests on random instances, for both mechanisms."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ungegaranti.placement.engine import solve_text
from ungegaranti.placement.engine.geo import haversine_km

from .strategies import counted_wishes, eligible, instances


@settings(max_examples=60, deadline=None)
@given(inst=instances(), mechanism=st.sampled_from(["optimal", "lottery"]))
def test_invariants(inst: dict[str, Any], mechanism: str) -> None:
    text = json.dumps(inst)
    out = solve_text(text, mechanism=mechanism)
    assert out == solve_text(text, mechanism=mechanism)  # byte-identical for the same seed
    res = json.loads(out)
    assert out == json.dumps(res, ensure_ascii=False, indent=2) + "\n"  # the fast writer
    students = {s["id"]: s for s in inst["students"]}
    offers = {o["id"]: o for o in inst["offers"]}

    listed = [a["student"] for a in res["assignments"]] + [u["student"] for u in res["unplaced"]]
    assert sorted(listed) == sorted(students)  # everybody exactly once
    assert [a["student"] for a in res["assignments"]] == sorted(
        a["student"] for a in res["assignments"]
    )
    assert [u["student"] for u in res["unplaced"]] == sorted(u["student"] for u in res["unplaced"])

    used = Counter(a["offer"] for a in res["assignments"])
    assert all(used[o] <= offers[o]["capacity"] for o in used)  # capacity never exceeded

    for a in res["assignments"]:
        s, o = students[a["student"]], offers[a["offer"]]
        if s["locked"] is not None:
            assert a == {**a, "offer": s["locked"], "via": "locked", "rank": None}  # locks kept
            continue
        assert eligible(s, o)  # only eligible placements (locks are kept as they are)
        ranked = counted_wishes(s, offers)
        km = haversine_km(
            s["home"]["lat"], s["home"]["lon"], o["location"]["lat"], o["location"]["lon"]
        )
        assert a["distance_km"] == round(km, 2)
        if a["offer"] in ranked:
            assert (a["via"], a["rank"]) == ("wish", ranked.index(a["offer"]) + 1)
        else:
            assert (a["via"], a["rank"]) == ("fallback", None)
            limit = inst["max_fallback_km"]
            assert limit is None or km <= limit
    for u in res["unplaced"]:
        assert students[u["student"]]["locked"] is None

    summary = res["summary"]
    assert summary["placed"] == len(res["assignments"])
    assert summary["unplaced"] == len(res["unplaced"])
    assert summary["students"] == len(students)
    assert summary["seats"] == sum(o["capacity"] for o in offers.values())
    assert summary["locked"] == sum(1 for s in students.values() if s["locked"])


@settings(max_examples=25, deadline=None)
@given(inst=instances(max_students=15, max_offers=5))
def test_optimal_never_places_fewer_than_lottery(inst: dict[str, Any]) -> None:
    text = json.dumps(inst)
    opt = json.loads(solve_text(text, mechanism="optimal"))["summary"]
    lot = json.loads(solve_text(text, mechanism="lottery"))["summary"]
    assert opt["placed"] >= lot["placed"]
    if opt["placed"] == lot["placed"]:
        assert opt["cost"] <= lot["cost"]
