"""Exact lexicographic min-cost assignment with pruned fallback arcs and a dual proof.

The model is a transportation problem: every student in the model may take one seat, on a
*wish arc* (always in the model) or a *fallback arc* (any eligible offer within the limit).
Fallback arcs for everybody to every offer would be far too many nationally, so only the
nearest few per student go into the first model. After each solve we compute node
potentials (duals) for the solution and check the reduced cost of every arc left out; arcs
with a negative reduced cost are added and the model is solved again. When no arc left out
has a negative reduced cost, the potentials prove the solution optimal for the *full*
model. See docs/decisions/0002-allocation-objective.md for the weights and the proof.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

from .geo import chord_for_km
from .problem import MAX_WISHES, Problem

IntArray = npt.NDArray[np.int64]

NEAREST_FALLBACKS = 4  # fallback arcs per student in the first model; the proof adds more
ADD_PER_ROUND = 10  # violating arcs added per student and pricing round
SPARE_FALLBACKS = 4  # extra first-model arcs per student to offers likely to have seats left
PRICE_CHUNK = 2000  # students per range-query batch in the pricing step
HALF_EARTH_M = 20_016_000  # > pi * 6371.0088 km: no great-circle distance is longer
INT63 = 2**62  # headroom below int64's 2**63


class SolverError(RuntimeError):
    """The solver could not certify an optimum (never returned silently)."""


@dataclass(frozen=True)
class FlowSpec:
    """What to optimise: per-rank wish costs (index 0 = rank 1) and the fallback's rank cost."""

    wish_costs: tuple[int, ...]
    fallback_cost: int


@dataclass
class FlowOutcome:
    offer: IntArray  # per model student: offer index, or -1 when unplaced
    rank: IntArray  # 1..5 wish rank, 0 fallback, -1 unplaced
    solves: int  # models solved until the proof went through


@dataclass
class _Arcs:
    s: IntArray  # model-local student
    o: IntArray  # model-local offer
    cost: IntArray
    rank: IntArray  # 1..5 or 0 for fallback


@dataclass
class _Weights:
    w2: int  # weight of one unit of stage 2 (rank cost)
    big_m: int  # cost of leaving a student unplaced, used in the proof only


def assign(
    problem: Problem, students: IntArray, seats: IntArray, spec: FlowSpec, seed: int
) -> FlowOutcome:
    """Place `students` (global indices) on `seats` (free seats per offer) exactly optimally.

    Lexicographic objective: most students placed; then least rank cost; then least total
    fallback distance in whole metres. Ties are broken by a seed-drawn order of students.
    """
    if len(students) == 0 or not np.any(seats > 0):
        nobody = np.full(len(students), -1, dtype=np.int64)
        return FlowOutcome(offer=nobody, rank=nobody.copy(), solves=0)
    order = list(range(len(students)))
    random.Random(seed).shuffle(order)  # stable across platforms and Python versions
    studs = students[np.array(order, dtype=np.int64)] if len(order) else students
    active = np.flatnonzero(seats > 0)
    local = np.full(problem.m, -1, dtype=np.int64)
    local[active] = np.arange(len(active))
    limit = problem.instance.max_fallback_km
    weights = _weights(len(studs), len(active), spec, limit)
    fb = _Fallback(problem, studs, active, local, limit, seats)
    arcs = _concat(
        _wish_arcs(problem, studs, local, spec, weights),
        fb.initial(spec.fallback_cost * weights.w2),
    )
    solves = 0
    while True:
        solves += 1
        assigned, arc_of = _solve(arcs, len(studs), seats[active])
        extra = _price(
            arcs, assigned, arc_of, seats[active], weights, fb, spec.fallback_cost * weights.w2
        )
        if extra is None:
            break
        arcs = _concat(arcs, extra)
    offer = _take(active, assigned, -1)
    rank = _take(arcs.rank, arc_of, -1)
    # Undo the seeded shuffle so the caller gets its own order back.
    back = np.empty(len(order), dtype=np.int64)
    back[np.array(order, dtype=np.int64)] = np.arange(len(order))
    return FlowOutcome(offer=offer[back], rank=rank[back], solves=solves)


def _weights(n_students: int, n_offers: int, spec: FlowSpec, limit: float | None) -> _Weights:
    """Integer weights that make one combined cost order solutions lexicographically.

    A simple cycle in the residual graph moves at most k = min(students, offers + 1)
    students, each changing its own fallback distance by at most `dmax` metres, so a
    change of at least one unit in rank cost outweighs any distance change when
    w2 > k * dmax. The same argument with the largest arc cost gives the unplaced cost.
    """
    dmax = HALF_EARTH_M if limit is None else math.ceil(limit * 1000) + 1
    k = max(1, min(n_students, n_offers + 1))
    top = max((*spec.wish_costs, spec.fallback_cost))
    w2 = k * dmax + 1 if top > 0 else 1
    max_arc = top * w2 + dmax
    big_m = k * max_arc + 1
    nodes = n_students + n_offers + 2
    # OR-Tools scales costs by the number of nodes; the proof's shortest paths add up to
    # one big_m plus a simple path of arc costs. Refuse rather than overflow.
    if max_arc * (nodes + 1) >= INT63 or big_m + 2 * (n_offers + 2) * max_arc >= INT63:
        raise SolverError("cost weights would overflow 64-bit integers for this instance size")
    return _Weights(w2=w2, big_m=big_m)


def _wish_arcs(
    problem: Problem, studs: IntArray, local: IntArray, spec: FlowSpec, w: _Weights
) -> _Arcs:
    if not spec.wish_costs or len(studs) == 0:
        return _empty()
    wl = problem.wishes[studs]  # (S, 5) global offer or -1
    ol = np.where(wl >= 0, local[np.maximum(wl, 0)], -1)
    s_idx, r_idx = np.nonzero(ol >= 0)
    costs = np.array(spec.wish_costs, dtype=np.int64)[r_idx] * w.w2
    return _Arcs(
        s=s_idx.astype(np.int64), o=ol[s_idx, r_idx], cost=costs, rank=(r_idx + 1).astype(np.int64)
    )


class _Fallback:
    """Fallback arcs: the nearest ones first, and range queries for the pricing proof."""

    def __init__(
        self,
        problem: Problem,
        studs: IntArray,
        active: IntArray,
        local: IntArray,
        limit: float | None,
        seats: IntArray,
    ):
        self.p = problem
        self.seats = seats
        self.studs = studs
        self.local = local
        self.limit = limit
        self.radius = chord_for_km(limit) if limit is not None else np.inf
        self.trees: dict[int, tuple[cKDTree, IntArray]] = {}
        classes = problem.elig_class[studs]
        self.by_class = {int(c): np.flatnonzero(classes == c) for c in np.unique(classes)}
        for c in self.by_class:
            offers = active[problem.class_masks[c][active]]
            if len(offers):
                self.trees[c] = (cKDTree(problem.place_vec[offers]), offers)
        self.complete = np.ones(len(studs), dtype=np.bool_)
        self.frontier = np.zeros(len(studs), dtype=np.int64)  # pruned arcs are at least this long

    def metres(self, s: IntArray, o: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Fallback distance in whole metres, and whether the arc is allowed (limit, not a wish)."""
        km = self.p.distance_km(self.studs[s], o)
        ok = np.ones(len(s), dtype=np.bool_) if self.limit is None else km <= self.limit
        ok &= ~np.any(self.p.wishes[self.studs[s]] == o[:, None], axis=1)
        return np.rint(km * 1000.0).astype(np.int64), ok

    def initial(self, base: int) -> _Arcs:
        parts = [_empty()]
        k = NEAREST_FALLBACKS + MAX_WISHES  # wish offers are skipped, so ask for a few more
        for c, members in self.by_class.items():
            if c not in self.trees:
                continue
            tree, offers = self.trees[c]
            kk = min(k, len(offers))
            _, idx = tree.query(
                self.p.home_vec[self.studs[members]], k=kk, distance_upper_bound=self.radius
            )
            idx = idx.reshape(len(members), kk)
            found = idx < len(offers)
            # A student whose query came back short has every in-range offer in the model.
            self.complete[members] = (~found).any(axis=1) | (kk == len(offers))
            rows, cols = np.nonzero(found)
            s = members[rows]
            o = offers[idx[rows, cols]]
            dist, ok = self.metres(s, o)
            last = np.zeros(len(members), dtype=np.int64)
            np.maximum.at(last, rows, dist)
            # -1 m guards against float ties between chord order and rounded metres.
            self.frontier[members] = last - 1
            parts.append(
                _Arcs(
                    s=s[ok],
                    o=self.local[o[ok]],
                    cost=base + dist[ok],
                    rank=np.zeros(int(ok.sum()), np.int64),
                )
            )
        parts.append(self._spare(base))
        return _dedupe(_concat(*parts))

    def _spare(self, base: int) -> _Arcs:
        """Arcs to the nearest offers that are likely to keep free seats.

        Fallbacks end up where seats are left over, which in a popular town can be beyond
        the nearest few offers; giving the first model those arcs saves pricing rounds.
        Purely a speed-up: the proof does not depend on it.
        """
        wished = self.p.wishes[self.studs]
        demand = np.bincount(wished[wished >= 0], minlength=self.p.m)
        spare = (self.seats - demand) > 0
        parts = []
        for c, members in self.by_class.items():
            if c not in self.trees:
                continue
            offers = self.trees[c][1]
            offers = offers[spare[offers]]
            kk = min(SPARE_FALLBACKS, len(offers))
            if kk == 0:
                continue
            _, idx = cKDTree(self.p.place_vec[offers]).query(
                self.p.home_vec[self.studs[members]], k=kk, distance_upper_bound=self.radius
            )
            idx = idx.reshape(len(members), kk)
            rows, cols = np.nonzero(idx < len(offers))
            s = members[rows]
            o = offers[idx[rows, cols]]
            dist, ok = self.metres(s, o)
            parts.append(
                _Arcs(
                    s=s[ok],
                    o=self.local[o[ok]],
                    cost=base + dist[ok],
                    rank=np.zeros(int(ok.sum()), np.int64),
                )
            )
        return _dedupe(_concat(*parts)) if parts else _empty()

    def within(self, s_list: IntArray, radius_m: IntArray) -> tuple[IntArray, IntArray]:
        """All (student, offer) fallback pairs with distance below the given radii."""
        ss: list[IntArray] = []
        oo: list[IntArray] = []
        classes = self.p.elig_class[self.studs[s_list]]
        for c in np.unique(classes):
            if int(c) not in self.trees:
                continue
            tree, offers = self.trees[int(c)]
            members = s_list[classes == c]
            km = np.minimum(
                radius_m[classes == c] / 1000.0, self.limit if self.limit is not None else np.inf
            )
            chords = np.array([chord_for_km(float(x)) for x in km])
            hits = tree.query_ball_point(self.p.home_vec[self.studs[members]], chords)
            for s, h in zip(members, hits, strict=True):
                if h:
                    ss.append(np.full(len(h), s, dtype=np.int64))
                    oo.append(offers[np.array(h, dtype=np.int64)])
        if not ss:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(ss), np.concatenate(oo)


def _solve(arcs: _Arcs, n_students: int, caps: IntArray) -> tuple[IntArray, IntArray]:
    """Max flow at min cost; returns each student's local offer (or -1) and arc index."""
    m = len(caps)
    sink = n_students + m
    # A canonical arc order (by student, cost, offer) makes OR-Tools' choice among equal
    # optima depend only on the seeded student order, not on how arcs were collected.
    perm = np.lexsort((arcs.o, arcs.cost, arcs.s))
    for name in ("s", "o", "cost", "rank"):
        setattr(arcs, name, getattr(arcs, name)[perm])
    smcf = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate((arcs.s, n_students + np.arange(m, dtype=np.int64)))
    heads = np.concatenate((n_students + arcs.o, np.full(m, sink, dtype=np.int64)))
    capacity = np.concatenate((np.ones(len(arcs.s), dtype=np.int64), caps))
    cost = np.concatenate((arcs.cost, np.zeros(m, dtype=np.int64)))
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_students] = 1
    supplies[sink] = -n_students
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise SolverError(f"min-cost flow failed with status {status}")
    flows = smcf.flows(np.arange(len(arcs.s), dtype=np.int64))
    used = np.flatnonzero(flows > 0)
    assigned = np.full(n_students, -1, dtype=np.int64)
    arc_of = np.full(n_students, -1, dtype=np.int64)
    assigned[arcs.s[used]] = arcs.o[used]
    arc_of[arcs.s[used]] = used
    return assigned, arc_of


def _price(
    arcs: _Arcs,
    assigned: IntArray,
    arc_of: IntArray,
    caps: IntArray,
    w: _Weights,
    fb: _Fallback,
    base: int,
) -> _Arcs | None:
    """Arcs left out of the model whose reduced cost is negative, or None when there are none."""
    n = len(assigned)
    m = len(caps)
    t = m  # the "unplaced" node; students are folded into the node of their current seat
    node = np.where(assigned >= 0, assigned, t)
    held = _take(arcs.cost, arc_of, w.big_m)
    pot = _potentials(arcs, node, held, caps, w.big_m, m)
    h = held - pot[node]  # an arc (s, o) is improving iff cost(s, o) - pot[o] < h[s]
    if n == 0 or m == 0:
        return None
    best = int(pot[:m].max())
    reach = h + best - base  # improving fallback arcs are shorter than this many metres
    check = np.flatnonzero(~fb.complete & (reach > fb.frontier))
    existing = np.unique(arcs.s * (m + 1) + arcs.o)
    found: list[_Arcs] = []
    # In chunks, so that the range queries never hold millions of pairs at once.
    for lo in range(0, len(check), PRICE_CHUNK):
        part = check[lo : lo + PRICE_CHUNK]
        found.append(_violators(part, reach[part], pot, h, existing, m, fb, base))
    bad = _concat(*found) if found else _empty()
    return bad if len(bad.s) else None


def _violators(
    students: IntArray,
    reach: IntArray,
    pot: IntArray,
    h: IntArray,
    existing: IntArray,
    m: int,
    fb: _Fallback,
    base: int,
) -> _Arcs:
    """The most negative left-out arcs of these students (at most ADD_PER_ROUND each)."""
    s, o = fb.within(students, reach)
    ol = fb.local[o]
    key = s * (m + 1) + ol
    pos = np.searchsorted(existing, key)
    new = (pos >= len(existing)) | (existing[np.minimum(pos, max(len(existing) - 1, 0))] != key)
    s, o, ol = s[new], o[new], ol[new]
    dist, ok = fb.metres(s, o)
    cost = base + dist
    reduced = cost - pot[ol] - h[s]
    bad = np.flatnonzero(ok & (reduced < 0))
    # Add only the few most negative arcs per student: the potentials change after the
    # next solve, and adding every violator at once bloats the model for nothing.
    bad = bad[np.lexsort((reduced[bad], s[bad]))]
    first = np.searchsorted(s[bad], s[bad])
    keep = bad[np.arange(len(bad)) - first < ADD_PER_ROUND]
    return _Arcs(s=s[keep], o=ol[keep], cost=cost[keep], rank=np.zeros(len(keep), np.int64))


def _potentials(
    arcs: _Arcs, node: IntArray, held: IntArray, caps: IntArray, big_m: int, m: int
) -> IntArray:
    """Shortest-path potentials on the residual graph, students folded into their seats.

    Student s sits at node[s] (an offer, or the unplaced node t) at cost held[s]. Moving it
    to offer o is the residual path node[s] -> s -> o of cost cost(s, o) - held[s]. Offers
    with a free seat reach t at cost 0 and t reaches occupied offers at cost 0 (the seat
    arcs' residuals); a placed student can become unplaced at cost big_m - held[s].
    Bellman-Ford from a virtual source (distance 0 to every node) gives potentials for which
    every residual arc has a non-negative reduced cost, or it detects a negative cycle.
    """
    t = m
    used = np.bincount(node[node < m], minlength=m)
    move = node[arcs.s] != arcs.o
    placed = np.flatnonzero(node < m)
    tails = np.concatenate(
        (
            node[arcs.s[move]],
            node[placed],
            np.flatnonzero(used < caps),
            np.full(int((used > 0).sum()), t),
        )
    )
    heads = np.concatenate(
        (
            arcs.o[move],
            np.full(len(placed), t),
            np.full(int((used < caps).sum()), t),
            np.flatnonzero(used > 0),
        )
    )
    wts = np.concatenate(
        (
            arcs.cost[move] - held[arcs.s[move]],
            big_m - held[placed],
            np.zeros(int((used < caps).sum()) + int((used > 0).sum()), np.int64),
        )
    )
    return _bellman_ford(tails, heads, wts, m + 1)


def _bellman_ford(tails: IntArray, heads: IntArray, wts: IntArray, n_nodes: int) -> IntArray:
    order = np.argsort(tails, kind="stable")
    tails, heads, wts = tails[order], heads[order], wts[order]
    start = np.searchsorted(tails, np.arange(n_nodes + 1))
    dist = np.zeros(n_nodes, dtype=np.int64)
    active = np.arange(n_nodes)
    for _ in range(n_nodes + 1):
        lo, hi = start[active], start[active + 1]
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            return dist
        # Indices of all arcs leaving the active nodes, without a Python loop.
        idx = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        cand = dist[tails[idx]] + wts[idx]
        new = dist.copy()
        np.minimum.at(new, heads[idx], cand)
        active = np.flatnonzero(new < dist)
        if len(active) == 0:
            return dist
        dist = new
    raise SolverError("negative cycle in the residual graph: the solution is not optimal")


def _dedupe(arcs: _Arcs) -> _Arcs:
    """Drop repeated (student, offer) arcs, keeping the first."""
    _, first = np.unique(arcs.s * (np.int64(2) ** 31) + arcs.o, return_index=True)
    first = np.sort(first)
    return _Arcs(s=arcs.s[first], o=arcs.o[first], cost=arcs.cost[first], rank=arcs.rank[first])


def _take(values: IntArray, idx: IntArray, default: int) -> IntArray:
    """values[idx] where idx >= 0, else default (safe when values is empty)."""
    out = np.full(len(idx), default, dtype=np.int64)
    ok = idx >= 0
    out[ok] = values[idx[ok]]
    return out


def _concat(*parts: _Arcs) -> _Arcs:
    return _Arcs(
        s=np.concatenate([p.s for p in parts]).astype(np.int64),
        o=np.concatenate([p.o for p in parts]).astype(np.int64),
        cost=np.concatenate([p.cost for p in parts]).astype(np.int64),
        rank=np.concatenate([p.rank for p in parts]).astype(np.int64),
    )


def _empty() -> _Arcs:
    z = np.zeros(0, dtype=np.int64)
    return _Arcs(s=z, o=z.copy(), cost=z.copy(), rank=z.copy())
