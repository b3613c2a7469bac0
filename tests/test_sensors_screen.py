"""The sensors screen and the app's sensor link, driven with Pilot against emulated devices.

The devices are the Bumble-emulated H10 and strap reached through bleak: in-process for
``--demo``, or served over TCP and found through ``LUMBAR_EMULATOR`` as a person running
``lumbar emulate`` would. Nothing of ours is replaced.
"""

from __future__ import annotations

import socket
import time
import tomllib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from sensors_fixtures import H10, STRAP
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Sparkline, Static

from catalog import load_catalog
from sensors.emulation.hr_strap import EmulatedHeartRateStrap
from sensors.emulation.world import Emulator
from tui.app import LumbarApp
from tui.devices_memory import DeviceMemory, RememberedDevice
from tui.locations import Locations
from tui.screens.catalog import CatalogScreen
from tui.screens.home import HomeScreen
from tui.screens.sensors import DevicePreview, DeviceTable, SensorsScreen
from tui.sensor_link import (
    AccelerationReceived,
    BatteryReceived,
    BluetoothMissing,
    HeartRateReceived,
    SensorStateChanged,
    SensorStreamResumed,
    SensorStreamStopped,
)
from tui.settings import Settings

SIZE = (80, 24)
M = TypeVar("M", bound=Message)


def make_app(
    lumbar_home: Locations, *, demo: bool = False, start_routine: str | None = None
) -> LumbarApp:
    return LumbarApp(
        catalog=load_catalog(lumbar_home.catalog_dir),
        settings=Settings(sound=False, voice=False, tones=False),
        locations=lumbar_home,
        start_routine=start_routine,
        demo=demo,
    )


def devices_file(lumbar_home: Locations) -> Path:
    return lumbar_home.config_dir / "devices.toml"


async def until(
    pilot: Pilot[int], holds: Callable[[], bool], what: str, timeout_s: float = 30.0
) -> None:
    """Let the app run until ``holds()`` (a guard against hanging, not a speed test)."""
    deadline = time.monotonic() + timeout_s
    while not holds():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout_s} s for {what}")
        await pilot.pause(0.05)


def of(messages: list[Message], kind: type[M]) -> list[M]:
    """Messages of one kind, each once (the hook sees a bubbling message at every node)."""
    return list({id(m): m for m in messages if isinstance(m, kind)}.values())


def current(app: LumbarApp) -> Screen[object]:
    """The active screen, read afresh (keeps mypy from narrowing it across key presses)."""
    return app.screen


def sensors_screen(app: LumbarApp) -> SensorsScreen:
    screen = current(app)
    assert isinstance(screen, SensorsScreen)
    return screen


def rows(screen: SensorsScreen) -> dict[str, list[str]]:
    table = screen.query_one(DeviceTable)
    return {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows if key}


def highlight(screen: SensorsScreen, address: str) -> None:
    table = screen.query_one(DeviceTable)
    table.move_cursor(row=table.get_row_index(address))


def preview_text(preview: DevicePreview) -> str:
    return " | ".join(str(static.render()) for static in preview.query(Static))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def served_emulator(monkeypatch: pytest.MonkeyPatch, *kinds: str) -> AsyncIterator[Emulator]:
    """Emulated devices served over TCP, as 'lumbar emulate' serves them; LUMBAR_EMULATOR set."""
    emulator = await Emulator.start(kinds)
    port = await emulator.serve_hci()
    monkeypatch.setenv("LUMBAR_EMULATOR", f"tcp:{port}")
    try:
        yield emulator
    finally:
        await emulator.close()


async def test_demo_scan_connect_preview_and_disconnect(lumbar_home: Locations) -> None:
    messages: list[Message] = []
    app = make_app(lumbar_home, demo=True)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("w")
        screen = sensors_screen(app)
        bar = screen.query_one("#scan-progress", ProgressBar)
        await until(pilot, lambda: H10 in rows(screen) and STRAP in rows(screen), "the devices")
        assert rows(screen)[H10][:4] == ["polar-h10", "Polar H10 1A2B3C4D", H10, "-50 dBm"]
        assert rows(screen)[STRAP][:3] == ["generic-hr", "HR Strap 4F2A", STRAP]
        await until(pilot, lambda: (bar.progress or 0) > 0, "the scan's progress")
        assert bar.total == 5.0

        highlight(screen, H10)
        await pilot.pause()
        assert screen.active_bindings["enter"].binding.id == "sensors.connect"
        await pilot.press("enter")
        await until(pilot, lambda: rows(screen)[H10][4] == "connected", "the H10 connected")
        (preview,) = screen.query(DevicePreview)
        trace = preview.query_one(Sparkline)
        await until(
            pilot,
            lambda: "bpm" in preview_text(preview) and len(trace.data or []) >= 3,
            "a heart rate and an accelerometer trace",
        )
        text = preview_text(preview)
        assert "battery 92 %" in text
        assert "no gaps" in text
        assert "ACC 200 Hz" in text
        assert all(900 < point < 1100 for point in trace.data or [])  # lying still: about 1 g
        assert preview.border_subtitle == "connected"
        assert screen.active_bindings["enter"].binding.id == "sensors.disconnect"
        # Remembered for this run, never on disk: the demo's devices are not real ones.
        assert rows(screen)[H10][1] == "★ Polar H10 1A2B3C4D"
        assert not devices_file(lumbar_home).exists()

        await pilot.press("enter")
        # The row and the preview go separately (the preview's removal comes later when busy).
        await until(
            pilot,
            lambda: rows(screen)[H10][4] == "disconnected" and not screen.query(DevicePreview),
            "the disconnect, its preview gone",
        )
        await pilot.press("escape")
        assert isinstance(current(app), HomeScreen)

    states = [
        (m.event.device, m.event.state, m.event.reason) for m in of(messages, SensorStateChanged)
    ]
    assert states == [(H10, "connecting", ""), (H10, "connected", ""), (H10, "disconnected", "")]
    heart = of(messages, HeartRateReceived)
    assert heart
    assert all(60 <= m.reading.heart_rate_bpm <= 120 for m in heart)
    assert [m.reading.percent for m in of(messages, BatteryReceived)] == [92]
    assert {m.device for m in of(messages, AccelerationReceived)} == {H10}
    assert of(messages, BluetoothMissing) == []
    assert of(messages, Notify) == []


async def test_a_connected_device_is_remembered_and_connects_by_itself_next_time(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with served_emulator(monkeypatch, "strap") as emulator:
        first = make_app(lumbar_home)
        async with first.run_test(size=SIZE) as pilot:
            await pilot.press("w")
            screen = sensors_screen(first)
            await until(pilot, lambda: STRAP in rows(screen), "the strap")
            await pilot.press("enter")
            await until(pilot, lambda: rows(screen)[STRAP][4] == "connected", "a connection")
        assert not emulator["strap"].connected  # the app hung up as it closed

        memory, problems = DeviceMemory.load(devices_file(lumbar_home))
        assert problems == []
        assert memory.devices == (RememberedDevice(STRAP, "generic-hr", "HR Strap 4F2A"),)

        messages: list[Message] = []
        second = make_app(lumbar_home)
        async with second.run_test(size=SIZE, message_hook=messages.append) as pilot:
            board = second.sensors.board
            await until(
                pilot,
                lambda: (
                    (view := board.view(STRAP)) is not None
                    and view.state == "connected"
                    and view.heart_rate_bpm is not None
                ),
                "the remembered strap to connect by itself",
            )
            assert isinstance(current(second), HomeScreen)  # nobody opened the sensors screen
            await pilot.press("w")
            screen = sensors_screen(second)
            assert rows(screen)[STRAP][1] == "★ HR Strap 4F2A"
            assert rows(screen)[STRAP][4] == "connected"
            (preview,) = screen.query(DevicePreview)
            await until(pilot, lambda: "bpm" in preview_text(preview), "the strap's preview")
            assert "no accelerometer" in preview_text(preview)

            await pilot.press("f")
            await until(pilot, lambda: rows(screen)[STRAP][4] == "disconnected", "forgotten")
            assert rows(screen)[STRAP][1] == "HR Strap 4F2A"
        assert tomllib.loads(devices_file(lumbar_home).read_text()) == {}
        forgotten = [n.notification.message for n in of(messages, Notify)]
        assert forgotten == ["HR Strap 4F2A forgotten: it no longer connects when lumbar starts."]


async def test_a_dropped_link_shows_as_reconnecting_then_as_a_gap(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[Message] = []
    async with served_emulator(monkeypatch, "h10") as emulator:
        app = make_app(lumbar_home)
        async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
            await pilot.press("w")
            screen = sensors_screen(app)
            await until(pilot, lambda: H10 in rows(screen), "the H10")
            await pilot.press("enter")
            await until(pilot, lambda: bool(screen.query(DevicePreview)), "a preview")
            (preview,) = screen.query(DevicePreview)
            await until(pilot, lambda: "bpm" in preview_text(preview), "a heart rate")
            assert "no gaps" in preview_text(preview)
            # Heart rate flows as soon as it is subscribed, before the set-up is over (the
            # ACC's start, the battery): a drop before then is a failed set-up, not a lost link.
            await until(pilot, lambda: preview.border_subtitle == "connected", "connected")

            await emulator["h10"].drop_link(off_air_s=0.3)
            # The gap closes with the first data, before the set-up is over again.
            await until(
                pilot,
                lambda: (
                    "gap, the last" in preview_text(preview)
                    and preview.border_subtitle == "connected"
                ),
                "the gap, and connected again",
            )
            assert "1 gap, the last" in preview_text(preview)
            assert "(link lost)" in preview_text(preview)
    states = [(m.event.state, m.event.reason) for m in of(messages, SensorStateChanged)]
    assert states[:4] == [
        ("connecting", ""),
        ("connected", ""),
        ("reconnecting", "link lost"),
        ("connected", ""),
    ]


async def test_no_bluetooth_is_one_line_and_the_app_carries_on(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()  # nothing listens there
    monkeypatch.setenv("LUMBAR_EMULATOR", f"tcp:{port}")
    devices_file(lumbar_home).parent.mkdir(parents=True)
    DeviceMemory(devices_file(lumbar_home)).remember(RememberedDevice(H10, "polar-h10"))
    messages: list[Message] = []
    app = make_app(lumbar_home)
    line = (
        f"no emulator at tcp:{port} (connection refused); "
        f"start one with 'lumbar emulate --port {port}'"
    )
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        # The remembered H10 is tried a moment after start, and there is no Bluetooth.
        await until(pilot, lambda: bool(of(messages, Notify)), "the line about Bluetooth")
        await pilot.press("w")
        screen = sensors_screen(app)
        status = screen.query_one("#scan-status", Static)
        await until(pilot, lambda: str(status.render()) == line, "the screen to say why")
        assert not screen.query_one("#scan-progress").display
        assert rows(screen) == {H10: ["polar-h10", "★ ", H10, "", "remembered"]}
        await pilot.press("enter", "s")  # connecting and scanning again say the same
        await app.workers.wait_for_complete()
        await pilot.press("escape", "c")
        assert isinstance(current(app), CatalogScreen)
    (notice,) = [n.notification for n in of(messages, Notify)]
    assert notice.message == line
    assert "\n" not in notice.message
    assert notice.severity == "warning"


async def test_a_broken_devices_file_is_one_warning_and_left_alone(lumbar_home: Locations) -> None:
    broken = '[[device]]\naddress = "C0:1A:2B:3C:4D:10"\nkind = \n'
    devices_file(lumbar_home).parent.mkdir(parents=True)
    devices_file(lumbar_home).write_text(broken)
    messages: list[Message] = []
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        assert isinstance(current(app), HomeScreen)
        assert not app.sensors.memory.devices
    (notice,) = [n.notification for n in of(messages, Notify)]
    assert "devices.toml: not valid TOML" in notice.message
    assert "lumbar leaves the file alone" in notice.message
    assert devices_file(lumbar_home).read_text() == broken
    assert app.sensors.status == "off", "nothing to connect: Bluetooth never started"


async def test_w_is_not_taken_in_a_session_or_the_catalog_search(lumbar_home: Locations) -> None:
    app = make_app(lumbar_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "w")
        assert isinstance(current(app), CatalogScreen)
        assert app.screen.query_one("#search", Input).value == "w"
        await pilot.press("escape", "escape")
        assert isinstance(current(app), HomeScreen)
        assert app.check_action("sensors", ()) is True
        assert "Sensors" in [c.title for c in app.get_system_commands(app.screen)]

    session = make_app(lumbar_home, start_routine="back-ten")
    async with session.run_test(size=SIZE) as pilot:
        await session.workers.wait_for_complete()
        await pilot.press("enter")  # skips the pain question
        await pilot.press("w")
        assert not isinstance(current(session), SensorsScreen)
        assert session.check_action("sensors", ()) is False
        commands = [c.title for c in session.get_system_commands(session.screen)]
        assert "Sensors" not in commands


async def test_motion_refused_shows_why_under_the_preview_while_heart_rate_flows(
    lumbar_home: Locations,
) -> None:
    """The strap on its charger (PMD status 13): connected, heart rate on, motion off with
    one line saying why; off the charger, motion comes back by itself."""
    messages: list[Message] = []
    app = make_app(lumbar_home, demo=True)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("w")
        screen = sensors_screen(app)
        await until(pilot, lambda: app.sensors.emulator is not None, "the emulated devices")
        h10 = app.sensors.emulator["h10"]
        h10.refuse(13)
        await until(pilot, lambda: H10 in rows(screen), "the H10")
        highlight(screen, H10)
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.query(DevicePreview)), "a preview")
        (preview,) = screen.query(DevicePreview)
        await until(
            pilot,
            lambda: "motion is off" in preview_text(preview) and "bpm" in preview_text(preview),
            "motion off beside a heart rate",
        )
        assert "motion is off: it refused: it is on its charger (device in charger); trying " in (
            preview_text(preview)
        )
        assert not preview.query_one(Sparkline).display
        assert rows(screen)[H10][4] == "connected"

        h10.refuse(0)
        await until(pilot, lambda: "ACC 200 Hz" in preview_text(preview), "motion back")
        assert "motion is off" not in preview_text(preview)
    notices = [n.notification for n in of(messages, Notify)]
    assert [(n.message, n.severity) for n in notices] == [
        (
            "Polar H10 1A2B3C4D: motion is off (it refused: it is on its charger "
            "(device in charger)); trying again",
            "warning",
        ),
        ("Polar H10 1A2B3C4D: motion is back", "information"),
    ]
    assert [m.event.stream for m in of(messages, SensorStreamStopped)] == ["acc"]
    assert [m.event.stream for m in of(messages, SensorStreamResumed)] == ["acc"]


async def test_a_scan_counts_the_devices_connected_as_connected(lumbar_home: Locations) -> None:
    """Issue 13: it said "0 devices heard in 5 s" with two devices connected (a connected
    device does not advertise, so a scan cannot hear it)."""
    app = make_app(lumbar_home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        link = app.sensors
        (await link.ready()).want_all()
        await until(
            pilot,
            lambda: [v.state for v in link.board.devices()] == ["connected", "connected"],
            "both demo devices connected",
        )
        screen = SensorsScreen(link, scan_s=0.3)
        await app.push_screen(screen)
        status = screen.query_one("#scan-status", Static)
        await until(pilot, lambda: "heard in 0.3 s" in str(status.render()), "the scan's end")
        assert str(status.render()) == (
            "2 connected · no other device heard in 0.3 s · s scans again"
        )


async def test_a_strap_off_the_skin_shows_so_instead_of_the_rate_it_repeats(
    lumbar_home: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with served_emulator(monkeypatch, "strap") as emulator:
        app = make_app(lumbar_home)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("w")
            screen = sensors_screen(app)
            await until(pilot, lambda: STRAP in rows(screen), "the strap")
            await pilot.press("enter")
            await until(pilot, lambda: bool(screen.query(DevicePreview)), "a preview")
            (preview,) = screen.query(DevicePreview)
            await until(pilot, lambda: "bpm" in preview_text(preview), "a heart rate")
            strap = emulator["strap"]
            assert isinstance(strap, EmulatedHeartRateStrap)
            strap.take_off()
            await until(pilot, lambda: "no skin contact" in preview_text(preview), "the words")
            assert "bpm" not in preview_text(preview)
            await strap.put_on()
            await until(pilot, lambda: "bpm" in preview_text(preview), "its heart rate again")
