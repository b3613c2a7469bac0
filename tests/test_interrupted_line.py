"""The line that sessions were interrupted, apart from the app (``tui.interrupted``): which
sessions it names as it is told, taken back and left for the terminal."""

from __future__ import annotations

from tui.interrupted import InterruptedLine


def command(words: str) -> str:
    return f"lumbar {words}"


def test_a_session_resumed_while_the_line_naming_it_is_up_takes_it_back_and_the_rest_waits() -> (
    None
):
    line = InterruptedLine(command)
    line.found([1, 2])
    told = line.tell(timeout_s=600)
    assert told.message == (
        "2 sessions were interrupted; what was done is kept "
        "('lumbar log show 1', 'lumbar log show 2')."
    )
    assert line.untold == ()
    assert line.resumed(1) is told, "taken back: it names a session no longer interrupted"
    assert list(line.untold) == [2], "the other is told again, alone"
    assert line.tell(timeout_s=600).message == (
        "A session was interrupted; what was done is kept ('lumbar log show 2')."
    )


def test_a_session_resumed_that_the_line_up_does_not_name_leaves_it() -> None:
    line = InterruptedLine(command)
    line.found([2])
    line.tell(timeout_s=600)
    assert line.resumed(1) is None
    assert line.left_untold() == "lumbar: a session was interrupted; what was done is kept: " + (
        "lumbar log show 2"
    ), "still up as lumbar closes: printed too"
    assert line.left_untold() is None, "once"


def test_a_line_up_its_time_is_not_taken_back_nor_printed() -> None:
    line = InterruptedLine(command)
    line.found([1])
    line.tell(timeout_s=0)  # its time is up at once
    assert line.resumed(1) is None
    assert line.left_untold() is None


def test_a_session_resumed_before_the_database_says_what_it_found_is_not_named() -> None:
    line = InterruptedLine(command)
    line.resumed(1)
    line.found([1, 2])
    assert line.untold == (2,)


def test_sessions_found_again_are_not_told_again() -> None:
    """The thread that opens the database keeps what it found, and its message says so
    again, maybe after the line was told."""
    line = InterruptedLine(command)
    line.found([1])
    line.tell(timeout_s=0)
    line.found([1])
    assert line.untold == ()
