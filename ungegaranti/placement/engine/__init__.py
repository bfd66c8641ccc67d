"""Work-experience allocation engine (pure Python; no Django).

Implements the project's contract ``docs/allocation-format.md`` (format version 1:
``ungegaranti.allocation/1`` in, ``ungegaranti.allocation-result/1`` out):

    >>> from ungegaranti.placement.engine import solve_text
    >>> result_json = solve_text(open("instance.json").read())  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from . import mechanisms, problem, result
from .instance import INSTANCE_FORMAT, MECHANISMS, Instance, InvalidInstance, from_dict, loads
from .result import ENGINE, RESULT_FORMAT, dumps

__all__ = [
    "ENGINE",
    "INSTANCE_FORMAT",
    "MECHANISMS",
    "RESULT_FORMAT",
    "Instance",
    "InvalidInstance",
    "dumps",
    "from_dict",
    "loads",
    "solve",
    "solve_text",
]


def solve(
    instance: Instance, mechanism: str | None = None, seed: int | None = None
) -> dict[str, Any]:
    """Allocate; `mechanism` and `seed` override the instance's own, as on the command line."""
    mech = instance.mechanism if mechanism is None else mechanism
    if mech not in MECHANISMS:
        raise InvalidInstance("mechanism", f"unknown mechanism {mech!r}")
    use_seed = instance.seed if seed is None else seed
    prob = problem.build(instance)
    run = mechanisms.optimal if mech == "optimal" else mechanisms.lottery
    alloc = run(prob, use_seed)
    return result.build(prob, alloc, mech, use_seed)


def solve_text(text: str | bytes, mechanism: str | None = None, seed: int | None = None) -> str:
    """JSON instance text in, deterministic JSON result text out."""
    return dumps(solve(loads(text), mechanism, seed))
