"""Polar Verity Sense optical arm band: heart rate, and ACC at 52 Hz, ±8 g through PMD.

Outside its SDK mode the Verity Sense offers ACC only at 52 Hz and 8 g, 16-bit, three
channels (Polar BLE SDK, documentation/products/PolarVeritySense.md). Its optical heart
rate carries no RR intervals.
"""

from __future__ import annotations

from sensors.profiles.polar_pmd import PolarPmdProfile

PROFILE = PolarPmdProfile(
    kind="polar-verity-sense",
    label="Polar Verity Sense",
    streams=("hr", "acc", "battery"),
    acc_rate_hz=52,
    name_prefix="Polar Sense",
    acc_rates_hz=(52,),
    acc_range_g=8,
    acc_resolution_bits=16,
    acc_channels=3,
)
