"""The two mechanisms of the format: ``optimal`` and ``lottery`` (random serial dictatorship)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .flow import FlowSpec, assign
from .problem import MAX_WISHES, Problem

IntArray = npt.NDArray[np.int64]

# Stage-2 costs of the format: the r-th wish costs r**2, a fallback 36.
WISH_COSTS = tuple(r * r for r in range(1, MAX_WISHES + 1))
FALLBACK_COST = 36


@dataclass
class Allocation:
    """Per student (in id order): offer index or -1, and the rank (1-5 wish, 0 fallback, -1 none)."""

    offer: IntArray
    rank: IntArray
    locked: npt.NDArray[np.bool_]
    solves: int = 0


def optimal(problem: Problem, seed: int) -> Allocation:
    """Exact lexicographic optimum; locked students keep their seats and are not in the model."""
    alloc = _with_locks(problem)
    free = np.flatnonzero(~alloc.locked)
    spec = FlowSpec(wish_costs=WISH_COSTS, fallback_cost=FALLBACK_COST)
    out = assign(problem, free, problem.remaining.copy(), spec, seed)
    alloc.offer[free] = out.offer
    alloc.rank[free] = out.rank
    alloc.solves = out.solves
    return alloc


def lottery(problem: Problem, seed: int) -> Allocation:
    """Random serial dictatorship, support pupils first, then a max matching on what is left.

    The order is drawn with Python's `random.Random(seed)` (Mersenne Twister, whose output
    for an integer seed has been stable across platforms and Python versions), shuffling
    first the support pupils and then the others, each list starting in id order.
    """
    alloc = _with_locks(problem)
    rng = random.Random(seed)
    free = [i for i in range(problem.n) if not alloc.locked[i]]
    support = [i for i in free if problem.students[i].support]
    others = [i for i in free if not problem.students[i].support]
    rng.shuffle(support)
    rng.shuffle(others)
    seats = problem.remaining.copy()
    left: list[int] = []
    for i in support + others:
        for r, o in enumerate(problem.wishes[i].tolist()):
            if o >= 0 and seats[o] > 0:
                seats[o] -= 1
                alloc.offer[i] = o
                alloc.rank[i] = r + 1
                break
        else:
            left.append(i)
    rest = np.array(sorted(left), dtype=np.int64)
    # Everybody left over only has full wishes; place them by distance alone.
    out = assign(problem, rest, seats, FlowSpec(wish_costs=(), fallback_cost=0), seed)
    alloc.offer[rest] = out.offer
    alloc.rank[rest] = np.where(out.offer >= 0, 0, -1)
    alloc.solves = out.solves
    return alloc


def _with_locks(problem: Problem) -> Allocation:
    locked = problem.locked >= 0
    return Allocation(
        offer=problem.locked.copy(),
        rank=np.full(problem.n, -1, dtype=np.int64),
        locked=locked,
    )
