"""Every screen and widget that declares key bindings: with the app itself
(``LumbarApp.binding_owners``), what the settings' key remapping is checked against
(``tui.keymap``)."""

from __future__ import annotations

from textual.dom import DOMNode

from tui.screens.catalog import CatalogScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen, RoutineList
from tui.screens.routine import RoutineScreen
from tui.screens.too_small import TooSmallScreen


def screens_and_widgets() -> tuple[type[DOMNode], ...]:
    """Every screen and widget class that declares key bindings (the app's are its own)."""
    from tui.screens.dose_editor import DoseEditor
    from tui.screens.log import LogScreen, SessionTable
    from tui.screens.outcomes import OutcomesScreen, PegQuestions, PsfsQuestions
    from tui.screens.questions import ConfirmEnd, NoteQuestion, NumberQuestion, PainAdviceScreen
    from tui.screens.resume import ResumeQuestion
    from tui.screens.runner import RunnerScreen
    from tui.screens.sensors import DeviceTable, SensorsScreen
    from tui.screens.session_detail import (
        ConfirmDelete,
        EditNote,
        SessionDetailScreen,
        StepTable,
    )
    from tui.screens.summary import SummaryScreen
    from tui.screens.trends import TrendsScreen

    return (
        HomeScreen,
        RoutineList,
        CatalogScreen,
        RoutineScreen,
        DoseEditor,
        HelpScreen,
        RunnerScreen,
        SummaryScreen,
        NumberQuestion,
        NoteQuestion,
        ConfirmEnd,
        PainAdviceScreen,
        ResumeQuestion,
        SensorsScreen,
        DeviceTable,
        LogScreen,
        SessionTable,
        SessionDetailScreen,
        StepTable,
        EditNote,
        ConfirmDelete,
        TrendsScreen,
        PegQuestions,
        PsfsQuestions,
        OutcomesScreen,
        TooSmallScreen,
    )
