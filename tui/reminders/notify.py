"""Saying that something is due: a desktop notification through desktop-notifier when there
is a desktop to show it, else one printed line (an SSH session, a Raspberry Pi, a cron mail).

desktop-notifier needs no system package: D-Bus in pure Python on Linux, the Notification
Center on macOS, WinRT on Windows. It is imported only here, when a reminder is due.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "lumbar"
SEND_TIMEOUT_S = 10.0


def session_bus(environ: Mapping[str, str]) -> str | None:
    """The D-Bus session bus address: the variable, or the user's bus socket (cron and some
    SSH sessions do not set the variable while the desktop's bus is there)."""
    if address := environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return address
    runtime = environ.get("XDG_RUNTIME_DIR") or (
        f"/run/user/{os.getuid()}" if hasattr(os, "getuid") else ""
    )
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


def has_desktop(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether a notification could be seen: always on macOS and Windows; on Linux and the
    BSDs, when a session bus can be reached."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    return session_bus(environ) is not None


def notify(title: str, message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Show a desktop notification; False when it could not be shown (no desktop, no
    notification service, the library unable to here)."""
    env = dict(os.environ if environ is None else environ)
    if not has_desktop(env):
        return False
    if sys.platform.startswith("linux") and "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        address = session_bus(env)
        if address is not None:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = address  # for the library's D-Bus client
    try:
        return asyncio.run(asyncio.wait_for(_send(title, message), SEND_TIMEOUT_S))
    except (TimeoutError, OSError):
        return False


async def _send(title: str, message: str) -> bool:
    from desktop_notifier import DesktopNotifier
    from desktop_notifier.backends.dummy import DummyNotificationCenter
    from desktop_notifier.main import get_backend_class

    # The library logs a failed send as a warning with a traceback; the printed line says it.
    logging.getLogger("desktop_notifier").addHandler(logging.NullHandler())
    logging.getLogger("desktop_notifier").propagate = False
    if get_backend_class() is DummyNotificationCenter:  # macOS outside an app bundle
        return _osascript(title, message)
    notifier = DesktopNotifier(app_name=APP_NAME)
    identifier = await notifier.send(title=title, message=message)
    return identifier in await notifier.get_current_notifications()


def _osascript(title: str, message: str) -> bool:
    """macOS's own notification, for when desktop-notifier runs outside an app bundle (it
    can then only use its do-nothing backend)."""
    if shutil.which("osascript") is None:
        return False
    script = f"display notification {_apple_string(message)} with title {_apple_string(title)}"
    return subprocess.run(["osascript", "-e", script], check=False, timeout=10).returncode == 0


def _apple_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
