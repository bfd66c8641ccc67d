"""The optimal mechanism against an independent integer programme solved by HiGHS.

The MILP is built straight from the format (not from the engine's code) and solved
lexicographically: first the most students placed, then, with that fixed, the least cost,
then, with both fixed, the least fallback distance.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from hypothesis import given, settings
from scipy.optimize import Bounds, LinearConstraint, milp

from ungegaranti.placement.engine import solve_text
from ungegaranti.placement.engine.geo import haversine_km

from .strategies import counted_wishes, eligible, instances


def lexicographic_optimum(inst: dict[str, Any]) -> tuple[int, int, float]:
    offers = {o["id"]: o for o in inst["offers"]}
    seats = {o: offers[o]["capacity"] for o in offers}
    locked = 0
    for s in inst["students"]:
        if s["locked"] is not None:
            seats[s["locked"]] -= 1
            locked += 1
    arcs: list[tuple[int, str, int, float]] = []  # student, offer, stage-2 cost, fallback km
    free = [s for s in inst["students"] if s["locked"] is None]
    for i, s in enumerate(free):
        ranked = counted_wishes(s, offers)
        for o in offers.values():
            if not eligible(s, o) or seats[o["id"]] <= 0:
                continue
            km = haversine_km(
                s["home"]["lat"], s["home"]["lon"], o["location"]["lat"], o["location"]["lon"]
            )
            if o["id"] in ranked:
                r = ranked.index(o["id"]) + 1
                arcs.append((i, o["id"], r * r, 0.0))
            elif inst["max_fallback_km"] is None or km <= inst["max_fallback_km"]:
                arcs.append((i, o["id"], 36, km))
    if not arcs:
        return locked, 0, 0.0
    n_arcs = len(arcs)
    rows = []
    for i in range(len(free)):
        rows.append([1.0 if a[0] == i else 0.0 for a in arcs])
    caps = []
    for oid in offers:
        rows.append([1.0 if a[1] == oid else 0.0 for a in arcs])
        caps.append(seats[oid])
    a_mat = np.array(rows)
    upper = np.array([1.0] * len(free) + caps, dtype=float)
    base = [LinearConstraint(a_mat, -np.inf, upper)]
    bounds = Bounds(0, 1)
    integrality = np.ones(n_arcs)
    ones = np.ones(n_arcs)
    cost = np.array([a[2] for a in arcs], dtype=float)
    dist = np.array([a[3] for a in arcs], dtype=float)

    stage1 = milp(-ones, constraints=base, bounds=bounds, integrality=integrality)
    placed = round(-stage1.fun)
    fix1 = [*base, LinearConstraint(ones, placed, placed)]
    stage2 = milp(cost, constraints=fix1, bounds=bounds, integrality=integrality)
    best_cost = round(stage2.fun)
    fix2 = [*fix1, LinearConstraint(cost, best_cost, best_cost)]
    stage3 = milp(dist, constraints=fix2, bounds=bounds, integrality=integrality)
    return placed + locked, best_cost, float(stage3.fun)


@settings(max_examples=60, deadline=None)
@given(inst=instances(max_students=60, max_offers=10))
def test_optimal_matches_highs(inst: dict[str, Any]) -> None:
    summary = json.loads(solve_text(json.dumps(inst), mechanism="optimal"))["summary"]
    placed, cost, km = lexicographic_optimum(inst)
    assert summary["placed"] == placed
    assert summary["cost"] == cost
    # Stage 3 is exact at 1 m per placement in the engine; allow that plus the 0.01 rounding.
    assert abs(summary["fallback_km_total"] - km) <= 0.006 + 0.0005 * summary["fallback"]


@settings(max_examples=30, deadline=None)
@given(inst=instances(max_students=40, max_offers=12))
def test_pruned_model_is_proved_optimal(inst: dict[str, Any]) -> None:
    """With almost no fallback arcs in the first model, the reduced-cost proof must add them."""
    from ungegaranti.placement.engine import flow

    saved = (flow.NEAREST_FALLBACKS, flow.DROP_REDUCED_COST)
    flow.NEAREST_FALLBACKS = -4  # the first model gets only the 1 nearest offer per student
    flow.DROP_REDUCED_COST = 0  # and loses every non-tight fallback arc between rounds
    try:
        summary = json.loads(solve_text(json.dumps(inst), mechanism="optimal"))["summary"]
    finally:
        flow.NEAREST_FALLBACKS, flow.DROP_REDUCED_COST = saved
    placed, cost, km = lexicographic_optimum(inst)
    assert (summary["placed"], summary["cost"]) == (placed, cost)
    assert abs(summary["fallback_km_total"] - km) <= 0.006 + 0.0005 * summary["fallback"]


@settings(max_examples=30, deadline=None)
@given(inst=instances(max_students=40, max_offers=12))
def test_independent_parts_are_proved_optimal(inst: dict[str, Any]) -> None:
    """Split into independent parts (small cells, the largest solved in a forked process)
    and start from tiny models in each; the result must not depend on the split."""
    from ungegaranti.placement.engine import flow

    names = ("COMPONENTS_MIN_STUDENTS", "PARALLEL_MIN_STUDENTS", "CELL_KM", "NEAREST_FALLBACKS")
    saved = [getattr(flow, name) for name in names]
    for name, value in zip(names, (1, 1, 0.5, -4), strict=True):
        setattr(flow, name, value)
    try:
        out = solve_text(json.dumps(inst), mechanism="optimal")
        assert out == solve_text(json.dumps(inst), mechanism="optimal")
        summary = json.loads(out)["summary"]
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(flow, name, value)
    placed, cost, km = lexicographic_optimum(inst)
    assert (summary["placed"], summary["cost"]) == (placed, cost)
    assert abs(summary["fallback_km_total"] - km) <= 0.006 + 0.0005 * summary["fallback"]


def test_far_apart_towns_are_independent_parts() -> None:
    import numpy as np

    from ungegaranti.placement.engine import flow, from_dict, problem

    from .helpers import instance, north_km, offer, student

    inst = instance(
        [student("A", ["O1"]), student("B", ["O2"], home=north_km(100)), student("C")],
        [offer("O1"), offer("O2", at=north_km(100)), offer("O3", at=north_km(5))],
        max_fallback_km=10.0,
    )
    prob = problem.build(from_dict(inst))
    saved = flow.COMPONENTS_MIN_STUDENTS
    flow.COMPONENTS_MIN_STUDENTS = 1
    try:
        parts = flow._components(prob, np.arange(3), prob.remaining.copy())
    finally:
        flow.COMPONENTS_MIN_STUDENTS = saved
    assert sorted((p.tolist(), o.tolist()) for p, o in parts) == [([0, 2], [0, 2]), ([1], [1])]
