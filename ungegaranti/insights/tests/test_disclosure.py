"""Disclosure control: no small count is shown, and no hidden one follows by a difference."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..disclosure import Hidden, display, protect_counts, protect_share, protect_table

# Counts skewed towards the small ones, where suppression has work to do.
counts = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6
    )
)


def _extended(counts_table, protected):
    """The true grid and the published grid, each with its margins as the last row/column."""
    true = [[*row, sum(row)] for row in counts_table]
    true.append([sum(col) for col in zip(*true, strict=True)])
    shown = [
        [*cells, total] for cells, total in zip(protected.cells, protected.row_totals, strict=True)
    ]
    shown.append([*protected.column_totals, protected.total])
    return true, shown


def _attack(shown):
    """What a reader works out by differences: every line (row with its total, column with its
    total) with one unknown gives it away, and each value found may open another line."""
    known = [[None if isinstance(v, Hidden) else v for v in row] for row in shown]
    rows, columns = len(known), len(known[0])
    lines = [[(r, c) for c in range(columns)] for r in range(rows)] + [
        [(r, c) for r in range(rows)] for c in range(columns)
    ]
    found = True
    while found:
        found = False
        for line in lines:
            unknown = [key for key in line if known[key[0]][key[1]] is None]
            if len(unknown) != 1:
                continue
            *parts, total = line
            r, c = unknown[0]
            if unknown[0] == total:
                known[r][c] = sum(known[a][b] for a, b in parts)
            else:
                known[r][c] = known[total[0]][total[1]] - sum(
                    known[a][b] for a, b in parts if (a, b) != unknown[0]
                )
            found = True
    return known


@given(tables)
def test_no_small_count_is_shown_and_no_hidden_count_can_be_recovered(table):
    protected = protect_table(table)
    true, shown = _extended(table, protected)
    for true_row, shown_row in zip(true, shown, strict=True):
        for value, cell in zip(true_row, shown_row, strict=True):
            if isinstance(cell, Hidden):
                continue
            assert cell == value, "a shown cell must be the true count"
            assert not 0 < cell < 5, f"{cell} is a small count shown"
    recovered = _attack(shown)
    for r, row in enumerate(shown):
        for c, cell in enumerate(row):
            if isinstance(cell, Hidden):
                assert recovered[r][c] is None, f"hidden cell ({r}, {c}) = {true[r][c]} recovered"


@given(tables)
def test_every_small_count_is_marked_primary_and_the_rest_secondary(table):
    true, shown = _extended(table, protect_table(table))
    for true_row, shown_row in zip(true, shown, strict=True):
        for value, cell in zip(true_row, shown_row, strict=True):
            if 0 < value < 5:
                assert cell is Hidden.PRIMARY
            elif isinstance(cell, Hidden):
                assert cell is Hidden.SECONDARY and value >= 5


def test_a_lone_small_count_takes_the_smallest_other_cell_with_it():
    protected = protect_table([[3, 12, 40], [20, 30, 50]])
    assert protected.cells[0] == [Hidden.PRIMARY, Hidden.SECONDARY, 40]
    # The columns of the two hidden cells need a second hidden entry each: row 2's 20 and 30.
    assert protected.cells[1] == [Hidden.SECONDARY, Hidden.SECONDARY, 50]
    assert protected.row_totals == [55, 100]
    assert protected.column_totals == [23, 42, 90]


def test_a_table_without_small_counts_is_shown_whole():
    protected = protect_table([[5, 0], [7, 9]])
    assert protected.cells == [[5, 0], [7, 9]]
    assert protected.total == 21


def test_one_line_with_its_total():
    cells, total = protect_counts([120, 2, 0, 33])
    assert cells == [120, Hidden.PRIMARY, 0, Hidden.SECONDARY]
    assert total == 155
    assert str(Hidden.PRIMARY) == "<5"


def test_a_share_is_hidden_where_the_part_or_the_rest_is_small():
    assert protect_share(30, 40) == (30, 40, 0.75)
    assert protect_share(38, 40)[2] is None  # 2 not in a destination
    assert protect_share(3, 40)[2] is None
    assert protect_share(0, 0)[2] is None


def test_an_empty_table_is_an_empty_table_with_a_total_of_zero():
    table = protect_table([])
    assert (table.cells, table.row_totals, table.column_totals, table.total) == ([], [], [], 0)


def test_a_ragged_or_negative_table_is_refused_saying_why():
    with pytest.raises(ValueError, match=r"^every row of a table must have the same number"):
        protect_table([[5, 6], [7]])
    with pytest.raises(ValueError, match=r"^counts cannot be negative$"):
        protect_table([[5, -1]])


def test_a_cell_is_shown_as_its_count_its_mark_or_nothing():
    assert [display(c) for c in (None, 0, 7, Hidden.PRIMARY, Hidden.SECONDARY)] == [
        "",
        "0",
        "7",
        "<5",
        "x",
    ]
