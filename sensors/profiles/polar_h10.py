"""Polar H10 chest strap: heart rate with RR intervals, and its accelerometer through PMD.

The H10 offers ACC at 25/50/100/200 Hz, 16-bit, ±2/4/8 g (Polar BLE SDK,
documentation/products/PolarH10.md). We take 200 Hz for rep and hold detection and ±4 g:
worn on the trunk during slow back exercises, accelerations stay near 1 g, and walking or
getting up and down off the floor peaks around 2 g, which ±2 g would clip when the strap is
knocked or the wearer drops onto a mat; ±8 g would double the sensor's step (the same 16
bits spread over twice the span) for headroom the trunk never needs.
"""

from __future__ import annotations

from sensors.profiles.polar_pmd import PolarPmdProfile

PROFILE = PolarPmdProfile(
    kind="polar-h10",
    label="Polar H10",
    streams=("hr", "rr", "acc", "battery"),
    acc_rate_hz=200,
    name_prefix="Polar H10",
    acc_rates_hz=(25, 50, 100, 200),
    acc_range_g=4,
    acc_resolution_bits=16,
)
