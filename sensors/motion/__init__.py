"""Motion analysis: posture, stillness, holds, reps and form from an accelerometer.

Streaming and pure: feed timestamped batches to :class:`MotionAnalyzer` and act on the events
it returns. numpy is used inside, so import this package only when analysis is needed (the
app's start-up and ``sensors/__init__`` do not).
"""

from sensors.motion.analyzer import MotionAnalyzer
from sensors.motion.events import (
    DataGap,
    FormWarning,
    HoldBroken,
    HoldEnded,
    HoldResumed,
    HoldStarted,
    MotionEvent,
    PostureChanged,
    RepCounted,
    RepWithdrawn,
    RestFound,
    SetEnded,
    StillnessEnded,
    StillnessStarted,
)
from sensors.motion.form import FormRule
from sensors.motion.orientation import PLACEMENTS, Calibration, Placement
from sensors.motion.profiles import form_rule_for
from sensors.motion.report import MotionReport, analyze_samples

__all__ = [
    "PLACEMENTS",
    "Calibration",
    "DataGap",
    "FormRule",
    "FormWarning",
    "HoldBroken",
    "HoldEnded",
    "HoldResumed",
    "HoldStarted",
    "MotionAnalyzer",
    "MotionEvent",
    "MotionReport",
    "Placement",
    "PostureChanged",
    "RepCounted",
    "RepWithdrawn",
    "RestFound",
    "SetEnded",
    "StillnessEnded",
    "StillnessStarted",
    "analyze_samples",
    "form_rule_for",
]
