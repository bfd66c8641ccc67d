"""Disclosure control, written once: every count shown to politicians, the board, researchers
or the public passes through here.

Primary suppression hides every count from 1 to SUPPRESS_BELOW - 1 (shown as "<5"); zero is
shown, since it singles nobody out. Secondary suppression then hides more cells (shown as "x")
until no hidden cell can be worked out by a difference: the table is read with its row totals,
column totals and grand total, and every line of it (a row with its total, a column with its
total, the row of column totals with the grand total, the column of row totals likewise) holds
either no hidden entry or at least two. A line with exactly one hidden entry gives it away as
its total minus the others; with two or more, a difference gives only their sum.

The complementary cell chosen is the smallest shown positive entry of the line (a cell or the
total), so the least information is lost; ties go to the first. Zeros are never chosen: hiding
a zero next to a small count would tell the reader nothing they could not bound anyway.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

SUPPRESS_BELOW = 5


class Hidden(Enum):
    PRIMARY = "<5"
    SECONDARY = "x"

    def __str__(self) -> str:
        return self.value


Cell = int | Hidden


@dataclass(frozen=True)
class ProtectedTable:
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def is_small(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def protect_table(counts: Sequence[Sequence[int]]) -> ProtectedTable:
    """The table with its margins, suppressed so that no hidden entry follows by difference."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts):
        raise ValueError("every row of a table must have the same number of cells")
    if any(c < 0 for row in counts for c in row):
        raise ValueError("counts cannot be negative")
    # The extended grid: cells, then each row's total in column `columns`, and the column
    # totals (with the grand total) in row `rows`.
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(grid[r][c] for r in range(rows)) for c in range(columns + 1)])
    hidden: dict[tuple[int, int], Hidden] = {
        (r, c): Hidden.PRIMARY
        for r in range(rows + 1)
        for c in range(columns + 1)
        if is_small(grid[r][c])
    }
    lines = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)] + [
        [(r, c) for r in range(rows + 1)] for c in range(columns + 1)
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in hidden) != 1:
                continue
            shown = [key for key in line if key not in hidden and grid[key[0]][key[1]] > 0]
            # A line with one hidden entry always has a shown positive one: the hidden entry is
            # positive, so the line's total is too, and it is either shown or a second hidden.
            chosen = min(shown, key=lambda key: grid[key[0]][key[1]])
            hidden[chosen] = Hidden.SECONDARY
            changed = True

    def value(r: int, c: int) -> Cell:
        return hidden.get((r, c), grid[r][c])

    return ProtectedTable(
        cells=[[value(r, c) for c in range(columns)] for r in range(rows)],
        row_totals=[value(r, columns) for r in range(rows)],
        column_totals=[value(rows, c) for c in range(columns)],
        total=value(rows, columns),
    )


def protect_counts(counts: Sequence[int]) -> tuple[list[Cell], Cell]:
    """One line of counts with its total (e.g. young people by age band)."""
    table = protect_table([list(counts)])
    return table.cells[0], table.total


def protect_share(part: int, whole: int) -> tuple[Cell, Cell, float | None]:
    """A share (e.g. in a positive destination) with its numerator and denominator: the share
    is shown only where both the part and the rest are shown, so neither a small group nor a
    small remainder (3 of 40 not in a destination) can be read from it."""
    (shown_part, shown_rest), shown_whole = protect_counts([part, whole - part])
    if isinstance(shown_part, Hidden) or isinstance(shown_rest, Hidden) or whole == 0:
        return shown_part, shown_whole, None
    return shown_part, shown_whole, part / whole


def display(cell: Cell | None) -> str:
    """A cell as text for a table or a download: the count, "<5", "x", or empty for none."""
    if cell is None:
        return ""
    return str(cell)
