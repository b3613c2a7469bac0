"""The web server of ``lumbar serve``: textual-serve's, behind a secret token.

textual-serve has no authentication: anyone who reaches its port gets an app. Here its
handlers (the websocket that starts and drives one app process per browser, and its static
files) sit under a path made of a fresh random token, ``/TOKEN/``, and nothing else is
served: a request without the token, or with a wrong one, is refused (403); its directory
listing and file downloads are left out; the page is lumbar's own (no font fetched from
elsewhere, a content security policy that lets the browser talk to this server only). The
token is in the path, not a query, because textual.js appends its own query to the
websocket's address.

Only one browser drives lumbar at a time, the one opened last: a new browser waits a few
seconds for the one before to let go (a reload does), then takes over from it. The one
before is closed as a server stop closes it: its app quits, and a session under way is
saved for the new browser to resume. So a phone whose link died without a word (its screen
locked) is let in again at once, not shut out until the server notices the dead link.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path
from string import Template

from aiohttp import web
from textual_serve.server import Server

TOKEN_BYTES = 16
"""128 random bits: the token is a password that lasts as long as the server."""
LET_GO_WAIT_S = 5.0
"""How long a new browser waits for the one before to let go (a reload) before taking over."""
STATIC_FILES = (
    "js/textual.js",
    "css/xterm.css",
    "fonts/RobotoMono-VariableFont_wght.ttf",
    "fonts/RobotoMono-Italic-VariableFont_wght.ttf",
)
"""textual-serve's files that its page needs: these, and nothing else of its folder."""
REFUSED = (
    "lumbar: this address needs the secret link that 'lumbar serve' printed "
    "(it changes every time the server starts).\n"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class LumbarServer:
    """The web application for one run of ``lumbar serve``; ``command`` starts the app
    process of one browser."""

    def __init__(self, command: str, token: str | None = None) -> None:
        self.token = token or new_token()
        self._textual = Server(command, title="lumbar")
        self._static = Path(str(files("textual_serve"))) / "static"
        self._page = Template((files("tui.serving") / "page.html").read_text(encoding="utf-8"))
        self._drivers: set[asyncio.Task[object]] = set()
        self._taking_over = asyncio.Lock()

    @property
    def path(self) -> str:
        """The app's address on this server: everything lives under it."""
        return f"/{self.token}/"

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get(f"/{self.token}", self._to_the_page),
                web.get(self.path, self._show_page),
                web.get(f"{self.path}ws", self._websocket),
                web.get(self.path + "static/{name:.+}", self._static_file),
            ]
        )
        app.on_shutdown.append(self._close_browsers)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse whatever does not carry the token; say nothing about what is behind it."""
        first = request.path.lstrip("/").split("/", 1)[0]
        if not hmac.compare_digest(first.encode(), self.token.encode()):
            response: web.StreamResponse = web.Response(
                status=403, text=REFUSED, content_type="text/plain"
            )
        else:
            response = await handler(request)
        if not response.prepared:  # a websocket's headers are sent already
            _private(response, nonce=request.get("nonce"))
        return response

    async def _to_the_page(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(self.path)

    async def _show_page(self, request: web.Request) -> web.StreamResponse:
        nonce = secrets.token_urlsafe(16)
        request["nonce"] = nonce
        scheme = "wss" if request.secure else "ws"
        websocket_url = f"{scheme}://{request.host}{self.path}ws"
        html = self._page.substitute(nonce=nonce, websocket_url=websocket_url)
        return web.Response(text=html, content_type="text/html")

    async def _static_file(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        return web.FileResponse(self._static / name)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if not _same_origin(request):
            raise web.HTTPForbidden(text="lumbar: only its own page may connect\n")
        if not web.WebSocketResponse().can_prepare(request).ok:  # a plain GET, say
            raise web.HTTPBadRequest(text="lumbar: this address is its page's connection\n")
        task = asyncio.current_task()
        assert task is not None
        async with self._taking_over:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + LET_GO_WAIT_S
            while self._drivers and loop.time() < deadline:
                await asyncio.sleep(0.1)
            await self._let_go()
            self._drivers.add(task)
        try:
            # textual-serve's handler: this browser's app process, until the browser goes
            # and the process has ended.
            return await self._textual.handle_websocket(request)
        finally:
            self._drivers.discard(task)

    async def _let_go(self) -> None:
        """Each browser's app is told to quit (textual-serve's handler does so when it is
        cancelled) and has ended, its session saved, before this returns."""
        drivers = list(self._drivers)
        for driver in drivers:
            driver.cancel()
        await asyncio.gather(*drivers, return_exceptions=True)

    async def _close_browsers(self, app: web.Application) -> None:
        """The server stops: the browser's app has ended, its session saved, before it does."""
        await self._let_go()


def _same_origin(request: web.Request) -> bool:
    """A browser says which page opened the connection: it must be this server's."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser; the token is what counts
    return origin.split("://", 1)[-1] == request.host


def _private(response: web.StreamResponse, nonce: str | None) -> None:
    headers = response.headers
    headers["Cache-Control"] = "no-store"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    headers["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


async def serve(server: LumbarServer, host: str, port: int, ready: Callable[[int], None]) -> None:
    """Listen on ``host``:``port`` until SIGINT or SIGTERM; ``ready`` is told the port (the
    one the system chose for port 0) once it listens. Raises OSError when it cannot."""
    import signal

    runner = web.AppRunner(server.application(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0]
        ready(int(bound[1]))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
