"""The chat adapters a config enables, each SDK imported only when its platform is configured."""

from __future__ import annotations

from bot.config import DISCORD_TOKEN_ENV, DiscordSettings, MatrixSettings, Settings, secret
from bot.config.readiness import NO_DISCORD_TOKEN, matrix_store, missing_extra
from bot.core.errors import ConfigError
from bot.core.ports import ChatAdapter, Clock


def platform_adapters(settings: Settings, clock: Clock | None = None) -> list[ChatAdapter]:
    """The chat adapters the config enables (each SDK is imported only when configured)."""
    adapters: list[ChatAdapter] = []
    if settings.discord is not None:
        adapters.append(discord_adapter(settings, settings.discord))
    if settings.matrix is not None:
        adapters.append(matrix_adapter(settings, settings.matrix))
    places = [place for group in settings.channels.values() for place in group]
    if any(place.platform == "file" for place in places):
        from bot.adapters.file_sink import FileSinkAdapter

        adapters.append(FileSinkAdapter(clock))
    return adapters


def discord_adapter(settings: Settings, discord: DiscordSettings) -> ChatAdapter:
    """The Discord adapter, with its token from the environment."""
    token = secret(DISCORD_TOKEN_ENV)
    if token is None:
        raise ConfigError(settings.source, [NO_DISCORD_TOKEN])
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
