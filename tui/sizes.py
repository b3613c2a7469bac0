"""The smallest terminal each part of lumbar can be used in, and the words that say so.

Most screens (home, routines, the catalog, the log, help outside a session) need 80×24: their
tables and panes are laid out for it. A live session is read from further away, by someone who
may make the font larger (fewer cells), so it needs less:

- its full view 60×20: the title, the 3-row figure and its words, the steps and "Next" pane
  (a few lines each), the status line, progress and the footer; its dialogs (pain check,
  advice, end, note) wrap to 60 columns and fit whole;
- its mat view 40×12: the header, the exercise and the corner word on one row, the block
  clock 7 rows tall (the smallest glyphs, 38 columns for "1:05"), the words under it on two
  rows and the footer, and "Next" where those words take one row (a get-ready, a rest, a
  hold); from 19 rows "Next" and the touch targets come back.

Dialogs over a screen (questions, help, the palette) need what that screen needs, except the
advice after pain, read whole with its choices in the mat view's room (in a compact form
below the full view's) over either view, so that someone in pain can always answer it; the
offer at start to resume an interrupted session, over home, in the mat view's room too, as
the session it resumes can run there (lumbar started again on the mat after it stopped);
and the summary that follows a session, read in the terminal the session ran in (60×20).

Imports nothing of Textual (it is read by widgets and screens alike).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Minimum:
    """A smallest terminal: ``what`` needs ``width``×``height`` cells."""

    what: str
    width: int
    height: int

    def fits(self, width: int, height: int) -> bool:
        return width >= self.width and height >= self.height

    @property
    def size_text(self) -> str:
        """ "80×24"."""
        return f"{self.width}×{self.height}"


LUMBAR = Minimum("lumbar", 80, 24)
FULL_VIEW = Minimum("The session", 60, 20)
MAT_VIEW = Minimum("The mat view", 40, 12)
PAIN_ADVICE = Minimum("The advice after pain", MAT_VIEW.width, MAT_VIEW.height)
RESUME_OFFER = Minimum("The offer to resume", MAT_VIEW.width, MAT_VIEW.height)
SUMMARY = Minimum("The summary", FULL_VIEW.width, FULL_VIEW.height)
