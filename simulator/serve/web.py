"""The web server: each browser tab gets its own `lagom` process (textual-serve), behind a password.

Trainees open `/`; the trainer view is at `/trainer`, behind its own password, and runs a
different command, so nothing a trainee's browser can reach opens the coach review. Each
tab's process is pointed at the least-loaded model server slot through `LAGOM_BASE_URL`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

COOKIE = "lagom-auth"
"""The cookie that proves a browser typed the password."""


@dataclass(frozen=True)
class Door:
    """One way in: the trainees' UI or the trainer's view."""

    path: str
    """URL prefix: "" for trainees, "/trainer" for the trainer."""
    command: str
    """The shell command each browser tab runs."""
    password: str | None
    """Asked for in the browser before the app starts; None = open."""
    title: str
    """The page title and the heading of the password page."""


class SlotProcess(AppService):
    """A tab's `lagom` process with extra environment (which model server slot to use)."""

    def __init__(self, command: str, extra_env: dict[str, str], **kwargs: Any) -> None:
        """Run `command` with `extra_env` added to the environment textual-serve builds."""
        super().__init__(command, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """textual-serve's environment plus ours."""
        return {**super()._build_environment(width, height), **self.extra_env}


class LagomWebServer(Server):
    """textual-serve's server with a password page, a trainer door and model slots."""

    def __init__(
        self,
        doors: list[Door],
        host: str,
        port: int,
        slot_urls: list[str] | None = None,
        extra_env: dict[str, str] | None = None,
        watch: Callable[[], list[str]] | None = None,
    ) -> None:
        """Serve `doors` on host:port; tabs are spread over `slot_urls` (None: env as is).

        `watch` is called every few seconds; each line it returns is printed (news about the
        model server, e.g. a slot that stopped).
        """
        super().__init__(doors[0].command, host=host, port=port, title="Lagom")
        self.watch = watch
        self.doors = {door.path: door for door in doors}
        self.slot_urls = slot_urls or []
        self.extra_env = extra_env or {}
        self.in_use: Counter[str] = Counter()
        self._key = secrets.token_bytes(32)

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, one set per door, plus the password pages."""
        app = web.Application()
        import aiohttp_jinja2
        import jinja2

        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        for path in self.doors:
            app.add_routes([
                web.get(path or "/", self.handle_index),
                web.get(f"{path}/ws", self.handle_websocket),
                web.get(f"{path}/login", self.login_page),
                web.post(f"{path}/login", self.login),
            ])
        app.add_routes([
            web.get("/download/{key}", self.handle_download),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Start watching the model server (`lagom serve` itself says where the class is)."""
        if self.watch is not None:
            app["watcher"] = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while self.watch is not None:
            for line in self.watch():
                print(line, flush=True)
            await asyncio.sleep(2.0)

    def initialize_logging(self) -> None:
        """Only problems on the console: no line per page request."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    def door_for(self, request: web.Request) -> Door:
        """The door a request came through."""
        path = request.path.removesuffix("/ws").removesuffix("/login").rstrip("/")
        return self.doors.get(path) or self.doors[""]

    def token(self, door: Door) -> str:
        """The cookie value for a door (changes with every start of `lagom serve`)."""
        return hmac.new(self._key, door.path.encode() + b"|lagom", hashlib.sha256).hexdigest()

    def allowed(self, request: web.Request, door: Door) -> bool:
        """Whether the browser may use this door."""
        if door.password is None:
            return True
        given = request.cookies.get(f"{COOKIE}{door.path.replace('/', '-')}", "")
        return hmac.compare_digest(given, self.token(door))

    async def login_page(self, request: web.Request, error: str = "") -> web.Response:
        """The password form."""
        door = self.door_for(request)
        message = f'<p class="error">{html.escape(error)}</p>' if error else ""
        return web.Response(content_type="text/html", text=LOGIN_PAGE.format(
            title=html.escape(door.title), action=f"{door.path}/login", message=message))

    async def login(self, request: web.Request) -> web.Response:
        """Check the password; on success set the cookie and open the app."""
        door = self.door_for(request)
        form = await request.post()
        typed = str(form.get("password", ""))
        if door.password is None or not hmac.compare_digest(typed.encode(), door.password.encode()):
            await asyncio.sleep(0.5)  # slows down guessing
            return await self.login_page(request, "Wrong password.")
        response = web.HTTPFound(door.path or "/")
        response.set_cookie(f"{COOKIE}{door.path.replace('/', '-')}", self.token(door),
                            httponly=True, samesite="Strict")
        raise response

    async def handle_index(self, request: web.Request) -> Any:
        """The page that starts the terminal, with addresses taken from the request."""
        import aiohttp_jinja2

        door = self.door_for(request)
        if not self.allowed(request, door):
            raise web.HTTPFound(f"{door.path}/login")
        base = f"{request.scheme}://{request.host}"
        ws_scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_scheme}://{request.host}{door.path}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": door.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def pick_slot(self) -> str | None:
        """The model server slot with the fewest tabs on it."""
        if not self.slot_urls:
            return None
        return min(self.slot_urls, key=lambda url: self.in_use[url])

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: start its process, relay input and screen, stop it when the tab goes."""
        door = self.door_for(request)
        if not self.allowed(request, door):
            raise web.HTTPForbidden(text="password needed")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        slot = self.pick_slot()
        env = dict(self.extra_env)
        if slot:
            env.update(LAGOM_BASE_URL=slot, LAGOM_BACKEND="openai")
            self.in_use[slot] += 1
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = SlotProcess(
                door.command, env, write_bytes=websocket.send_bytes,
                write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure must not stop the class
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
            if slot:
                self.in_use[slot] -= 1
        return websocket


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ background: #0c181f; color: #eee; font-family: sans-serif; display: flex;
       align-items: center; justify-content: center; height: 100vh; margin: 0; }}
form {{ background: #12232d; padding: 2em 3em; border-radius: 6px; }}
input {{ font-size: 1.1em; padding: .4em; margin: .5em 0; display: block; }}
button {{ font-size: 1.1em; padding: .4em 1.2em; background: #5e0ba7; color: #fff; border: 0; }}
.error {{ color: #ff8080; }}
</style></head>
<body><form method="post" action="{action}">
<h1>{title}</h1>{message}
<label for="password">Password (ask your trainer)</label>
<input type="password" id="password" name="password" autofocus>
<button type="submit">Enter</button>
</form></body></html>
"""
