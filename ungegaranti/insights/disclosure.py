"""Disclosure control for published counts.

Counts below SUPPRESS_BELOW are hidden (primary suppression). Where a row's total is shown and
exactly one cell is hidden, the next-smallest cell is hidden too (secondary suppression), so the
hidden value cannot be worked out by subtraction.
"""

SUPPRESS_BELOW = 5


def suppress_row(cells: list[int]) -> list[int | None]:
    shown: list[int | None] = [None if 0 < c < SUPPRESS_BELOW else c for c in cells]
    hidden = [i for i, c in enumerate(shown) if c is None]
    if len(hidden) == 1:
        candidates = sorted((c, i) for i, c in enumerate(cells) if shown[i] is not None and c > 0)
        if candidates:
            shown[candidates[0][1]] = None
    return shown
