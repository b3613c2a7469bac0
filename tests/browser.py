"""Headless Chromium (Debian's package) driven through its DevTools protocol, in Python.

A page of ``lumbar serve`` is a terminal drawn on a canvas: what it shows is read from the
bytes its websocket receives (the protocol reports every frame), fed to a terminal emulator
(pyte), so a test waits for words on the screen, finds a button by its label and taps it
where it is drawn. Keys and taps go in as the browser's own input events (a touch screen is
emulated, as on a tablet).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import aiohttp
import pyte

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")
KEYS = {
    "enter": ("Enter", "Enter", "\r", 13),
    "space": (" ", "Space", " ", 32),
    "escape": ("Escape", "Escape", "", 27),
}


@dataclass(frozen=True)
class Device:
    name: str
    width: int
    height: int
    scale: float


PHONE = Device("phone", 844, 390, 3)  # a phone on its side, propped up beside the mat
TABLET = Device("tablet", 1180, 820, 2)  # a tablet on its side


class Page:
    """One page of one Chromium, with the screen its terminal shows."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self.screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self.screen)
        self.closed_reason: str | None = None
        self.frames = 0

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        done: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next_id] = done
        await self._socket.send_str(
            json.dumps({"id": self._next_id, "method": method, "params": params})
        )
        reply = await asyncio.wait_for(done, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                waiting = self._waiting.pop(data["id"], None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(data)
            else:
                self._event(data["method"], data.get("params", {}))

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.webSocketCreated":
            query = parse_qs(urlparse(params["url"]).query)
            if "width" in query:
                self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        elif method == "Network.webSocketFrameSent":
            payload = params["response"]["payloadData"]
            if payload.startswith('["resize"'):
                size = json.loads(payload)[1]
                self.screen.resize(size["height"], size["width"])
        elif method == "Network.webSocketFrameReceived":
            response = params["response"]
            if response["opcode"] == 2:
                self._stream.feed(base64.b64decode(response["payloadData"]))
                self.frames += 1
        elif method == "Network.webSocketClosed":
            self.closed_reason = self.closed_reason or ""

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def shows_big(self, text: str) -> bool:
        """Whether the mat view's clock (block digits, ``tui.widgets.big_clock``) reads
        ``text``: its lit cells, scaled down, are the digits' pixels."""
        from tui.widgets.big_clock import layout

        lines = self.screen.display
        lit = [(r, c) for r, line in enumerate(lines) for c, ch in enumerate(line) if ch == "█"]
        pixels = layout(text)
        used = [j for j in range(len(pixels[0])) if any(row[j] == "#" for row in pixels)]
        pixels = [row[used[0] : used[-1] + 1] for row in pixels]
        if not lit:
            return False
        top, left = min(r for r, _ in lit), min(c for _, c in lit)
        tall, wide = max(r for r, _ in lit) - top + 1, max(c for _, c in lit) - left + 1
        if tall % len(pixels) or wide % len(pixels[0]):
            return False
        down, across = tall // len(pixels), wide // len(pixels[0])
        return all(
            (lines[top + i * down][left + j * across] == "█") == (pixel == "#")
            for i, row in enumerate(pixels)
            for j, pixel in enumerate(row)
        )

    async def wait_for_big(self, text: str, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.shows_big(text):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"waited {timeout_s} s for {text!r} in big; the screen:\n{self.text}"
                )
            await asyncio.sleep(0.05)

    async def wait_for(self, words: str, timeout_s: float = 60) -> None:
        """Until ``words`` show on the screen (a generous bound, not a wait)."""
        deadline = time.monotonic() + timeout_s
        while words not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"waited {timeout_s} s for {words!r}; the screen:\n{self.text}"
                )
            await asyncio.sleep(0.05)

    async def wait_until(self, script: str, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while not await self.evaluate(script):
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout_s} s for {script}")
            await asyncio.sleep(0.05)

    async def evaluate(self, script: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=script, returnByValue=True)
        return reply["result"].get("value")

    async def open(self, url: str, device: Device) -> None:
        await self.send("Network.enable")
        await self.send("Page.enable")
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=device.width,
            height=device.height,
            deviceScaleFactor=0,  # as Chromium was started
            mobile=True,
        )
        await self.send("Emulation.setTouchEmulationEnabled", enabled=True, maxTouchPoints=5)
        await self.send("Page.navigate", url=url)

    async def press(self, *keys: str) -> None:
        """Keys as typed on a keyboard (a Bluetooth one, or the tablet's own), into the
        terminal (focused first, as a tap on it does)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for name in keys:
            if name in KEYS:
                key, code, text, number = KEYS[name]
            else:  # one letter or digit
                kind = "Digit" if name.isdigit() else "Key"
                key, code, text, number = name, f"{kind}{name.upper()}", name, ord(name.upper())
            down = {"key": key, "code": code, "windowsVirtualKeyCode": number}
            await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
            await self.send("Input.dispatchKeyEvent", type="keyUp", **down)

    async def tap(self, label: str) -> None:
        """A finger on the button that shows ``label``."""
        x, y = await self.where(label)
        await self.send(
            "Input.dispatchTouchEvent", type="touchStart", touchPoints=[{"x": x, "y": y}]
        )
        await self.send("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])

    async def where(self, label: str) -> tuple[float, float]:
        """The middle of the button showing ``label`` (a label between a button's tall
        borders, ▔ above and ▁ below), in CSS pixels."""
        lines = self.screen.display
        found = [
            (row, column)
            for row in range(1, len(lines) - 1)
            for column in _all(lines[row], label)
            if lines[row - 1][column] == "▔" and lines[row + 1][column] == "▁"
        ]
        if not found:
            raise AssertionError(f"no button {label!r} on the screen:\n{self.text}")
        row, column = found[0]
        box = await self.evaluate(
            "JSON.stringify(document.querySelector('.xterm-screen').getBoundingClientRect())"
        )
        rect = json.loads(box)
        cell_w = rect["width"] / self.screen.columns
        cell_h = rect["height"] / self.screen.lines
        return rect["x"] + (column + len(label) / 2) * cell_w, rect["y"] + (row + 0.5) * cell_h

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextlib.asynccontextmanager
async def chromium(
    profile: Path, device: Device
) -> AsyncIterator[tuple[subprocess.Popen[str], Page]]:
    """A headless Chromium the size of ``device``, with a blank page; killed at the end."""
    assert CHROMIUM is not None
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--mute-audio",
            "--hide-scrollbars",
            # The device's pixel density from the start (emulated later, xterm's canvas
            # would keep the density it first saw).
            f"--force-device-scale-factor={device.scale}",
            f"--window-size={device.width},{device.height}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        endpoint = await asyncio.to_thread(_devtools_address, process)
        async with aiohttp.ClientSession() as http:
            port = urlparse(endpoint).port
            async with http.get(f"http://127.0.0.1:{port}/json/list") as reply:
                targets = await reply.json()
            (page_target,) = [t for t in targets if t["type"] == "page"]
            async with http.ws_connect(
                page_target["webSocketDebuggerUrl"], max_msg_size=0
            ) as socket:
                yield process, Page(socket)
    finally:
        process.kill()
        process.wait()


def _all(line: str, words: str) -> list[int]:
    return [i for i in range(len(line)) if line.startswith(words, i)]


def _devtools_address(process: subprocess.Popen[str]) -> str:
    """The address Chromium prints once it listens; the rest of what it says is drained (a
    full pipe would stop it)."""
    stderr = process.stderr
    assert stderr is not None
    for line in stderr:
        found = LISTENING.search(line)
        if found:
            threading.Thread(target=stderr.read, daemon=True).start()
            return found.group(1)
    raise AssertionError(f"chromium ended without its DevTools address (exit {process.wait()})")
