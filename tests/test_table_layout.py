"""The tables' layout on text alone: the columns' widths, a long cell wrapped onto a few
lines of its row and cut with "…" when it goes on past them (the screens are driven with
Pilot in test_session_detail, test_summary and test_log_table)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.widgets.table_layout import MAX_CELL_LINES, cut_cell, fitted_widths, wrap_cell


def test_a_short_cell_is_one_line_and_a_longer_one_wraps_between_words() -> None:
    assert wrap_cell("Bird dog", 16) == ["Bird dog"]
    assert wrap_cell("", 16) == [""]
    assert wrap_cell("Seated lower back rotation stretch", 16) == [
        "Seated lower",
        "back rotation",
        "stretch",
    ]


def test_a_cell_longer_than_its_lines_ends_with_an_ellipsis_within_the_width() -> None:
    """The last line held all the rest, which the table then cut without a sign: the end of
    a long name or outcome was lost unseen."""
    name = "Seated lower back rotation stretch with a towel under the knees"
    lines = wrap_cell(name, 16)
    assert lines == ["Seated lower", "back rotation", "stretch with a…"]
    assert len(lines) == MAX_CELL_LINES


@pytest.mark.parametrize(
    "text",
    [
        "Seated lower back rotation stretch with a towel under the knees",
        "Supercalifragilisticexpialidocious-stretch, then skipped",
        "腰のストレッチ 座ったままの回旋 タオルを膝の下に 左右交互に",  # two cells a character
        "Étirement du bas du dos, assis, avec une serviette sous les genoux",
    ],
)
@pytest.mark.parametrize("width", [4, 9, 16, 18])
def test_every_line_fits_its_width_in_cells(text: str, width: int) -> None:
    lines = wrap_cell(text, width)
    assert 1 <= len(lines) <= MAX_CELL_LINES
    assert all(cell_len(line) <= width for line in lines), lines
    whole = "".join(text.split())
    if "".join("".join(lines).split()) != whole:  # cut: the last line says so
        assert lines[-1].endswith("…"), lines
        assert whole.startswith("".join("".join(lines).split())[:-1])


def test_a_cell_is_cut_with_an_ellipsis_only_when_it_does_not_fit() -> None:
    assert cut_cell("Core basics", 11) == "Core basics"
    assert cut_cell("Hip flexor balance", 13) == "Hip flexor b…"
    assert cut_cell("Evening back care", 13) == "Evening back…", "no space before the mark"
    assert cut_cell("腰のストレッチ", 6) == "腰の…"
    assert cell_len(cut_cell("腰のストレッチ", 6)) <= 6


def test_the_spare_room_goes_to_the_grown_columns_in_order_up_to_their_longest() -> None:
    columns = (("Name", 6), ("N", 2), ("Outcome", 8))
    rows = [("Evening back care", "3", "10 reps, then skipped"), ("腰のストレッチ", "1", "")]
    assert fitted_widths(columns, rows, 16, (0, 2)) == (6, 2, 8), "no room: the least"
    assert fitted_widths(columns, rows, 26, (0, 2)) == (16, 2, 8), "the name first"
    assert fitted_widths(columns, rows, 100, (0, 2)) == (17, 2, 21), "each to its longest"
    wide = [("腰のストレッチ体操です", "1", "")]  # 22 cells, 11 characters
    assert fitted_widths(columns, wide, 100, (0,))[0] == 22
