"""The aiohttp application: every route of the web face, and serving it on an address."""

from __future__ import annotations

import logging
from importlib import resources

from aiohttp import web

from bot.core.errors import ConfigError
from bot.web.admin import AdminPages
from bot.web.calendar import CalendarPages
from bot.web.public import PublicPages
from bot.web.responses import with_safe_headers
from bot.web.services import WebServices
from bot.web.sessions import Sessions
from bot.web.templates import Pages

log = logging.getLogger(__name__)

SITE_NAME = "campaign-bot"
# Uploads (a source's text) up to the size a source text may be, in UTF-8, plus the form.
MAX_BODY = 21 * 1024 * 1024


def stylesheet() -> bytes:
    """The site's one stylesheet, shipped in the package."""
    return resources.files("bot.web").joinpath("static", "style.css").read_bytes()


def build_app(services: WebServices) -> web.Application:
    """The web face as an aiohttp application over ``services``."""
    pages = Pages({"name": SITE_NAME})
    app = web.Application(middlewares=[with_safe_headers(pages)], client_max_size=MAX_BODY)
    css = stylesheet()

    async def style(request: web.Request) -> web.Response:
        response = web.Response(body=css, content_type="text/css", charset="utf-8")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    sessions = Sessions(services, pages)
    app.add_routes([web.get("/static/style.css", style)])
    app.add_routes(PublicPages(services, pages).routes())
    app.add_routes(CalendarPages(services, pages).routes())
    app.add_routes(sessions.routes())
    app.add_routes(AdminPages(services, pages, sessions).routes())
    return app


class WebServer:
    """The web face served on the configured address until stopped."""

    def __init__(self, services: WebServices) -> None:
        self.services = services
        self._runner: web.AppRunner | None = None
        self.port = services.settings.port

    async def start(self) -> None:
        """Listen on [web] listen:port (port 0: any free port, then ``self.port``)."""
        settings = self.services.settings
        runner = web.AppRunner(build_app(self.services), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.listen, settings.port)
        try:
            await site.start()
        except OSError as problem:
            await runner.cleanup()
            where = f"{settings.listen}:{settings.port}"
            reason = problem.strerror or str(problem)
            raise ConfigError("[web]", [f"web.port: cannot listen on {where}: {reason}"]) from None
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        sockets = runner.addresses
        if sockets:
            self.port = int(sockets[0][1])
        log.info("web face on http://%s:%d", settings.listen, self.port)

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
