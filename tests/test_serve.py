"""``lumbar serve``: the installed command serves the app on localhost, headless Chromium
(Debian's package) opens it as a phone or a tablet would, and drives a routine with keys and
with the mat view's touch targets; what it does lands in the database. Without the token, or
with a wrong one, nothing is served; a browser that closes mid-session leaves it to be
resumed by the next.

Screenshots of the mat view (phone and tablet) are kept in the test's folder.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from browser import CHROMIUM, PHONE, TABLET, Page, chromium

from tui.commands.serve import address_host, invite
from tui.live.engine import DOUBLE_PRESS_S
from tui.locations import Locations
from tui.widgets.touch import TouchTarget

LUMBAR = Path(sys.executable).parent / "lumbar"
SETTINGS = "mat_view = true\nsound = false\nvoice = false\ntones = false\npace_reps = false\n"

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)"
)


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    output: list[str]

    @property
    def root(self) -> str:
        """Scheme, host and port: the server without the token."""
        return "/".join(self.url.split("/")[:3])


@pytest.fixture
def served(lumbar_home: Locations) -> Iterator[Served]:
    """``lumbar serve --port 0`` (a free port), sessions in the mat view, no sound; it is
    stopped with Ctrl+C (SIGINT) at the end, as a person would."""
    lumbar_home.config_dir.mkdir(parents=True, exist_ok=True)
    lumbar_home.settings_path.write_text(SETTINGS, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    process = subprocess.Popen(
        [str(LUMBAR), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environ,
    )
    assert process.stdout is not None
    output: list[str] = []
    first = process.stdout.readline()  # the first line names the link
    output.append(first)
    threading.Thread(target=lambda: output.extend(process.stdout or ()), daemon=True).start()
    assert first.startswith("lumbar is served at http://127.0.0.1:"), first
    try:
        yield Served(process, first.split()[-1], output)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            process.kill()


def database(home: Locations) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{home.db_path}?mode=ro", uri=True)


async def until_stored(home: Locations, sql: str, expected: Any, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    found = None
    while time.monotonic() < deadline:
        if home.db_path.exists():
            with database(home) as db:
                try:
                    found = db.execute(sql).fetchall()
                except sqlite3.OperationalError:  # not made yet
                    found = None
            if found == expected:
                return
        await asyncio.sleep(0.1)
    raise AssertionError(f"waited {timeout_s} s for {expected} from {sql!r}; found {found}")


async def start_core_basics(page: Page) -> None:
    """From the home screen: open Core basics, start it, answer the pain check (3)."""
    await page.wait_for("Core basics")
    await page.press("enter")
    await page.wait_for("Start session")
    await page.press("s")
    await page.wait_for("How much pain do you have right now")
    await page.press("3", "enter")
    await page.wait_for("PRESS SPACE")


async def tap(page: Page, label: str, then: str) -> None:
    """Tap the button showing ``label``, and wait for ``then`` on the screen."""
    await page.tap(label)
    await page.wait_for(then)
    await press_shown()


async def after_the_press_that_started_it(page: Page) -> None:
    """A person's first rep comes a moment after the press that started the set: a second
    press as quick as a bounce (``DOUBLE_PRESS_S``) is taken for the same press. The moment
    counts from when lumbar shows the set (it has taken the press), not from when the test
    sent it: on a busy machine the press may reach lumbar late, after the countdown ran out by
    itself, and for a second then a press is its late "go now" (``LATE_PRESS_S``): the first
    rep waits for the key to say so."""
    await page.wait_for("enter or r counts one")
    await asyncio.sleep(DOUBLE_PRESS_S + 0.05)
    await page.wait_for("⏎ Rep")


async def press_shown() -> None:
    """A button takes no second press while it shows the first (Textual's guard against a
    double press, ``TouchTarget.PRESS_SHOWN_S``): a finger waits that long, so does a test."""
    await asyncio.sleep(TouchTarget.PRESS_SHOWN_S + 0.05)


async def reps_by(page: Page, how: str, count: int, *, of: int = 5, done: int = 0) -> None:
    """``count`` reps of ``of`` (``done`` already), by key or by tap, each seen on the mat
    view's clock."""
    for counted in range(done + 1, done + count + 1):
        if how == "key":
            await page.press("r")
        else:
            await page.tap("Rep")
        if counted < of:  # the last one ends the set
            await page.wait_for_big(str(counted))
            if how == "tap":
                await press_shown()


async def end_and_answer(page: Page) -> None:
    """q, y: ended early; pain after 2, no note; the summary."""
    await page.press("q")
    await page.wait_for("End this session now?")
    await page.press("y")
    await page.wait_for("And your pain now")
    await page.press("2", "enter")
    await page.wait_for("A note about this session?")
    await page.press("enter")


@needs_chromium
async def test_a_phone_drives_a_routine_by_keys_and_by_touch_and_it_is_saved(
    served: Served, lumbar_home: Locations, tmp_path: Path
) -> None:
    started = time.monotonic()
    async with chromium(tmp_path / "phone", PHONE) as (_, page):
        await page.open(served.url, PHONE)
        await page.wait_for("Routines")
        loaded_s = time.monotonic() - started
        await start_core_basics(page)
        await tap(page, "Start", then="GET READY")
        await tap(page, "Go now", then="Bird dog · left side")
        await after_the_press_that_started_it(page)
        await reps_by(page, "key", 5)  # the left side, by the keyboard
        await page.wait_for("SWITCH SIDES")
        await tap(page, "Go now", then="Bird dog · right side")
        await after_the_press_that_started_it(page)
        await reps_by(page, "tap", 3)
        shot = await page.screenshot(tmp_path / "mat-view-phone.png")
        await reps_by(page, "tap", 2, done=3)  # the right side is done
        await page.wait_for("REST")
        await end_and_answer(page)
        await page.wait_for("Ended early")
    print(f"\nphone: the app's first screen {loaded_s:.1f} s after Chromium started; {shot}")
    await until_stored(
        lumbar_home,
        "SELECT status, pain_before, pain_after FROM sessions",
        [("ended-early", 3, 2)],
    )
    with database(lumbar_home) as db:
        sets = db.execute(
            "SELECT exercise_id, side, reps_done, skipped FROM steps ORDER BY step_index"
        ).fetchall()
    assert sets == [("bird-dog", "left", 5, 0), ("bird-dog", "right", 5, 0)]


async def a_new_browser(served: Served) -> bytes:
    """A browser's connection while another drives: the first of lumbar's screen it gets."""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(served.url + "ws?width=80&height=24") as browser,
    ):
        while True:
            message = await browser.receive(timeout=60)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            if message.data:
                return bytes(message.data)


@needs_chromium
async def test_a_new_browser_takes_over_and_the_session_under_way_is_kept(
    served: Served, lumbar_home: Locations, tmp_path: Path
) -> None:
    """A phone whose link died without a word (its screen locked) opens lumbar again: it is
    let in at once, not shut out until the server notices; the page before is closed, and
    the session under way saved for the new one to resume. One browser drives at a time."""
    async with chromium(tmp_path / "first", PHONE) as (_, page):
        await page.open(served.url, PHONE)
        await start_core_basics(page)
        await page.press("space")
        await page.wait_for("GET READY")
        await page.press("enter")
        await after_the_press_that_started_it(page)
        await reps_by(page, "key", 5)
        await page.wait_for("SWITCH SIDES")
        newcomer = asyncio.create_task(a_new_browser(served))
        await page.wait_until("document.body.classList.contains('-closed')", 60)
        assert "opened in another browser" in await page.evaluate("document.body.innerText")
        interrupted = [("interrupted", 0)]
        await until_stored(lumbar_home, "SELECT status, resumes FROM sessions", interrupted)
        assert await newcomer, "the new browser drives lumbar"
    with database(lumbar_home) as db:
        sets = db.execute("SELECT side, reps_done FROM steps ORDER BY step_index").fetchall()
    assert sets[0] == ("left", 5), "the set done is kept"


@needs_chromium
async def test_a_browser_closed_mid_session_keeps_it_and_the_next_resumes_it(
    served: Served, lumbar_home: Locations, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with chromium(tmp_path / "first", TABLET) as (first, page):
        await page.open(served.url, TABLET)
        await page.wait_for("Core basics")
        await start_core_basics(page)
        await page.press("space")
        await page.wait_for("GET READY")
        await page.press("enter")
        await after_the_press_that_started_it(page)
        await reps_by(page, "key", 5)
        await page.wait_for("SWITCH SIDES")
        first.kill()  # the tablet's browser is gone mid-session
    await until_stored(lumbar_home, "SELECT status, resumes FROM sessions", [("interrupted", 0)])
    async with chromium(tmp_path / "second", TABLET) as (_, page):
        await page.open(served.url, TABLET)
        await page.wait_for("with 1 of 4 sets done. Resume from")
        await page.wait_for("set 2 of 4 (Bird dog, right side)?")
        await tap(page, "Resume", then="PRESS SPACE")
        await page.wait_for("Bird dog, right side next")
        shot = await page.screenshot(tmp_path / "mat-view-tablet.png")
        await tap(page, "Start", then="SWITCH SIDES")
        await tap(page, "Go now", then="Bird dog · right side")
        await after_the_press_that_started_it(page)
        await reps_by(page, "tap", 5)
        await page.wait_for("REST")
        await end_and_answer(page)
        await page.wait_for("Ended early, resumed")
    print(f"\ntablet: {shot}")
    await until_stored(
        lumbar_home,
        "SELECT status, resumes, pain_before FROM sessions",
        [("ended-early", 1, 3)],
    )
    with database(lumbar_home) as db:
        sets = db.execute("SELECT side, reps_done FROM steps ORDER BY step_index").fetchall()
        events = [k for (k,) in db.execute("SELECT kind FROM events ORDER BY t_s, id")]
    assert sets == [("left", 5), ("right", 5)]
    assert events.index("interrupted") < events.index("resumed") < events.index("ended-early")

    from tui.cli import main

    capsys.readouterr()
    assert main(["log"]) == 0
    log = capsys.readouterr().out.splitlines()
    assert len(log) == 2, log  # a header, and one session
    assert "ended early, resumed" in log[1]


async def test_without_the_token_or_with_a_wrong_one_nothing_is_served(served: Served) -> None:
    root, token = served.root, served.url.rstrip("/").rsplit("/", 1)[-1]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/ws", "/static/js/textual.js", f"/{wrong}/", f"/{wrong}/ws",
                     f"/{wrong}/static/js/textual.js", f"/{token.lower()}/"):  # fmt: skip
            async with http.get(root + path) as reply:
                assert reply.status == 403, path
                assert "needs the secret link" in await reply.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{root}/{wrong}/ws")
        assert refused.value.status == 403
        # With the token: the page, the app's own files, and nothing else.
        async with http.get(served.url) as reply:
            assert reply.status == 200
            page = await reply.text()
            assert reply.headers["Cache-Control"] == "no-store"
            policy = reply.headers["Content-Security-Policy"]
        assert "connect-src 'self'" in policy
        assert "default-src 'none'" in policy
        assert "googleapis" not in page
        assert "http" not in page.split("<body>")[1]
        for path, status in [
            ("static/js/textual.js", 200),
            ("static/", 404),  # no listing of textual-serve's folder
            ("static/images/background.png", 404),
            ("download/anything", 404),  # no file leaves through textual-serve's downloads
            ("static/..%2F..%2F..%2Fpyproject.toml", 404),
        ]:
            async with http.get(served.url + path) as reply:
                assert reply.status == status, path
        # The app's connection, asked for as a page: refused in one line, no traceback.
        async with http.get(served.url + "ws") as reply:
            assert reply.status == 400
            assert (await reply.text()).count("\n") == 1
        # A page elsewhere may not connect to it, token or not.
        with pytest.raises(aiohttp.WSServerHandshakeError) as foreign:
            await http.ws_connect(served.url + "ws", origin="http://example.com")
        assert foreign.value.status == 403
    assert not any("Traceback" in line for line in served.output), "".join(served.output)


def test_the_link_is_printed_and_a_qr_code_when_other_devices_can_reach_it() -> None:
    from io import StringIO

    assert address_host("127.0.0.1") == ("127.0.0.1", False)
    assert address_host("::1") == ("[::1]", False)
    assert address_host("localhost") == ("localhost", False)
    assert address_host("192.168.1.20") == ("192.168.1.20", True)
    host, reachable = address_host("0.0.0.0")
    assert reachable
    assert host not in ("0.0.0.0", "")
    out = StringIO()
    invite(out, "http://192.168.1.20:8000/token/", reachable=True)
    lines = out.getvalue().splitlines()
    assert "http://192.168.1.20:8000/token/" in lines[0]
    code = [line for line in lines if "█" in line or "▀" in line or "▄" in line]
    assert len(code) >= 12, out.getvalue()  # a QR code of 25 modules or more, two a line
    local = StringIO()
    invite(local, "http://127.0.0.1:8000/token/", reachable=False)
    assert "▀" not in local.getvalue()
    assert "--host 0.0.0.0" in local.getvalue()
