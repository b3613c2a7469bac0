"""Keeping a connected device's measurements going (a Polar's accelerometer over PMD).

For one connection, ``Measurements`` subscribes to each measurement's characteristics and
starts it. A start answered "already running" is a measurement an app left running (a
Polar H10 keeps one going until an app stops it: polar-ble-sdk KnownIssues.md, H10 issue
2): it is stopped, then started again. A request refused for want of pairing (Windows
answers an unpaired H10 so: bleak issue #1943) pairs, then asks again. Each stream is
watched on its own, and one that stops, whether the device says so (PMD ``01 02``) or it
just falls silent, is stopped and started again without dropping the link. A measurement
that will not start leaves the device connected with its other streams (heart rate), and
what the hub should tell a person comes out as ``StreamNews``. ``stop_all`` stops every
measurement before a disconnect the hub makes while the link is up.

No Bluetooth here: the hub hands in how to write, subscribe and pair on its connection.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from sensors.backend import describe, pairing_needed
from sensors.errors import PayloadError
from sensors.profiles import ControlAnswer, Measurement, MeasurementsHalted, Profile, Subscription

__all__ = ["Measurements", "StreamNews"]


@dataclass(frozen=True, slots=True)
class StreamNews:
    """A measurement went off (``reason``, and whether it will be tried again) or came back."""

    stream: str
    label: str
    running: bool
    reason: str = ""
    retrying: bool = False


class _Refused(Exception):
    """A measurement could not start; ``str()`` says why, for a person."""

    def __init__(self, why: str, *, lasting: bool) -> None:
        super().__init__(why)
        self.lasting = lasting


@dataclass(eq=False)
class _Kept:
    """One measurement on this connection, as ``Measurements`` keeps it going."""

    measurement: Measurement
    subscribed: bool = False
    attempted: bool = False  # a start went out: stop it before leaving
    running: bool = False
    started_s: float = 0.0
    last_data_s: float | None = None
    halted: bool = False  # the device said it stopped it
    reason: str = ""  # why it is off
    told: str = ""  # the reason a person was last told it is off ("" once it is back)
    retry_at_s: float | None = None  # None: not asked again on this connection
    failures: int = 0


class Measurements:
    """The measurements of one connection of one device."""

    def __init__(
        self,
        profile: Profile,
        *,
        write: Callable[[str, bytes], Awaitable[None]],
        subscribe: Callable[[Subscription], Awaitable[None]],
        pair: Callable[[], Awaitable[None]],
        mtu: Callable[[], int],
        clock: Callable[[], float],
        news: Callable[[StreamNews], None],
        wake: Callable[[], None],
        answer_within_s: float,
        silence_s: float,
        retry_first_s: float,
        retry_max_s: float,
    ) -> None:
        self.profile = profile
        self._write_raw = write
        self._subscribe_raw = subscribe
        self._pair = pair
        self._mtu = mtu
        self._clock = clock
        self._news = news
        self._wake = wake
        self.answer_within_s = answer_within_s
        self.silence_s = silence_s
        self.retry_first_s = retry_first_s
        self.retry_max_s = retry_max_s
        self._kept = {m.stream: _Kept(m) for m in profile.measurements()}
        self._subscribed: set[str] = set()
        self._paired = False
        self._telling = False
        self._command_lock = asyncio.Lock()
        self._waiter: asyncio.Future[ControlAnswer] | None = None

    # -- from the notification callbacks: no I/O ----------------------------------------

    def on_control(self, payload: bytes) -> None:
        """An indication on a control characteristic: an answer, or streams the device
        stopped by itself."""
        try:
            message = self.profile.read_control(payload)
        except PayloadError:
            return  # the decoder counts it as malformed
        if isinstance(message, MeasurementsHalted):
            for stream in message.streams:
                kept = self._kept.get(stream)
                if kept is not None and kept.running:
                    kept.halted = True
            self._wake()
        elif self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(message)

    def on_data(self, stream: str, received_s: float) -> None:
        """Readings came on ``stream``."""
        kept = self._kept.get(stream)
        if kept is None:
            return
        kept.last_data_s = received_s
        if kept.running and kept.told:
            kept.told = ""
            self._news(StreamNews(stream, kept.measurement.label, running=True))

    # -- starting -----------------------------------------------------------------------

    async def start_all(self) -> None:
        for kept in self._kept.values():
            await self._start(kept)

    def tell_from_now(self) -> None:
        """Report what is off (the device counts as connected now), and all later news."""
        self._telling = True
        for kept in self._kept.values():
            self._tell_off(kept)

    def off(self) -> dict[str, str]:
        """The measurements off right now, and why."""
        return {stream: kept.reason for stream, kept in self._kept.items() if not kept.running}

    async def _start(self, kept: _Kept) -> None:
        measurement = kept.measurement
        try:
            await self._subscribe(kept)
            kept.attempted = True
            answer = await self._command(measurement, measurement.start)
            if answer.already_running:
                # Left running by an app that never stopped it: stop it (whatever the
                # answer), then start it again with our settings.
                with contextlib.suppress(_Refused):
                    await self._command(measurement, measurement.stop)
                answer = await self._command(measurement, measurement.start)
        except _Refused as refused:
            self._went_off(kept, str(refused), lasting=refused.lasting)
            return
        except Exception as error:  # the link, mostly: the hub sees that for itself
            self._went_off(kept, f"the start could not be sent ({describe(error)})")
            return
        if not answer.ok:
            why = answer.why
            if answer.mtu_too_small:
                why += f"; this link's MTU is {self._mtu()} bytes"
            self._went_off(kept, f"it refused: {why}", lasting=answer.lasting)
            return
        kept.running = True
        kept.halted = False
        kept.started_s = self._clock()
        kept.reason = ""
        kept.retry_at_s = None
        kept.failures = 0

    async def _subscribe(self, kept: _Kept) -> None:
        if kept.subscribed:
            return
        for subscription in (kept.measurement.control, kept.measurement.data):
            if subscription.characteristic_uuid in self._subscribed:
                continue  # shared with another measurement (one PMD control point for all)
            try:
                await self._paired_if_asked(partial(self._subscribe_raw, subscription))
            except _Refused:
                raise  # already says why
            except Exception as error:
                raise _Refused(
                    f"its {subscription.stream} cannot be subscribed to ({describe(error)})",
                    lasting=True,
                ) from None
            self._subscribed.add(subscription.characteristic_uuid)
        kept.subscribed = True

    async def _command(self, measurement: Measurement, data: bytes) -> ControlAnswer:
        """Write a start or a stop and wait for the device's answer."""
        async with self._command_lock:
            waiter = asyncio.get_running_loop().create_future()
            self._waiter = waiter
            try:
                uuid = measurement.control.characteristic_uuid
                await self._paired_if_asked(partial(self._write_raw, uuid, data))
                try:
                    return await asyncio.wait_for(waiter, self.answer_within_s)
                except TimeoutError:
                    raise _Refused("it did not answer", lasting=False) from None
            finally:
                self._waiter = None

    async def _paired_if_asked(self, request: Callable[[], Awaitable[None]]) -> None:
        """Make a request; when the device wants the link paired first, pair and ask again
        (once a connection: a device that still asks must be paired by hand)."""
        if not self._paired:
            try:
                await request()
                return
            except Exception as error:
                if not pairing_needed(error):
                    raise
            self._paired = True
            try:
                await self._pair()
            except Exception as error:
                raise _Refused(_pair_by_hand(describe(error)), lasting=True) from None
        try:
            await request()
        except Exception as error:
            if pairing_needed(error):
                raise _Refused(_pair_by_hand("it still asks for it"), lasting=True) from None
            raise

    # -- watching -----------------------------------------------------------------------

    def next_due_s(self) -> float | None:
        """When ``keep`` next has something to do (a stream may fall silent, a retry)."""
        due: list[float] = []
        for kept in self._kept.values():
            if kept.running:
                due.append(max(kept.last_data_s or 0.0, kept.started_s) + self.silence_s)
                if kept.halted:
                    due.append(self._clock())
            elif kept.retry_at_s is not None:
                due.append(kept.retry_at_s)
        return min(due, default=None)

    async def keep(self) -> None:
        """Take off what stopped or fell silent; restart what is due."""
        now = self._clock()
        for kept in self._kept.values():
            if kept.running and kept.halted:
                self._went_off(kept, "the device stopped it", retry_in_s=0.0)
            elif kept.running:
                quiet_s = now - max(kept.last_data_s or 0.0, kept.started_s)
                if quiet_s >= self.silence_s:
                    # The same words each time, so that a stream that keeps dying is told
                    # once (the hub says a thing again only when its words change).
                    self._went_off(kept, f"no data for {self.silence_s:g} s", retry_in_s=0.0)
            if not kept.running and kept.retry_at_s is not None and now >= kept.retry_at_s:
                await self._restart(kept)

    async def _restart(self, kept: _Kept) -> None:
        """Stop a stream the device may still think it sends, then start it afresh."""
        if kept.attempted:
            with contextlib.suppress(Exception):
                await self._command(kept.measurement, kept.measurement.stop)
        await self._start(kept)

    def _went_off(
        self, kept: _Kept, reason: str, *, lasting: bool = False, retry_in_s: float | None = None
    ) -> None:
        kept.running = False
        kept.halted = False
        kept.reason = reason
        kept.failures += 1
        if lasting:
            kept.retry_at_s = None
        else:
            if retry_in_s is None:
                retry_in_s = min(self.retry_first_s * 2 ** (kept.failures - 1), self.retry_max_s)
            kept.retry_at_s = self._clock() + retry_in_s
        self._tell_off(kept)

    def _tell_off(self, kept: _Kept) -> None:
        if not self._telling or kept.running or kept.told == kept.reason:
            return
        kept.told = kept.reason
        measurement = kept.measurement
        self._news(
            StreamNews(
                measurement.stream,
                measurement.label,
                running=False,
                reason=kept.reason,
                retrying=kept.retry_at_s is not None,
            )
        )

    # -- leaving ------------------------------------------------------------------------

    async def stop_all(self) -> None:
        """Stop every measurement started on this connection (answers or not)."""
        for kept in self._kept.values():
            if kept.attempted:
                kept.running = False
                with contextlib.suppress(Exception):
                    await self._command(kept.measurement, kept.measurement.stop)


def _pair_by_hand(why: str) -> str:
    return (
        f"it must be paired first, and pairing did not work ({why}): pair it in the "
        "system's Bluetooth settings, then connect again"
    )
