"""A clock, a count or a word in block glyphs as large as the space it is given: readable
from a mat.

Each glyph is drawn from a 5×7 pixel font; a pixel is a block of terminal cells, twice as
wide as it is tall (a cell is about twice as tall as it is wide), scaled to the largest size
that fits the widget. Digits, ':', a space and the capitals of the tempo's words (LIFT, HOLD,
LOWER, PAUSE) are drawn; anything else is left out.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    ":": (" ", "#", "#", " ", "#", "#", " "),
    " ": ("  ", "  ", "  ", "  ", "  ", "  ", "  "),
    "A": (" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "D": ("#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "),
    "E": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"),
    "F": ("#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "),
    "H": ("#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"),
    "I": (" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "L": ("#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"),
    "N": ("#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"),
    "O": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "P": ("#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "),
    "R": ("#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"),
    "S": (" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "),
    "T": ("#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "),
    "U": ("#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "W": ("#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "),
}
ROWS = 7
GAP = 1
"""Pixels between two glyphs."""


def layout(text: str) -> list[str]:
    """The text as rows of pixels ('#' lit), glyphs side by side with a gap."""
    glyphs = [FONT[ch] for ch in text if ch in FONT]
    if not glyphs:
        return []
    return [(" " * GAP).join(glyph[row] for glyph in glyphs) for row in range(ROWS)]


def scale_for(pixels_wide: int, width: int, height: int) -> tuple[int, int]:
    """Cells per pixel across and down: the largest that fit, keeping pixels about square
    on screen (two cells across for one down) unless the width does not allow it."""
    if pixels_wide <= 0 or width <= 0 or height <= 0:
        return 0, 0
    down = min(height // ROWS, width // (2 * pixels_wide))
    if down >= 1:
        return 2 * down, down
    across = width // pixels_wide
    return (across, 1) if across >= 1 and height >= ROWS else (0, 0)


def rows_drawn(text: str, width: int, height: int) -> int:
    """How many rows ``text`` takes drawn as large as ``width`` × ``height`` allows."""
    rows = layout(text)
    _, down = scale_for(len(rows[0]) if rows else 0, width, height)
    return down * ROWS


def room_above(figure: str, word: str, width: int, height: int) -> int:
    """The rows above ``figure``, drawn as large as ``width`` × ``height`` allows, that
    ``word`` can have in block letters at no cost to the figure's size: all the rows the
    figure leaves; 0 where they are fewer than the word's smallest (``ROWS``), or the word
    does not fit across them (a figure as tall as the room allows leaves under ``ROWS``: a
    word is drawn only where the width, not the height, bounds the figure)."""
    drawn = rows_drawn(figure, width, height)
    spare = height - drawn
    if not drawn or spare < ROWS or not rows_drawn(word, width, spare):
        return 0
    return spare


class BigClock(Widget):
    """Shows ``text`` (set it with ``show``) centred, as large as the widget allows."""

    DEFAULT_CSS = """
    BigClock {
        height: 1fr;
        width: 1fr;
    }
    """

    SHADE = "▒"
    """The block of a figure that stands still (``show(..., shaded=True)``): greyed, in a
    monochrome terminal too."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._shaded = False

    @property
    def text(self) -> str:
        return self._text

    @property
    def shaded(self) -> bool:
        return self._shaded

    def show(self, text: str, *, shaded: bool = False) -> None:
        """``shaded``: drawn in light blocks, as a figure that stands still."""
        if text != self._text or shaded != self._shaded:
            self._text, self._shaded = text, shaded
            self.refresh()

    def rows_tall(self) -> int:
        """How many rows the digits take at the widget's present size."""
        return rows_drawn(self._text, self.size.width, self.size.height)

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        style = self.rich_style
        rows = layout(self._text)
        across, down = scale_for(len(rows[0]) if rows else 0, width, height)
        if not down:
            return Strip.blank(width, style)
        drawn_w, drawn_h = len(rows[0]) * across, ROWS * down
        top, left = (height - drawn_h) // 2, (width - drawn_w) // 2
        if not top <= y < top + drawn_h:
            return Strip.blank(width, style)
        row = rows[(y - top) // down]
        lit = self.SHADE if self._shaded else "█"
        segments = [Segment(" " * left, style)]
        for pixel in row:
            segments.append(Segment((lit if pixel == "#" else " ") * across, style))
        segments.append(Segment(" " * (width - left - drawn_w), style))
        return Strip(segments, width)
