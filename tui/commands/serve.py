"""``lumbar serve [--host H] [--port P]``: the full app in a browser, for a tablet or a phone
propped up beside the mat.

Private by default: it listens on this computer only unless ``--host`` says otherwise, and
every run has a fresh secret link (printed, and as a QR code when other devices can reach
it); the server itself is textual-serve's (``tui.serving``), imported only here.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from typing import Any, TextIO

from tui.commands.common import UsageError, load, warn
from tui.locations import locate

DEFAULT_PORT = 8000
DEMO_HELP = "the demo: emulated wearables, and the demo's own database"


def register(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="the full app in a browser (a tablet or phone beside the mat), behind a secret link",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="where to listen: this computer only by default; 0.0.0.0 for the devices on "
        "your network",
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}; 0: any free"
    )
    serve.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=DEMO_HELP)
    serve.set_defaults(handler=_serve)


def _port(text: str) -> int:
    if text.isdigit() and int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, not '{text}'")


def _serve(args: argparse.Namespace) -> int:
    import asyncio

    from tui.serving.server import LumbarServer, serve

    loaded = load(args.db)
    warn(loaded.setting_problems)
    demo = bool(getattr(args, "demo", False))
    command = app_command(str(locate(args.db).db_path), demo=demo)
    server = LumbarServer(command)
    host, reachable = address_host(args.host)

    def ready(port: int) -> None:
        invite(sys.stdout, f"http://{host}:{port}{server.path}", reachable=reachable)

    try:
        asyncio.run(serve(server, args.host, args.port, ready))
    except OSError as error:
        raise UsageError(_cannot_listen(args.host, args.port, error)) from None
    print("lumbar serve stopped.", flush=True)
    return 0


def app_command(db_path: str, *, demo: bool) -> str:
    """The shell command that starts one browser's lumbar (``exec``: the app is the very
    process the server started, so it ends with it)."""
    argv = [sys.executable, "-m", "tui.serving.app_process", "--db", db_path]
    return "exec " + shlex.join([*argv, "--demo"] if demo else argv)


def address_host(host: str) -> tuple[str, bool]:
    """The host for the printed link, and whether other devices may reach it."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host, host != "localhost"
    if ip.is_loopback:
        return _bracketed(host), False
    if ip.is_unspecified:
        return _bracketed(_this_machine(ip.version)), True
    return _bracketed(host), True


def _this_machine(version: int) -> str:
    """This computer's address on its network: the one a packet to a documentation address
    would leave from (connecting a UDP socket picks the route and sends nothing)."""
    family, probe = (
        (socket.AF_INET6, ("2001:db8::1", 9))
        if version == 6
        else (socket.AF_INET, ("192.0.2.1", 9))
    )
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect(probe)
            return str(udp.getsockname()[0])
        except OSError:
            return socket.gethostname()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def invite(out: TextIO, url: str, *, reachable: bool) -> None:
    """The link, as a QR code too when a phone could open it, and what it means."""
    if reachable:
        print(f"lumbar is served on your network at {url}", file=out)
        import segno

        segno.make(url, error="m").terminal(out=out, compact=True, border=2)
        print(
            "Scan the code with the tablet's or phone's camera, or type the link. Anyone on "
            "this network who has the link can use lumbar (plain http: serve on a network "
            "you trust).",
            file=out,
        )
    else:
        print(f"lumbar is served at {url}", file=out)
        print(
            "Open it in a browser on this computer. For a tablet or phone on your network: "
            "lumbar serve --host 0.0.0.0",
            file=out,
        )
    print(
        "One browser at a time; the link works until the server stops (Ctrl+C).",
        file=out,
        flush=True,
    )


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    if error.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
        return f"port {port} is in use on {host}; choose another with --port (0: any free)"
    return f"cannot listen on {host} port {port} ({error.strerror or error}); check --host"
