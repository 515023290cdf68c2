"""The chat adapters a config enables, each made (and its SDK imported) only when configured."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial

from bot.config import DISCORD_TOKEN_ENV, DiscordSettings, MatrixSettings, Settings, secret
from bot.config.readiness import NO_DISCORD_TOKEN, matrix_store, missing_extra
from bot.core.errors import ConfigError
from bot.core.ports import ChatAdapter, Clock

AdapterMaker = Callable[[], ChatAdapter]


def adapter_makers(settings: Settings, clock: Clock | None = None) -> list[AdapterMaker]:
    """A function per enabled platform that makes its adapter, importing its SDK.

    Matrix comes first: its first answer waits for the most round trips (log-in check and
    two syncs), which can go on while the next SDK imports. A missing Discord token is
    refused here, before anything is imported or started.
    """
    makers: list[AdapterMaker] = []
    if settings.matrix is not None:
        makers.append(partial(matrix_adapter, settings, settings.matrix))
    if settings.discord is not None:
        token = secret(DISCORD_TOKEN_ENV)
        if token is None:
            raise ConfigError(settings.source, [NO_DISCORD_TOKEN])
        makers.append(partial(discord_adapter, settings, settings.discord, token))
    places = [place for group in settings.channels.values() for place in group]
    if any(place.platform == "file" for place in places):
        makers.append(partial(file_sink, clock))
    return makers


def platform_adapters(settings: Settings, clock: Clock | None = None) -> list[ChatAdapter]:
    """The adapters the config enables, made now."""
    return [make() for make in adapter_makers(settings, clock)]


def discord_adapter(settings: Settings, discord: DiscordSettings, token: str) -> ChatAdapter:
    """The Discord adapter."""
    try:
        from bot.adapters.discord.adapter import DiscordAdapter
        from bot.adapters.discord.roles import RoleMap
    except ImportError:
        raise ConfigError(settings.source, [missing_extra("discord")]) from None
    roles = RoleMap(settings.roles.admins, settings.roles.organisers, discord.home_guilds)
    return DiscordAdapter(discord, token, roles)


def matrix_adapter(settings: Settings, matrix: MatrixSettings) -> ChatAdapter:
    """The Matrix adapter; its token, device id or password come from the environment."""
    try:
        from bot.adapters.matrix.adapter import MatrixAdapter
        from bot.adapters.matrix.session import MatrixLogin
    except ImportError:
        raise ConfigError(settings.source, [missing_extra("matrix")]) from None
    login, store = MatrixLogin.from_environment(), matrix_store(settings)
    return MatrixAdapter(matrix, login, store, channels=matrix_channels(settings))


def matrix_channels(settings: Settings) -> dict[str, str]:
    """The Matrix room (id or alias) of each announcement channel that has one."""
    return {
        name: place.id
        for name, places in settings.channels.items()
        for place in places
        if place.platform == "matrix"
    }


def file_sink(clock: Clock | None) -> ChatAdapter:
    """The adapter that appends announcements to files."""
    from bot.adapters.file_sink import FileSinkAdapter

    return FileSinkAdapter(clock)


class Arrivals:
    """Adapters made one after another in a worker thread, from the moment this is created.

    Importing an SDK is ~0.2-0.5 s of CPU: made this way, the database opens and the first
    adapter logs in while the next SDK is still being imported.
    """

    def __init__(self, makers: Sequence[AdapterMaker]) -> None:
        self._made: asyncio.Queue[ChatAdapter | Exception | None] = asyncio.Queue()
        self._making = asyncio.create_task(self._make(list(makers)), name="adapter imports")

    async def _make(self, makers: list[AdapterMaker]) -> None:
        """Make each adapter in turn; the first failure ends the making."""
        try:
            for make in makers:
                self._made.put_nowait(await asyncio.to_thread(make))
        except Exception as problem:
            self._made.put_nowait(problem)
            return
        self._made.put_nowait(None)

    async def next(self) -> ChatAdapter | None:
        """The next adapter (None when all have been made); raises what making one raised."""
        found = await self._made.get()
        if isinstance(found, Exception):
            raise found
        return found

    async def close(self) -> None:
        """Stop making adapters (an import under way finishes in its thread)."""
        self._making.cancel()
        await asyncio.gather(self._making, return_exceptions=True)
