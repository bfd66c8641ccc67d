"""Exact lexicographic min-cost assignment with pruned fallback arcs and dual proofs.

The model is a transportation problem: every student in the model may take one seat, on a
*wish arc* (always in the model) or a *fallback arc* (any eligible offer within the limit).
Fallback arcs for everybody to every offer would be far too many nationally, so only a few
per student go into the models, and dual potentials prove that the arcs left out cannot
improve the solution (arcs that could are added and the model is solved again).

Two phases, each with small integer costs:

* **Phase A** (stages 1 and 2): maximum flow at minimum rank cost (r² per wish, a constant
  per fallback). Its potentials, once no left-out arc has a negative reduced cost, are an
  optimal dual of the *full* problem with every fallback arc.
* **Phase B** (stage 3): by complementary slackness, the flows optimal for phase A are
  exactly the feasible flows that use only arcs of zero reduced cost under those potentials
  and fill (or leave empty) the offers whose seat arc has a negative (positive) reduced
  cost. Phase B minimises the total fallback distance over that set, again with pruned arcs
  and a reduced-cost proof. Students with a single zero-reduced-cost option are fixed.

See docs/decisions/0002-allocation-objective.md for the proof and the tie-breaking.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .geo import EARTH_RADIUS_KM, chord_for_km, chords_for_km
from .problem import MAX_WISHES, Problem

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NEAREST_FALLBACKS = 1  # nearest fallback arcs per student in the first model
SPARE_FALLBACKS = 2  # first-model arcs per student to the nearest offers likely to keep seats
ADD_PER_ROUND = 4  # violating arcs added per student and pricing round (nearest first)
# ... and then these (0-based positions among the student's violating arcs by distance):
# seats near a popular town fill up, so reach further out at once instead of round by round.
SPREAD = (5, 8, 13, 21, 34, 55, 89, 144, 233, 377)
STAGE3_NEAREST = 6  # zero-reduced-cost fallback arcs per student in the first phase-B model
ADD_PER_ROUND_B = 10  # violating arcs added per student and phase-B pricing round
DROP_REDUCED_COST: int | None = 12  # between rounds, fallback arcs above this leave
ALL_ARCS = 1 << 40  # `want` meaning every qualifying arc
MARGIN = 8  # ... and every arc that is nearly violating (potentials shift between rounds)
PRICE_CHUNK = 2000  # students per range-query batch in the phase-B pricing step
COMPONENTS_MIN_STUDENTS = 2000  # smaller instances are solved whole
PARALLEL_MIN_STUDENTS = 20000  # larger ones solve two big parts at once (2 processes)
CELL_KM = 3.0  # cell size for finding independent parts
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
    solves: int  # models solved until both proofs went through


@dataclass
class _Arcs:
    s: IntArray  # model-local student
    o: IntArray  # model-local offer
    cost: IntArray  # phase-A cost (rank cost)
    rank: IntArray  # 1..5 or 0 for fallback
    metres: IntArray  # fallback distance in whole metres (0 for wish arcs)

    def take(self, idx: IntArray) -> _Arcs:
        return _Arcs(self.s[idx], self.o[idx], self.cost[idx], self.rank[idx], self.metres[idx])


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
    perm = np.array(order, dtype=np.int64)
    studs = students[perm]
    offer = np.full(len(studs), -1, dtype=np.int64)
    rank = np.full(len(studs), -1, dtype=np.int64)
    solves = 0
    # Parts of the instance that no arc can join (not even a fallback arc left out of the
    # model) are independent problems; each keeps the seeded order of its students.
    parts = _components(problem, studs, seats)

    def run(part: tuple[IntArray, IntArray]) -> tuple[IntArray, IntArray, int]:
        pos, offers = part
        part_seats = np.zeros_like(seats)
        part_seats[offers] = seats[offers]
        return _assign_ordered(problem, studs[pos], part_seats, spec)

    for (pos, _), (o, r, k) in zip(parts, _run_parts(run, parts), strict=True):
        offer[pos], rank[pos] = o, r
        solves = max(solves, k)
    # Undo the seeded shuffle so the caller gets its own order back.
    back = np.empty(len(studs), dtype=np.int64)
    back[perm] = np.arange(len(studs))
    return FlowOutcome(offer=offer[back], rank=rank[back], solves=solves)


def _run_parts(
    run: Callable[[tuple[IntArray, IntArray]], tuple[IntArray, IntArray, int]],
    parts: list[tuple[IntArray, IntArray]],
) -> list[tuple[IntArray, IntArray, int]]:
    """Solve the parts; on a large instance with several big parts, the largest in a
    forked child process while this process solves the others (the solver holds the GIL).

    Each part's result depends only on the part, so this changes nothing in the result.
    """
    sizes = sorted((len(p[0]) for p in parts), reverse=True)
    if (
        len(parts) < 2
        or sum(sizes) < PARALLEL_MIN_STUDENTS
        or sizes[1] < PARALLEL_MIN_STUDENTS // 4
        or (os.cpu_count() or 1) < 2
        or not hasattr(os, "fork")
    ):
        return [run(p) for p in parts]
    big = max(range(len(parts)), key=lambda i: len(parts[i][0]))
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: solve the largest part, send it back, and leave at once
        code = 0
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as fh:
                try:
                    o, r, k = run(parts[big])
                    fh.write(b"K" + np.array([k], dtype=np.int64).tobytes())
                    fh.write(o.astype(np.int64).tobytes() + r.astype(np.int64).tobytes())
                except Exception as exc:  # noqa: BLE001 - reported to, and raised in, the parent
                    fh.write(b"E" + f"{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        out = {i: run(p) for i, p in enumerate(parts) if i != big}
    finally:
        with os.fdopen(read_fd, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
    count = len(parts[big][0])
    if data[:1] != b"K" or len(data) != 9 + 16 * count:
        message = data[1:].decode(errors="replace") if data[:1] == b"E" else "no result"
        raise SolverError(f"the solver's child process failed: {message}")
    k = int(np.frombuffer(data[1:9], dtype=np.int64)[0])
    arr = np.frombuffer(data[9:], dtype=np.int64)
    out[big] = (arr[:count].copy(), arr[count:].copy(), k)
    return [out[i] for i in range(len(parts))]


def _components(
    problem: Problem, studs: IntArray, seats: IntArray
) -> list[tuple[IntArray, IntArray]]:
    """Students (positions in `studs`) and offers (global indices) of independent parts.

    Joined are a student and an offer with seats when the offer is a wish, or when it may
    be within the fallback limit: homes and offers are snapped to cells of CELL_KM, and
    cells closer than the limit plus twice the snapping error are joined. This can only
    join more than necessary, never less, so no possible arc crosses two parts.
    """
    active = np.flatnonzero(seats > 0)
    limit = problem.instance.max_fallback_km
    n = len(studs)
    if limit is None or n < COMPONENTS_MIN_STUDENTS or len(active) == 0:
        return [(np.arange(n, dtype=np.int64), active)]
    m = problem.m
    scale = EARTH_RADIUS_KM / CELL_KM
    hcells, hinv = np.unique(np.rint(problem.home_vec[studs] * scale), axis=0, return_inverse=True)
    ocells, oinv = np.unique(
        np.rint(problem.place_vec[active] * scale), axis=0, return_inverse=True
    )
    # Snapping moves a point by at most sqrt(3)/2 cells; chords are shorter than arcs.
    slack = math.sqrt(3.0) * CELL_KM + 0.01
    pairs = cKDTree(hcells / scale).query_ball_tree(
        cKDTree(ocells / scale), chord_for_km(limit + slack)
    )
    lens = np.fromiter((len(x) for x in pairs), dtype=np.int64, count=len(pairs))
    ph = np.repeat(np.arange(len(hcells)), lens)
    po = np.fromiter((j for x in pairs for j in x), dtype=np.int64, count=int(lens.sum()))
    wl = problem.wishes[studs]
    ws, wr = np.nonzero(wl >= 0)
    wo = wl[ws, wr]
    keep = seats[wo] > 0
    # Nodes: students, offers (global), home cells, offer cells.
    h0, c0 = n + m, n + m + len(hcells)
    total = c0 + len(ocells)
    rows = np.concatenate((ws[keep], np.arange(n), n + active, h0 + ph))
    cols = np.concatenate((n + wo[keep], h0 + hinv.ravel(), c0 + oinv.ravel(), c0 + po))
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(total, total))
    _, label = connected_components(graph, directed=False)
    s_lab = label[:n]
    o_lab = label[n + active]
    parts = []
    for lab in np.unique(s_lab).tolist():
        parts.append((np.flatnonzero(s_lab == lab), active[o_lab == lab]))
    return parts


def _assign_ordered(
    problem: Problem, studs: IntArray, seats: IntArray, spec: FlowSpec
) -> tuple[IntArray, IntArray, int]:
    """The two phases for students in their seeded order; global offer or -1, and rank."""
    if len(studs) == 0 or not np.any(seats > 0):
        nobody = np.full(len(studs), -1, dtype=np.int64)
        return nobody, nobody.copy(), 0
    active = np.flatnonzero(seats > 0)
    caps = seats[active].astype(np.int64)
    n, m = len(studs), len(active)
    top = max((*spec.wish_costs, spec.fallback_cost))
    # Rank costs of two flows differ by at most top * n < big_m, so big_m per unplaced
    # student plus the rank cost orders flows exactly by (placed, rank cost).
    big_m = top * (n + 1) + 1
    if big_m * (n + m + 3) >= INT63:
        raise SolverError("cost weights would overflow 64-bit integers for this instance size")
    net = _Network(problem, studs, active)
    arcs = _concat(_wish_arcs(net, spec), net.initial(spec.fallback_cost, caps))
    solves = 0
    violated = np.zeros(n, dtype=np.bool_)
    while True:  # phase A: stages 1 and 2
        solves += 1
        arcs = _canonical(arcs)
        assigned, arc_of = _solve_max(arcs, n, caps)
        node = np.where(assigned >= 0, assigned, m)
        held = _take(arcs.cost, arc_of, big_m)
        pot = _potentials(arcs, node, held, caps, big_m, m)
        h = held - pot[node]
        # A left-out fallback arc (s, o) has a negative reduced cost iff pot[o] > thr[s].
        thr = spec.fallback_cost - h
        top_pot = int(pot[:m].max())
        check = np.flatnonzero(thr < top_pot)
        # Students that violated before get every violating (and nearly violating) arc at
        # once: the seats near them keep filling up, and each round costs a whole solve.
        # (Not when all costs are 0, as for the lottery's leftovers: every arc would be.)
        again = violated[check] if top > 0 else np.zeros(len(check), dtype=np.bool_)
        extra = _concat(
            net.qualifying(check[~again], thr, pot[:m], "gt", ADD_PER_ROUND, spec)[0],
            net.qualifying(check[again], thr - MARGIN, pot[:m], "gt", ALL_ARCS, spec)[0],
        )
        bad = pot[extra.o] > thr[extra.s]
        if not bad.any():
            break
        violated[extra.s[bad]] = True
        if DROP_REDUCED_COST is not None:
            # Fallback arcs far from useful leave the model (a smaller, faster model); the
            # pricing covers every fallback arc outside the model, so this is safe.
            rc = arcs.cost - pot[arcs.o] - h[arcs.s]
            keep = (arcs.rank > 0) | (rc <= DROP_REDUCED_COST)
            keep[arc_of[arc_of >= 0]] = True
            arcs = arcs.take(np.flatnonzero(keep))
        arcs = _concat(arcs, extra)
        if not bad.all():  # nearly violating arcs may already be in the model
            _, first = np.unique(arcs.s * (m + 1) + arcs.o, return_index=True)
            arcs = arcs.take(first)
    stage3 = _Stage3(net, arcs, assigned, arc_of, pot, h, thr, caps, big_m, spec)
    offer_l, arc_rank, more = stage3.run()
    return _take(active, offer_l, -1), arc_rank, solves + more


class _Network:
    """Students, offers and the geometry of fallback arcs (per-class k-d trees)."""

    def __init__(self, problem: Problem, studs: IntArray, active: IntArray):
        self.p = problem
        self.studs = studs
        self.active = active
        self.n, self.m = len(studs), len(active)
        local = np.full(problem.m, -1, dtype=np.int64)
        local[active] = np.arange(len(active))
        self.local = local
        self.limit = problem.instance.max_fallback_km
        self.radius = chord_for_km(self.limit) if self.limit is not None else np.inf
        wl = problem.wishes[studs]  # (S, 5) global offer or -1
        self.wishes = np.where(wl >= 0, local[np.maximum(wl, 0)], -1)  # local, -1 if none
        self.home = problem.home_vec[studs]
        classes = problem.elig_class[studs]
        self.classes = classes
        self.offers_of: dict[int, IntArray] = {}  # class -> local offers that admit it
        for c in np.unique(classes).tolist():
            self.offers_of[c] = np.flatnonzero(problem.class_masks[c][active])
        self.trees: dict[int, cKDTree] = {}
        self.level_trees: dict[tuple[int, int], tuple[cKDTree | None, IntArray]] = {}
        self.level_of_trees: IntArray | None = None

    def tree(self, c: int) -> cKDTree:
        if c not in self.trees:
            self.trees[c] = cKDTree(self.p.place_vec[self.active[self.offers_of[c]]])
        return self.trees[c]

    def metres(self, s: IntArray, o: IntArray) -> tuple[IntArray, BoolArray]:
        """Fallback distance in whole metres, and whether the arc is allowed (limit, not a wish)."""
        km = self.p.distance_km(self.studs[s], self.active[o])
        ok = np.ones(len(s), dtype=np.bool_) if self.limit is None else km <= self.limit
        ok &= ~np.any(self.wishes[s] == o[:, None], axis=1)
        return np.rint(km * 1000.0).astype(np.int64), ok

    def groups(self, members: IntArray) -> list[tuple[int, IntArray]]:
        """`members` split by eligibility class (positions into `members`)."""
        cls = self.classes[members]
        order = np.argsort(cls, kind="stable")
        cuts = np.flatnonzero(np.diff(cls[order])) + 1
        return [(int(cls[g[0]]), g) for g in np.split(order, cuts) if len(g)]

    def initial(self, fallback_cost: int, caps: IntArray) -> _Arcs:
        """The first model's fallback arcs: the nearest offers, and the nearest likely spare.

        Phase A only needs, per student, one arc to an offer that keeps a free seat (then no
        other fallback arc can have a negative reduced cost), so besides the nearest offer
        the model gets arcs to the nearest offers whose seats exceed their wish demand.
        Purely a speed-up: the proof does not depend on it.
        """
        wl = self.wishes[self.wishes >= 0]
        demand = np.bincount(wl, minlength=self.m)
        spare = caps > demand
        everyone = np.arange(self.n, dtype=np.int64)
        no_thr = np.full(self.n, np.iinfo(np.int64).min // 4, dtype=np.int64)
        level = np.zeros(self.m, dtype=np.int64)
        near = self._nearest(everyone, no_thr, level, NEAREST_FALLBACKS, "ge")[0]
        level = np.where(spare, 0, -1)
        free = self._nearest(everyone, np.full(self.n, 0), level, SPARE_FALLBACKS, "ge")[0]
        s = np.concatenate((near[0], free[0]))
        o = np.concatenate((near[1], free[1]))
        dist = np.concatenate((near[2], free[2]))
        _, first = np.unique(s * (self.m + 1) + o, return_index=True)
        return _Arcs(
            s[first],
            o[first],
            np.full(len(first), fallback_cost, dtype=np.int64),
            np.zeros(len(first), dtype=np.int64),
            dist[first],
        )

    def qualifying(
        self,
        members: IntArray,
        thr: IntArray,
        level: IntArray,
        mode: str,
        want: int,
        spec: FlowSpec,
    ) -> tuple[_Arcs, BoolArray, IntArray]:
        """Per student of `members`: the `want` nearest fallback arcs to offers o with
        level[o] > thr[s] (mode "gt"; "ge": >=; "eq": ==), as fallback arcs of phase A.

        Also returns, per member, whether every qualifying arc was found, and a distance in
        metres that every qualifying arc not returned is at least as long as.
        """
        (s, o, dist), complete, frontier = self._nearest(members, thr, level, want, mode)
        arcs = _Arcs(
            s,
            o,
            np.full(len(s), spec.fallback_cost, dtype=np.int64),
            np.zeros(len(s), dtype=np.int64),
            dist,
        )
        return arcs, complete, frontier

    def _nearest(
        self, members: IntArray, thr: IntArray, level: IntArray, want: int, mode: str
    ) -> tuple[tuple[IntArray, IntArray, IntArray], BoolArray, IntArray]:
        out: tuple[list[IntArray], list[IntArray], list[IntArray]] = ([], [], [])
        ss, oo, dd = out
        for lst in out:
            lst.append(np.zeros(0, np.int64))
        complete = np.ones(len(members), dtype=np.bool_)
        frontier = np.zeros(len(members), dtype=np.int64)
        want = max(want, 1)
        for c, pos_c in self.groups(members):
            if mode == "eq":
                keys = thr[members[pos_c]]
                parts = []
                for lvl in np.unique(keys).tolist():
                    tree, cand = self.level_tree(c, level, lvl)
                    parts.append((pos_c[keys == lvl], cand, tree))
            else:
                offers = self.offers_of[c]
                lv = level[offers]
                lowest = int(thr[members[pos_c]].min())
                keep = lv > lowest if mode == "gt" else lv >= lowest
                cand = offers[keep]
                tree = None
                if len(cand):
                    tree = (
                        self.tree(c) if keep.all() else cKDTree(self.p.place_vec[self.active[cand]])
                    )
                parts = [(pos_c, cand, tree)]
            for pos, cand, tree in parts:
                if tree is None or len(cand) == 0:
                    continue
                self._knn(members, pos, cand, tree, thr, level, want, mode, out, complete, frontier)
        return (np.concatenate(ss), np.concatenate(oo), np.concatenate(dd)), complete, frontier

    def _knn(
        self,
        members: IntArray,
        pos: IntArray,
        cand: IntArray,
        tree: cKDTree,
        thr: IntArray,
        level: IntArray,
        want: int,
        mode: str,
        out: tuple[list[IntArray], list[IntArray], list[IntArray]],
        complete: BoolArray,
        frontier: IntArray,
    ) -> None:
        ss, oo, dd = out
        pending = pos
        spread = mode == "gt" and want == ADD_PER_ROUND
        k = (SPREAD[-1] + 1 if spread and SPREAD else want) + MAX_WISHES
        while len(pending):
            kk = min(k, len(cand))
            st = members[pending]
            _, idx = tree.query(self.home[st], k=kk, distance_upper_bound=self.radius)
            idx = idx.reshape(len(pending), kk)
            found = idx < len(cand)
            exhausted = (~found).any(axis=1) | (kk == len(cand))
            rows, cols = np.nonzero(found)
            s = st[rows]
            o = cand[idx[rows, cols]]
            dist, ok = self.metres(s, o)
            if mode == "gt":
                ok &= level[o] > thr[s]
            elif mode == "ge":
                ok &= level[o] >= thr[s]
            # Rank the qualifying hits of each row, nearest first (rows, cols are sorted).
            rq, sq, oq, dq = rows[ok], s[ok], o[ok], dist[ok]
            first = np.searchsorted(rq, rq)
            nth = np.arange(len(rq)) - first
            counts = np.bincount(rq, minlength=len(pending))
            done = (counts >= (1 if spread else want)) | exhausted
            take = nth < want
            if spread:
                take |= np.isin(nth, SPREAD)
            take &= done[rq]
            ss.append(sq[take])
            oo.append(oq[take])
            dd.append(dq[take])
            last = np.zeros(len(pending), dtype=np.int64)
            sel = nth == want - 1
            last[rq[sel]] = dq[sel]
            complete[pending] = exhausted & (counts <= want)
            # -1 m guards against float ties between chord order and rounded metres.
            frontier[pending] = last - 1
            # Rows not done query again with a larger k.
            pending = pending[~done]
            k = kk * 4

    def level_tree(self, c: int, level: IntArray, lvl: int) -> tuple[cKDTree | None, IntArray]:
        """Tree over the offers of class c whose level equals lvl (cached per level array)."""
        if level is not self.level_of_trees:  # keep the array, so `is` stays meaningful
            self.level_of_trees, self.level_trees = level, {}
        key = (c, lvl)
        if key not in self.level_trees:
            offers = self.offers_of[c]
            offers = offers[level[offers] == lvl]
            tree = cKDTree(self.p.place_vec[self.active[offers]]) if len(offers) else None
            self.level_trees[key] = (tree, offers)
        return self.level_trees[key]

    def within_level(
        self, members: IntArray, thr: IntArray, level: IntArray, reach_of: Callable[..., IntArray]
    ) -> tuple[IntArray, IntArray]:
        """All (student, local offer) pairs with level[o] == thr[s], eligible and closer than
        reach_of(students, offers of the group) metres."""
        ss: list[IntArray] = [np.zeros(0, np.int64)]
        oo: list[IntArray] = [np.zeros(0, np.int64)]
        keys = thr[members]
        for c, pos in self.groups(members):
            for lvl in np.unique(keys[pos]).tolist():
                sub = pos[keys[pos] == lvl]
                tree, offers = self.level_tree(c, level, lvl)
                if tree is None:
                    continue
                st = members[sub]
                radius_m = reach_of(st, offers)
                go = radius_m > 0
                st, radius_m = st[go], radius_m[go]
                if len(st) == 0:
                    continue
                km = radius_m / 1000.0
                if self.limit is not None:
                    km = np.minimum(km, self.limit)
                chords = chords_for_km(km)
                # k nearest at a time (arrays, no Python lists); rows whose k nearest are
                # all inside their radius are asked again with a larger k.
                pending = np.arange(len(st))
                k = 16
                while len(pending):
                    kk = min(k, len(offers))
                    dist, idx = tree.query(
                        self.home[st[pending]], k=kk, distance_upper_bound=chords[pending].max()
                    )
                    inside = dist.reshape(len(pending), kk) <= chords[pending][:, None]
                    more = inside.all(axis=1) & (kk < len(offers))
                    inside &= ~more[:, None]
                    rows, cols = np.nonzero(inside)
                    ss.append(st[pending[rows]])
                    oo.append(offers[idx.reshape(len(pending), kk)[rows, cols]])
                    pending = pending[more]
                    k = kk * 4
        return np.concatenate(ss), np.concatenate(oo)


def _wish_arcs(net: _Network, spec: FlowSpec) -> _Arcs:
    if not spec.wish_costs or net.n == 0:
        return _empty()
    s_idx, r_idx = np.nonzero(net.wishes >= 0)
    costs = np.array(spec.wish_costs, dtype=np.int64)[r_idx]
    return _Arcs(
        s=s_idx.astype(np.int64),
        o=net.wishes[s_idx, r_idx],
        cost=costs,
        rank=(r_idx + 1).astype(np.int64),
        metres=np.zeros(len(s_idx), dtype=np.int64),
    )


class _Stage3:
    """Phase B: least total fallback distance among the flows optimal for phase A."""

    def __init__(
        self,
        net: _Network,
        arcs: _Arcs,
        assigned: IntArray,
        arc_of: IntArray,
        pot: IntArray,
        h: IntArray,
        thr: IntArray,
        caps: IntArray,
        big_m: int,
        spec: FlowSpec,
    ):
        self.net, self.arcs, self.assigned, self.arc_of = net, arcs, assigned, arc_of
        self.pot, self.h, self.thr, self.caps, self.spec = pot, h, thr, caps, spec
        self.big_m = big_m
        self.level = pot[:-1].copy()  # phase-A potentials of the offers

    def run(self) -> tuple[IntArray, IntArray, int]:
        net, arcs, pot, h, thr = self.net, self.arcs, self.pot, self.h, self.thr
        n, m = net.n, net.m
        offer = self.assigned.copy()
        rank = _take(arcs.rank, self.arc_of, -1)
        # Reduced costs under the phase-A potentials; they are >= 0, and 0 on held arcs.
        tight = (arcs.cost - pot[arcs.o] - h[arcs.s]) == 0
        unplaced_ok = (self.big_m - pot[m] - h) == 0
        # Fallback arcs left out of phase A with a zero reduced cost: pot[o] == thr[s].
        cand = np.flatnonzero(thr <= pot[:m].max())
        extra, complete, frontier = net.qualifying(
            cand, thr, self.level, "eq", STAGE3_NEAREST, self.spec
        )
        full_complete = np.ones(n, dtype=np.bool_)
        full_complete[cand] = complete
        full_frontier = np.zeros(n, dtype=np.int64)
        full_frontier[cand] = frontier
        both = _concat(arcs.take(np.flatnonzero(tight)), extra)
        _, first = np.unique(both.s * (m + 1) + both.o, return_index=True)
        both = both.take(first)
        options = np.bincount(both.s, minlength=n) + unplaced_ok
        free = np.flatnonzero(options >= 2)
        if len(free) == 0:
            return offer, rank, 0
        fixed = np.ones(n, dtype=np.bool_)
        fixed[free] = False
        fixed_at = offer[fixed & (offer >= 0)]
        caps_b = self.caps - np.bincount(fixed_at, minlength=m)
        # Seat arcs: a negative reduced cost means full in every optimum, positive empty.
        seat_rc = pot[:m] - pot[m]
        must_fill = seat_rc < 0
        caps_b[seat_rc > 0] = 0
        b_index = np.full(n, -1, dtype=np.int64)
        b_index[free] = np.arange(len(free))
        keep = b_index[both.s] >= 0
        b = both.take(np.flatnonzero(keep))
        b.s = b_index[b.s]
        b.cost = b.metres.copy()
        unpl = b_index[np.flatnonzero(unplaced_ok & (b_index >= 0))]
        unpl = np.sort(unpl)
        self.b_free = free
        self.b_index = b_index
        self.b_complete = full_complete[free]
        self.b_frontier = full_frontier[free]
        self.b_thr = thr[free]
        solves = 0
        while True:
            solves += 1
            b = _canonical(b)
            got, arc_of = _solve_exact(b, len(free), caps_b, must_fill, unpl)
            extra_b = self._price(b, got, arc_of, caps_b, must_fill, unpl)
            if extra_b is None:
                break
            b = _concat(b, extra_b)
        offer[free] = got
        rank[free] = np.where(got >= 0, _take(b.rank, arc_of, -1), -1)
        return offer, rank, solves

    def _price(
        self,
        b: _Arcs,
        got: IntArray,
        arc_of: IntArray,
        caps_b: IntArray,
        must_fill: BoolArray,
        unpl: IntArray,
    ) -> _Arcs | None:
        net, m = self.net, self.net.m
        t = m
        node = np.where(got >= 0, got, t)
        held = _take(b.cost, arc_of, 0)
        used = np.bincount(got[got >= 0], minlength=m)
        move = node[b.s] != b.o
        unpl_placed = unpl[got[unpl] >= 0]
        seat = ~must_fill & (caps_b > 0)
        up = np.flatnonzero(seat & (used < caps_b))
        down = np.flatnonzero(seat & (used > 0))
        tails = np.concatenate((node[b.s[move]], node[unpl_placed], up, np.full(len(down), t)))
        heads = np.concatenate((b.o[move], np.full(len(unpl_placed), t), np.full(len(up), t), down))
        wts = np.concatenate(
            (
                b.cost[move] - held[b.s[move]],
                -held[unpl_placed],
                np.zeros(len(up) + len(down), dtype=np.int64),
            )
        )
        pot = _bellman_ford(tails, heads, wts, m + 1)
        hb = held - pot[node]
        # A left-out arc (s, o) is violating iff metres(s, o) < hb[s] + pot[o]; per group of
        # offers only the largest pot matters for the search radius.
        free, frontier = self.b_free, self.b_frontier

        def reach_of(st: IntArray, offers: IntArray) -> IntArray:
            sb = self.b_index[st]
            r = hb[sb] + int(pot[offers].max())
            return np.where(r > frontier[sb], r, 0)

        check = np.flatnonzero(~self.b_complete)
        found: list[_Arcs] = []
        for lo in range(0, len(check), PRICE_CHUNK):
            part = check[lo : lo + PRICE_CHUNK]
            s_g, o = net.within_level(free[part], self.thr, self.level, reach_of)
            s_b = self.b_index[s_g]
            dist, ok = net.metres(s_g, o)
            reduced = dist - pot[o] - hb[s_b]
            bad = np.flatnonzero(ok & (reduced < 0))
            bad = bad[np.lexsort((reduced[bad], s_b[bad]))]
            first = np.searchsorted(s_b[bad], s_b[bad])
            keep = bad[np.arange(len(bad)) - first < ADD_PER_ROUND_B]
            found.append(
                _Arcs(
                    s_b[keep],
                    o[keep],
                    dist[keep],
                    np.zeros(len(keep), dtype=np.int64),
                    dist[keep],
                )
            )
        bad_arcs = _concat(*found) if found else _empty()
        return bad_arcs if len(bad_arcs.s) else None


def _canonical(arcs: _Arcs) -> _Arcs:
    """A canonical arc order (by student, cost, offer): OR-Tools' choice among equal optima
    then depends only on the seeded student order, not on how arcs were collected."""
    if len(arcs.s) == 0:
        return arcs
    span_o = int(arcs.o.max()) + 1
    span_c = int(arcs.cost.max()) - int(arcs.cost.min()) + 1
    if (int(arcs.s.max()) + 1) * span_c * span_o < INT63:
        key = (arcs.s * span_c + (arcs.cost - arcs.cost.min())) * span_o + arcs.o
        return arcs.take(np.argsort(key, kind="stable"))
    return arcs.take(np.lexsort((arcs.o, arcs.cost, arcs.s)))


def _solve_max(arcs: _Arcs, n_students: int, caps: IntArray) -> tuple[IntArray, IntArray]:
    """Max flow at min cost; returns each student's local offer (or -1) and arc index."""
    m = len(caps)
    sink = n_students + m
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
    return _read_flow(smcf, arcs, n_students)


def _solve_exact(
    arcs: _Arcs, n_students: int, caps: IntArray, must_fill: BoolArray, unpl: IntArray
) -> tuple[IntArray, IntArray]:
    """Min-cost flow in which every student takes an arc (or its unplaced arc, if any),
    offers in `must_fill` take exactly caps seats, the others at most caps."""
    m = len(caps)
    sink = n_students + m
    smcf = min_cost_flow.SimpleMinCostFlow()
    seat = np.flatnonzero(~must_fill & (caps > 0))
    tails = np.concatenate((arcs.s, n_students + seat, unpl))
    heads = np.concatenate(
        (n_students + arcs.o, np.full(len(seat), sink), np.full(len(unpl), sink))
    ).astype(np.int64)
    capacity = np.concatenate(
        (np.ones(len(arcs.s), dtype=np.int64), caps[seat], np.ones(len(unpl), dtype=np.int64))
    )
    cost = np.concatenate((arcs.cost, np.zeros(len(seat) + len(unpl), dtype=np.int64)))
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_students] = 1
    supplies[n_students + np.flatnonzero(must_fill)] = -caps[must_fill]
    supplies[sink] = -(n_students - int(caps[must_fill].sum()))
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SolverError(f"stage-3 min-cost flow failed with status {status}")
    return _read_flow(smcf, arcs, n_students)


def _read_flow(
    smcf: min_cost_flow.SimpleMinCostFlow, arcs: _Arcs, n_students: int
) -> tuple[IntArray, IntArray]:
    flows = smcf.flows(np.arange(len(arcs.s), dtype=np.int64))
    used = np.flatnonzero(flows > 0)
    assigned = np.full(n_students, -1, dtype=np.int64)
    arc_of = np.full(n_students, -1, dtype=np.int64)
    assigned[arcs.s[used]] = arcs.o[used]
    arc_of[arcs.s[used]] = used
    return assigned, arc_of


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
    up = np.flatnonzero(used < caps)
    down = np.flatnonzero(used > 0)
    tails = np.concatenate((node[arcs.s[move]], node[placed], up, np.full(len(down), t)))
    heads = np.concatenate((arcs.o[move], np.full(len(placed), t), np.full(len(up), t), down))
    wts = np.concatenate(
        (
            arcs.cost[move] - held[arcs.s[move]],
            big_m - held[placed],
            np.zeros(len(up) + len(down), np.int64),
        )
    )
    return _bellman_ford(tails, heads, wts, m + 1)


def _bellman_ford(tails: IntArray, heads: IntArray, wts: IntArray, n_nodes: int) -> IntArray:
    # Only the cheapest arc between two nodes matters.
    key = tails * n_nodes + heads
    order = np.lexsort((wts, key))
    key, wts = key[order], wts[order]
    first = np.ones(len(key), dtype=np.bool_)
    first[1:] = key[1:] != key[:-1]
    key, wts = key[first], wts[first]
    tails, heads = key // n_nodes, key % n_nodes
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
        metres=np.concatenate([p.metres for p in parts]).astype(np.int64),
    )


def _empty() -> _Arcs:
    z = np.zeros(0, dtype=np.int64)
    return _Arcs(s=z, o=z.copy(), cost=z.copy(), rank=z.copy(), metres=z.copy())
