"""Motion scripts: what an emulated accelerometer feels, as a function of time.

A motion script maps seconds since the stream started to acceleration in milli-g on the
sensor's x, y and z axes. The emulated H10 samples its script at the configured rate, so
a later script can make the strap perform an exercise (a bridge, a bird-dog) and the
detectors see it through the whole Bluetooth path.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["MotionScript", "lying_still"]

MotionScript = Callable[[float], tuple[float, float, float]]

GRAVITY_MG = 1000.0


def lying_still(
    *, breathing_hz: float = 0.25, breathing_mg: float = 12.0, tremor_mg: float = 2.5
) -> MotionScript:
    """A chest strap on someone lying on their back: gravity through the chest (z),
    the chest rising and falling with breathing, and a faint physiological tremor
    (8-12 Hz, a few mg). Deterministic: the same t gives the same sample."""

    def sample(t_s: float) -> tuple[float, float, float]:
        breath = math.sin(2.0 * math.pi * breathing_hz * t_s)
        tremor_x = tremor_mg * math.sin(2.0 * math.pi * 9.7 * t_s + 0.3)
        tremor_y = tremor_mg * math.sin(2.0 * math.pi * 11.3 * t_s + 1.9)
        tremor_z = tremor_mg * math.sin(2.0 * math.pi * 8.1 * t_s + 4.1)
        # Breathing tilts the chest a little about the body's long axis (x to z).
        tilt = breathing_mg * breath
        return (
            -35.0 + tilt + tremor_x,
            12.0 + 0.3 * tilt + tremor_y,
            GRAVITY_MG - 0.5 * abs(tilt) + tremor_z,
        )

    return sample
