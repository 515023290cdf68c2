"""Fixtures: the fake Discord, and the whole bot connected to it through its own settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.adapter import DiscordAdapter
from bot.app import App
from bot.config import DiscordSettings, LimitSettings, RoleSettings, Settings
from bot.platforms import platform_adapters
from tests.discord_fake.server import FakeDiscord, Post

TOKEN = "fake-bot-token"
GUILD_ROLES = {"Admins": 0, "Organisers": 0, "Server admins": 8}


@dataclass
class DiscordBot:
    """The running bot, its adapter and the fake it talks to, with a member's shortcuts."""

    app: App
    adapter: DiscordAdapter
    fake: FakeDiscord
    guild: dict[str, Any]
    task: asyncio.Task[None]
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def channel_id(self) -> str:
        """The home server's channel."""
        return str(self.guild["channels"][0]["id"])

    def user(self, name: str = "alice") -> dict[str, Any]:
        """The same user for the same name."""
        if name not in self.users:
            self.users[name] = self.fake.user(name)
        return self.users[name]

    async def ask(self, text: str, roles: tuple[str, ...] = (), user: str = "alice") -> Post:
        """Type ``text`` in the channel and return the bot's first message in answer."""
        message_id = await self.fake.say(self.guild, self.user(user), text, roles)
        return await self.fake.answer_to(message_id)

    async def slash(
        self,
        name: str,
        options: Mapping[str, object],
        roles: tuple[str, ...] = (),
        user: str = "alice",
        locale: str = "en-GB",
    ) -> dict[str, Any]:
        """Use a slash command (from a Discord set to ``locale``); return the bot's callback."""
        interaction = await self.fake.interact(
            self.guild, self.user(user), name, options, roles=roles, locale=locale
        )
        callback: dict[str, Any] = await self.fake.wait_for(lambda: self.fake.callback(interaction))
        return callback


Starter = Callable[..., Awaitable[DiscordBot]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord with one server (roles Admins, Organisers, Server admins)."""
    server = FakeDiscord()
    server.home = server.add_guild("Campaign", GUILD_ROLES)
    await server.start()
    yield server
    await server.stop()


def discord_settings(fake: FakeDiscord, **roles: tuple[str, ...]) -> Settings:
    """Settings that serve the fake's home server (the group's own), with roles mapped to ours."""
    home = fake.home
    return Settings(
        discord=DiscordSettings(
            guilds=(home["id"],),
            home_guilds=(home["id"],),
            api_base_url=fake.api_base_url,
            gateway_url=fake.gateway_url,
        ),
        roles=RoleSettings(
            admins=roles.get("admins", ("discord-role:Admins",)),
            organisers=roles.get("organisers", ("discord-role:Organisers",)),
        ),
        # Many commands from one person are the point here: no rate limits (test_limits.py).
        limits=LimitSettings(person=0, room=0),
    )


@pytest.fixture
async def start_bot(
    fake: FakeDiscord, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Starter]:
    """``await start_bot()`` runs the bot against the fake and waits until it is ready."""
    monkeypatch.setenv("CAMPAIGN_BOT_DISCORD_TOKEN", TOKEN)
    running: list[DiscordBot] = []

    async def start(
        settings: Settings | None = None, prepare: Callable[[App], Awaitable[None]] | None = None
    ) -> DiscordBot:
        settings = settings or discord_settings(fake)
        app = await App.open(settings, db_path)
        if prepare is not None:
            await prepare(app)
        [adapter] = platform_adapters(settings)
        assert isinstance(adapter, DiscordAdapter)
        adapter.guild_ready_timeout = 0.05
        adapter.identify_pause = False
        task = asyncio.create_task(app.run([adapter]))
        bot = DiscordBot(app, adapter, fake, fake.home, task)
        running.append(bot)
        ready = asyncio.create_task(adapter.ready.wait())
        await asyncio.wait({task, ready}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        assert adapter.ready.is_set(), "the bot did not get ready"
        return bot

    yield start
    for bot in running:
        await bot.adapter.stop()
        await asyncio.wait_for(bot.task, 15)
        await bot.app.close()
