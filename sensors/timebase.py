"""Device clock → host clock: Polar's nanosecond sample timestamps onto ``time.monotonic()``.

Each frame tells when its last sample was taken, by the device's clock, and we know when the
frame arrived, by ours. Arrival = sample time + a latency that is never negative but jitters
(connection interval, radio retries, the OS). So the best estimate of the clock offset is the
lower envelope of ``arrival - device time`` over a recent window, and the device clock drifts
against ours by tens of ppm, so that estimate must keep moving.

The mapping is a continuous, piecewise-linear function of device time whose slope is steered
toward the envelope (never by more than ``max_slew``), so host-receive jitter never makes
sample times jump, and times stay strictly increasing within a stream. Only a gross
disagreement (the device clock restarted, the host slept) re-anchors it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

__all__ = ["DeviceClock"]

_NS = 1e-9


class DeviceClock:
    """Maps one device stream's nanosecond timestamps onto host monotonic seconds.

    ``window_s``: how far back the lowest latency is looked for; ``tau_s``: how quickly the
    mapping closes a gap to the envelope; ``max_slew``: the largest rate correction (0.01 =
    10 ms per second); ``resync_s``: a disagreement this large re-anchors instead of steering.
    """

    def __init__(
        self,
        *,
        window_s: float = 20.0,
        tau_s: float = 4.0,
        max_slew: float = 0.01,
        resync_s: float = 2.0,
    ) -> None:
        if not 0 < max_slew < 1:
            raise ValueError("max_slew must be between 0 and 1 so that time keeps moving forward")
        self._window_s = window_s
        self._tau_s = tau_s
        self._max_slew = max_slew
        self._resync_s = resync_s
        self._anchor_device_s: float | None = None
        self._anchor_host_s = 0.0
        self._slope_after = 1.0  # host seconds per device second beyond the anchor
        self._slope_before = 1.0  # ... and on the segment that ends at the anchor
        self._last_out_s = float("-inf")
        self._floor_s: float | None = None  # outputs must stay above this after a re-anchor
        # (device s, arrival - device s), increasing offsets: front is the window's minimum.
        self._envelope: deque[tuple[float, float]] = deque()
        self.resyncs = 0

    def host_time_s(self, device_ns: int, received_host_s: float) -> float:
        """Host time of the sample stamped ``device_ns``, received at ``received_host_s``."""
        self._observe(device_ns * _NS, received_host_s)
        return self._emit((self._map(device_ns * _NS),))[0]

    def host_times_s(self, device_ns: Sequence[int], received_host_s: float) -> tuple[float, ...]:
        """Host times of one frame's samples (all received together, the last one latest)."""
        if not device_ns:
            return ()
        self._observe(max(device_ns) * _NS, received_host_s)
        return self._emit(tuple(self._map(ns * _NS) for ns in device_ns))

    @property
    def offset_s(self) -> float | None:
        """Current host-minus-device offset at the anchor (None before the first frame)."""
        if self._anchor_device_s is None:
            return None
        return self._anchor_host_s - self._anchor_device_s

    def _emit(self, times_s: tuple[float, ...]) -> tuple[float, ...]:
        """Keep the stream increasing across a re-anchoring: squeeze what would go back."""
        floor_s = self._floor_s
        if floor_s is not None and min(times_s) <= floor_s:
            top_s = max(max(times_s), floor_s + 1e-6)
            low_s = min(times_s)
            span_s = top_s - low_s or 1.0
            times_s = tuple(
                floor_s + (t - low_s + 1e-9) / (span_s + 1e-9) * (top_s - floor_s) for t in times_s
            )
        self._last_out_s = max(self._last_out_s, *times_s)
        return times_s

    def _map(self, device_s: float) -> float:
        assert self._anchor_device_s is not None
        elapsed = device_s - self._anchor_device_s
        slope = self._slope_after if elapsed >= 0 else self._slope_before
        return self._anchor_host_s + elapsed * slope

    def _observe(self, device_s: float, received_s: float) -> None:
        if self._anchor_device_s is None:
            self._anchor(device_s, received_s)
            return
        if device_s <= self._anchor_device_s:
            if device_s < self._anchor_device_s - self._resync_s:
                self._resync(device_s, received_s)  # the device clock went back: restarted
            return  # an earlier sample of a frame already seen: nothing new to learn
        self._floor_s = None
        mapped_s = self._map(device_s)
        self._remember(device_s, received_s - device_s)
        target_offset_s = self._envelope[0][1]
        error_s = (mapped_s - device_s) - target_offset_s
        if abs(error_s) > self._resync_s:
            # A latency spike cannot cause this (the target is the window's minimum): either a
            # sample arrived long before its mapped time, or no sample in a whole window came
            # near the mapping. The clocks themselves jumped.
            self._resync(device_s, received_s)
            return
        correction = max(-self._max_slew, min(self._max_slew, -error_s / self._tau_s))
        self._slope_before = self._slope_after
        self._slope_after = 1.0 + correction
        self._anchor_device_s = device_s
        self._anchor_host_s = mapped_s

    def _remember(self, device_s: float, offset_s: float) -> None:
        envelope = self._envelope
        while envelope and envelope[-1][1] >= offset_s:
            envelope.pop()
        envelope.append((device_s, offset_s))
        while envelope[0][0] < device_s - self._window_s:
            envelope.popleft()

    def _anchor(self, device_s: float, received_s: float) -> None:
        self._anchor_device_s = device_s
        self._anchor_host_s = received_s
        self._slope_before = self._slope_after = 1.0
        self._envelope.clear()
        self._remember(device_s, received_s - device_s)

    def _resync(self, device_s: float, received_s: float) -> None:
        self.resyncs += 1
        self._anchor(device_s, received_s)
        self._floor_s = self._last_out_s
