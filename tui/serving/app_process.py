"""The lumbar process of one browser: ``python -m tui.serving.app_process [--db PATH]
[--demo]``, started by the server (``textual-serve`` sets Textual's web driver in its
environment). Not a command for people: ``lumbar serve`` starts it.

It ends when its browser goes (the server tells the driver to quit: a session under way is
saved as interrupted, to be resumed) and, should the server die without a word, as soon as
it notices it has a new parent.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time

SERVER_WATCH_S = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(prog="lumbar-served-app")
    parser.add_argument("--db")
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()

    from tui.cli import build_app
    from tui.commands.common import load

    app = build_app(load(args.db), demo=args.demo)
    _end_with_the_server()
    app.run()
    # Nothing printed after the app (not the line left untold that a session was
    # interrupted, as ``lumbar`` prints): this process's output belongs to the web driver.
    return app.return_code or 0


def _end_with_the_server() -> None:
    """SIGTERM to this process when its server is gone (it is reparented): the web driver
    turns that into a graceful exit, as when the browser goes."""
    server = os.getppid()

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(SERVER_WATCH_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


if __name__ == "__main__":
    raise SystemExit(main())
