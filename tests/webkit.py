"""The web face on a real, seeded SQLite file, reached through aiohttp's test client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.access.store import AccessStore
from bot.app import App
from bot.app_web import web_services
from bot.config import RoleSettings, Settings, WebSettings
from bot.core.clock import ManualClock, SystemClock
from bot.core.model import Incoming, Person, Place, Role
from bot.facts.store import FactStore
from bot.render.text import to_plain
from bot.web.site import build_app

START = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DIRECT = Place("test", "dm-alice", "direct message")
ROOM = Place("test", "room-1", "test room")
LINK = re.compile(r"https?://\S+/login/(\S+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def admin(person_id: str = "test:alice") -> Person:
    """An admin, as the platform and config would make them."""
    return Person.given(person_id, person_id.split(":")[-1], Role.ADMIN, "given by the test")


@dataclass
class Site:
    """The bot (its chat commands) and its web face over one database, on a manual clock."""

    app: App
    client: TestClient
    clock: ManualClock

    async def say(self, text: str, who: Person | None = None, *, direct: bool = True) -> str:
        """The bot's answer to ``text`` typed in chat, as plain text."""
        incoming = Incoming(text, who or admin(), DIRECT if direct else ROOM, "m1", direct=direct)
        reply = await self.app.answer(incoming)
        assert reply is not None
        return to_plain(reply)

    async def login_token(self, who: Person | None = None) -> str:
        """A fresh login link's token, asked for with !web login in a direct message."""
        answer = await self.say("!web login", who)
        found = LINK.search(answer)
        assert found, answer
        return found.group(1)

    async def log_in(self, who: Person | None = None) -> str:
        """Log in through a fresh link; the session's CSRF token."""
        token = await self.login_token(who)
        response = await self.client.post(f"/login/{token}", allow_redirects=False)
        assert response.status == 303, await response.text()
        return await self.csrf("/admin")

    async def csrf(self, path: str) -> str:
        """The CSRF token in the forms of the page at ``path``."""
        page = await self.client.get(path)
        found = CSRF.search(await page.text())
        assert found, f"no form on {path}"
        return found.group(1)

    async def text(self, path: str, status: int = 200) -> str:
        """The body of ``path``, checking its status."""
        response = await self.client.get(path)
        body = await response.text()
        assert response.status == status, (response.status, body[:500])
        return body

    async def post(self, path: str, data: dict[str, str]) -> ClientResponse:
        """A form posted as a browser on this site would (same Origin)."""
        base = self.app.settings.web.base_url if self.app.settings.web else ""
        origin = base or str(self.client.make_url("/")).rstrip("/")
        return await self.client.post(
            path, data=data, allow_redirects=False, headers={"Origin": origin}
        )


async def open_site(
    path: Path,
    web: WebSettings | None = None,
    *,
    roles: RoleSettings | None = None,
    clock: ManualClock | None = None,
) -> AsyncIterator[Site]:
    """The bot with a [web] section on the database at ``path``, and a client of its site."""
    clock = clock or ManualClock(START)
    web = web or WebSettings(port=0)
    settings = replace(Settings(), web=web, roles=roles or RoleSettings())
    app = await App.open(settings, path, clock=clock, wake=False, serve_web=True)
    assert app.web is not None
    client = TestClient(TestServer(build_app(app.web.services)))
    await client.start_server()
    try:
        yield Site(app, client, clock)
    finally:
        await client.close()
        await app.close()


@asynccontextmanager
async def web_client(app: App) -> AsyncIterator[TestClient]:
    """A client of the web face over the database of ``app`` (a bot serving chat only)."""
    clock = SystemClock()
    access = AccessStore(app.database, clock)
    client = TestClient(
        TestServer(build_app(web_services(app.settings, FactStore(app.database), access, clock)))
    )
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def redeem(client: TestClient, link: str) -> int:
    """Open a login link as a browser would (a click on its button); the status, 303 if in."""
    found = LINK.search(link)
    assert found, link
    client.session.cookie_jar.clear()
    response = await client.post(f"/login/{found.group(1)}", allow_redirects=False)
    return response.status
