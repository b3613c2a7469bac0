"""The sensors screen: scan, the devices found, connect or disconnect, and a live preview.

Everything it shows comes from the app's ``SensorLink`` (its board of devices, and the
messages it posts); the screen owns no Bluetooth itself. Opening it scans at once. A device
whose motion is off while its heart rate flows says why under its preview.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, ProgressBar, Sparkline, Static

from sensors.backend import BluetoothUnavailable
from tui.sensor_board import DeviceView
from tui.sensor_link import (
    AccelerationReceived,
    BatteryReceived,
    BluetoothMissing,
    HeartRateReceived,
    SensorGapReported,
    SensorLink,
    SensorStateChanged,
    SensorStreamResumed,
    SensorStreamStopped,
)
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.words import NO_CONTACT_WORDS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sensors.scan import FoundDevice

SCAN_S = 5.0  # as long as 'lumbar scan' listens
PROGRESS_TICK_S = 0.1
# Key, heading and width: 76 columns with the cell padding, so the table fits 80.
COLUMNS = (
    ("kind", "Kind", 10),
    ("name", "Name", 20),
    ("address", "Address", 17),
    ("rssi", "RSSI", 7),
    ("state", "State", 12),
)
REMEMBERED_MARK = "★ "
LOW_BATTERY_PERCENT = 10
PAIRING_HINT = (
    "A Polar H10 needs no pairing on Linux or macOS; on Windows pair it first in "
    "Settings › Bluetooth (README: Using a real strap)."
)


class DeviceTable(DataTable[str | Text]):
    """The devices; its own enter connects or disconnects the highlighted one (the
    screen decides which of the two applies)."""

    BINDINGS = [
        Binding("enter", "screen.connect", "Connect", id="sensors.connect"),
        Binding("enter", "screen.disconnect", "Disconnect", id="sensors.disconnect"),
    ]


class DevicePreview(Vertical):
    """One connected (or connecting) device: heart rate, RR, battery, state, the ACC trace."""

    def __init__(self, address: str) -> None:
        super().__init__(classes="device-preview")
        self.address = address
        self._latest: tuple[DeviceView, Sequence[float]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="preview-heart")
        yield Static(classes="preview-status")
        with Horizontal(classes="preview-acc"):
            yield Static(classes="preview-acc-label")
            yield Sparkline([], classes="preview-trace")
        yield Static(classes="preview-off")

    def on_mount(self) -> None:
        if self._latest is not None:
            self.show(*self._latest)

    def show(self, view: DeviceView, trace_mg: Sequence[float]) -> None:
        """Show this state of the device (kept until mounted, if it is not yet)."""
        self._latest = (view, trace_mg)
        if not self.is_mounted:
            return
        self.border_title = view.title
        self.border_subtitle = view.state or ""
        self.query_one(".preview-heart", Static).update(heart_text(view))
        self.query_one(".preview-status", Static).update(status_text(view))
        self.show_trace(view, trace_mg)

    def show_trace(self, view: DeviceView, trace_mg: Sequence[float]) -> None:
        if not self.is_mounted:
            self._latest = (view, trace_mg)
            return
        label = self.query_one(".preview-acc-label", Static)
        sparkline = self.query_one(".preview-trace", Sparkline)
        off = self.query_one(".preview-off", Static)
        why = view.motion_off
        off.display = why is not None
        off.update("" if why is None else Text(f"motion is off: {why}", "yellow"))
        if why is not None:
            label.update(Text("ACC: off", "yellow"))
            sparkline.display = False
            return
        sparkline.display = bool(trace_mg)
        if trace_mg:
            rate = f"{view.acc_rate_hz:g} Hz " if view.acc_rate_hz else ""
            label.update(f"ACC {rate}{trace_mg[-1]:4.0f} mg")
            sparkline.data = list(trace_mg)
        elif view.has_acc:
            label.update(Text("ACC: waiting for data…", "dim"))
        else:
            label.update(Text("no accelerometer on this device", "dim"))


def heart_text(view: DeviceView) -> Text:
    if view.heart_rate_bpm is None:
        return Text("♥ waiting for heart rate…", "dim")
    if view.contact_detected is False or view.heart_rate_bpm == 0:  # no heart's rate
        return Text.assemble(("♥ ", "red"), (NO_CONTACT_WORDS, "yellow"))
    text = Text.assemble(("♥ ", "red"), (f"{view.heart_rate_bpm} bpm", "bold"))
    if view.rr_intervals_ms:
        text.append(" · RR " + " ".join(f"{rr:.0f}" for rr in view.rr_intervals_ms) + " ms")
    return text


def status_text(view: DeviceView) -> Text:
    text = Text()
    if view.battery_percent is not None:
        low = view.battery_percent <= LOW_BATTERY_PERCENT
        text.append(f"battery {view.battery_percent} %", "yellow" if low else "")
        text.append(" · ")
    if view.gaps == 0:
        text.append("no gaps")
    else:
        last = f"{view.last_gap_s:.1f} s" if view.last_gap_s is not None else "?"
        gaps = f"{view.gaps} gap{'s' if view.gaps != 1 else ''}"
        text.append(f"{gaps}, the last {last} ({view.last_gap_reason or 'no data'})")
    if view.reason and view.state != "connected":
        text.append(f" · {view.state}: {view.reason}", "yellow")
    return text


class SensorsScreen(Screen[None]):
    KEY_TAKERS: ClassVar[tuple[type[Widget], ...]] = (DeviceTable,)
    """The widgets it holds that take keys before it (``tui.keymap``)."""
    TITLE = "Sensors"
    AUTO_FOCUS = "#devices"
    BINDINGS = [
        Binding("s", "scan", "Scan", id="sensors.scan"),
        Binding("f", "forget", "Forget", id="sensors.forget"),
        Binding("escape", "app.pop_screen", "Back", id="sensors.back"),
    ]

    def __init__(self, link: SensorLink, scan_s: float = SCAN_S) -> None:
        super().__init__()
        self.link = link
        self.scan_s = scan_s
        self._previews: dict[str, DevicePreview] = {}
        self._unwatch: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scan-row"):
            yield Static(id="scan-status")
            yield ProgressBar(
                total=self.scan_s, show_percentage=False, show_eta=False, id="scan-progress"
            )
        yield DeviceTable(id="devices", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="previews"):
            yield Static(
                Text(
                    "Connected devices show here: heart rate, RR, battery, accelerometer.\n"
                    f"{REMEMBERED_MARK}remembered: connects by itself when lumbar starts.\n"
                    + PAIRING_HINT,
                    "dim",
                ),
                id="preview-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DeviceTable)
        table.border_title = "Devices"
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        self._unwatch = self.link.watch(self)
        self._refresh()
        self.action_scan()

    def on_unmount(self) -> None:
        if self._unwatch is not None:
            self._unwatch()

    # -- scanning -----------------------------------------------------------------------

    def action_scan(self) -> None:
        self._scan()

    @work(exclusive=True, group="sensor-scan", exit_on_error=False)
    async def _scan(self) -> None:
        status = self.query_one("#scan-status", Static)
        bar = self.query_one("#scan-progress", ProgressBar)
        bar.display = True
        bar.update(total=self.scan_s, progress=0)
        status.update("Starting Bluetooth…" if self.link.status != "on" else "Scanning…")
        heard: list[FoundDevice] = []

        def found(device: FoundDevice) -> None:
            heard.append(device)
            status.update(f"Scanning… {_devices(len(heard))} heard")
            self._refresh_table()

        try:
            await self.link.ready()
            status.update("Scanning…")
            started_s = time.monotonic()
            ticker = self.set_interval(
                PROGRESS_TICK_S,
                lambda: bar.update(progress=min(self.scan_s, time.monotonic() - started_s)),
            )
            try:
                result = await self.link.scan(self.scan_s, on_found=found)
            finally:
                ticker.stop()
        except BluetoothUnavailable as error:
            self._show_unavailable(str(error))
            return
        bar.display = False
        status.update(scan_summary(result, self.link.board.devices(), self.scan_s))
        self._refresh_table()

    def _show_unavailable(self, reason: str) -> None:
        self.query_one("#scan-progress", ProgressBar).display = False
        self.query_one("#scan-status", Static).update(Text(reason, "yellow"))

    # -- connecting ---------------------------------------------------------------------

    def action_connect(self) -> None:
        view = self.highlighted()
        if view is not None:
            self._connect(view.address)

    def action_disconnect(self) -> None:
        view = self.highlighted()
        if view is not None:
            self._disconnect(view.address)

    @work(group="sensor-connect", exit_on_error=False)
    async def _connect(self, address: str) -> None:
        try:
            await self.link.connect(address)
        except BluetoothUnavailable as error:
            self._show_unavailable(str(error))

    @work(group="sensor-connect", exit_on_error=False)
    async def _disconnect(self, address: str) -> None:
        await self.link.disconnect(address)

    def highlighted(self) -> DeviceView | None:
        """The device under the cursor (None before the table is up, or when it is empty)."""
        tables = self.query(DeviceTable)
        if not tables or not tables.first().row_count:
            return None
        table = tables.first()
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if row_key.value is None else self.link.board.view(row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.highlighted()
        active = view is not None and view.active
        if action == "connect":
            return not active  # one of connect and disconnect is always shown for enter
        if action == "disconnect":
            return active
        if action == "forget":
            return view is not None and view.remembered
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    async def action_forget(self) -> None:
        view = self.highlighted()
        if view is None or not view.remembered:
            return
        await self.link.forget(view.address)
        self._refresh()
        self.notify(f"{view.title} forgotten: it no longer connects when lumbar starts.")

    # -- what the link says -------------------------------------------------------------

    def on_sensor_state_changed(self, message: SensorStateChanged) -> None:
        self._refresh()

    def on_heart_rate_received(self, message: HeartRateReceived) -> None:
        self._refresh_preview(message.reading.device)

    def on_battery_received(self, message: BatteryReceived) -> None:
        self._refresh_preview(message.reading.device)

    def on_sensor_gap_reported(self, message: SensorGapReported) -> None:
        self._refresh_preview(message.gap.device)

    def on_sensor_stream_stopped(self, message: SensorStreamStopped) -> None:
        self._refresh_preview(message.event.device)

    def on_sensor_stream_resumed(self, message: SensorStreamResumed) -> None:
        self._refresh_preview(message.event.device)

    def on_acceleration_received(self, message: AccelerationReceived) -> None:
        preview = self._previews.get(message.device)
        view = self.link.board.view(message.device)
        if preview is not None and view is not None:
            preview.show_trace(view, self.link.board.trace_mg(message.device))

    def on_bluetooth_missing(self, message: BluetoothMissing) -> None:
        self._show_unavailable(message.reason)
        self._refresh()

    # -- drawing ------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._refresh_table()
        self._refresh_previews()
        self.refresh_bindings()

    def _refresh_table(self) -> None:
        table = self.query_one(DeviceTable)
        views = self.link.board.devices()
        shown = {view.address for view in views}
        for row_key in list(table.rows):
            if row_key.value not in shown:
                table.remove_row(row_key)
        for view in views:
            cells = _cells(view)
            if view.address in table.rows:
                for (key, _, _), cell in zip(COLUMNS, cells, strict=True):
                    table.update_cell(view.address, key, cell)
            else:
                table.add_row(*cells, key=view.address)

    def _refresh_previews(self) -> None:
        active = {view.address: view for view in self.link.board.devices() if view.active}
        for address in list(self._previews):
            if address not in active:
                self._previews.pop(address).remove()
        previews = self.query_one("#previews", VerticalScroll)
        for address in active:
            if address not in self._previews:
                self._previews[address] = preview = DevicePreview(address)
                previews.mount(preview)
        self.query_one("#preview-hint").display = not active
        for address, view in active.items():
            self._previews[address].show(view, self.link.board.trace_mg(address))

    def _refresh_preview(self, address: str) -> None:
        preview = self._previews.get(address)
        view = self.link.board.view(address)
        if preview is not None and view is not None:
            preview.show(view, self.link.board.trace_mg(address))


def _cells(view: DeviceView) -> tuple[str | Text, ...]:
    mark = REMEMBERED_MARK if view.remembered else ""
    state: str | Text = view.state or ("remembered" if view.remembered else "")
    if view.state == "connected":
        state = Text(view.state, "green")
    elif view.state in ("reconnecting", "gone"):
        state = Text(view.state, "yellow")
    return (
        view.kind,
        mark + (view.name or ""),
        view.address,
        "" if view.rssi_dbm is None else f"{view.rssi_dbm} dBm",
        state,
    )


def scan_summary(heard: Sequence[FoundDevice], known: Sequence[DeviceView], scan_s: float) -> str:
    """What a finished scan found. A connected device does not advertise, so a scan never
    hears it: it is counted as connected, not left out as if nobody were there."""
    connected = [view for view in known if view.state == "connected"]
    tail = f"heard in {scan_s:g} s · s scans again"
    if not connected:
        return f"{_devices(len(heard))} {tail}"
    others = {device.address.upper() for device in heard} - {v.address for v in connected}
    more = f"{len(others)} more" if others else "no other device"
    return f"{len(connected)} connected · {more} {tail}"


def _devices(count: int) -> str:
    return f"{count} device{'s' if count != 1 else ''}"
