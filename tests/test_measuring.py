"""How a measurement is kept going, on a fake clock: when it is asked again, and what is told.

The Bluetooth side is a stand-in that answers the PMD control point as an H10 would (the
bytes of Polar's PMD specification); everything of ours is real. The whole story through
bleak and the emulated strap is in test_hub_faults.py.
"""

from __future__ import annotations

import asyncio

from sensors.measuring import Measurements, StreamNews
from sensors.pmd import encode_control_response
from sensors.profiles import Subscription, by_kind

START, STOP = 2, 3


class Strap:
    """Answers starts with ``status`` (0: started) and stops with success."""

    def __init__(self) -> None:
        self.status = 0
        self.writes: list[int] = []
        self.measurements: Measurements | None = None

    async def write(self, _uuid: str, data: bytes) -> None:
        self.writes.append(data[0])
        status = self.status if data[0] == START else 0
        answer = encode_control_response(data[0], data[1], status)
        assert self.measurements is not None
        asyncio.get_running_loop().call_soon(self.measurements.on_control, answer)

    async def subscribe(self, _subscription: Subscription) -> None:
        return None

    async def pair(self) -> None:
        return None


def kept(strap: Strap, clock: list[float], news: list[StreamNews]) -> Measurements:
    measurements = Measurements(
        by_kind("polar-h10"),
        write=strap.write,
        subscribe=strap.subscribe,
        pair=strap.pair,
        mtu=lambda: 232,
        clock=lambda: clock[0],
        news=news.append,
        wake=lambda: None,
        answer_within_s=1.0,
        silence_s=5.0,
        retry_first_s=2.0,
        retry_max_s=10.0,
    )
    strap.measurements = measurements
    return measurements


async def test_a_refusal_that_may_pass_is_asked_again_ever_less_often_and_told_once() -> None:
    strap, clock, news = Strap(), [100.0], list[StreamNews]()
    strap.status = 13  # on its charger
    measurements = kept(strap, clock, news)
    await measurements.start_all()
    measurements.tell_from_now()
    due = []
    for _ in range(5):
        next_s = measurements.next_due_s()
        assert next_s is not None
        due.append(next_s - clock[0])
        clock[0] = next_s
        await measurements.keep()
    assert due == [2.0, 4.0, 8.0, 10.0, 10.0]  # doubling, up to the maximum
    assert news == [
        StreamNews(
            "acc",
            "motion",
            running=False,
            reason="it refused: it is on its charger (device in charger)",
            retrying=True,
        )
    ]
    strap.status = 0  # off the charger
    clock[0] = measurements.next_due_s() or 0.0
    await measurements.keep()
    assert measurements.off() == {}
    measurements.on_data("acc", clock[0] + 0.2)
    assert news[-1] == StreamNews("acc", "motion", running=True)


async def test_a_lasting_refusal_is_not_asked_again_on_this_connection() -> None:
    strap, clock, news = Strap(), [0.0], list[StreamNews]()
    strap.status = 8  # invalid sample rate
    measurements = kept(strap, clock, news)
    await measurements.start_all()
    measurements.tell_from_now()
    assert measurements.next_due_s() is None
    assert news[0].retrying is False
    assert strap.writes == [START]


async def test_a_silent_stream_is_restarted_at_once_and_told_once_while_it_stays_dead() -> None:
    strap, clock, news = Strap(), [0.0], list[StreamNews]()
    measurements = kept(strap, clock, news)
    await measurements.start_all()
    measurements.tell_from_now()
    measurements.on_data("acc", 0.5)
    for _ in range(3):  # it "starts", and no data ever comes
        clock[0] = measurements.next_due_s() or 0.0
        await measurements.keep()  # found silent: off, due at once
        await measurements.keep()  # restarted: a stop, then a start
    assert strap.writes == [START] + [STOP, START] * 3
    assert [n.reason for n in news] == ["no data for 5 s"]  # the same words: told once


async def test_every_measurement_started_is_stopped_before_leaving() -> None:
    strap, clock, news = Strap(), [0.0], list[StreamNews]()
    measurements = kept(strap, clock, news)
    await measurements.stop_all()
    assert strap.writes == []  # nothing started, nothing to stop
    await measurements.start_all()
    await measurements.stop_all()
    assert strap.writes == [START, STOP]
    assert measurements.off() == {"acc": ""}
