"""What the sensor hub hands the rest of the app: timestamped readings, one per packet."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AccelerationBatch", "BatteryReading", "HeartRateReading", "Reading"]


@dataclass(frozen=True, slots=True)
class HeartRateReading:
    """One Heart Rate Measurement; ``t_s`` is the host's monotonic clock at reception."""

    device: str
    t_s: float
    heart_rate_bpm: int
    rr_intervals_ms: tuple[float, ...]
    contact_detected: bool | None
    energy_expended_kj: int | None

    @property
    def has_heart_rate(self) -> bool:
        """Whether it is a heart rate at all: a strap without skin contact sends 0 bpm, or
        repeats its last rate while its contact bits say "not detected" (as stored, the
        same test is ``db.figures.is_heart_rate``)."""
        return self.heart_rate_bpm > 0 and self.contact_detected is not False


@dataclass(frozen=True, slots=True)
class AccelerationBatch:
    """Accelerometer samples from one frame, each with its host monotonic time."""

    device: str
    t_s: tuple[float, ...]
    acc_mg: tuple[tuple[int, int, int], ...]
    rate_hz: float


@dataclass(frozen=True, slots=True)
class BatteryReading:
    device: str
    t_s: float
    percent: int


Reading = HeartRateReading | AccelerationBatch | BatteryReading
