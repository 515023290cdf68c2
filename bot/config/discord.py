"""The [discord] section: which servers to serve, and where Discord is."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.reader import Reader

DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
DISCORD_TOKEN_ENV = "CAMPAIGN_BOT_DISCORD_TOKEN"


@dataclass(frozen=True)
class DiscordSettings:
    """The [discord] section: the servers to serve, the group's own among them, where Discord is."""

    guilds: tuple[str, ...] = ()
    api_base_url: str = DISCORD_API
    gateway_url: str = DISCORD_GATEWAY
    max_concurrent_sends: int = 4
    home_guilds: tuple[str, ...] = ()


def parse_discord(read: Reader) -> DiscordSettings:
    """The [discord] section, its problems added to ``read.problems``."""
    table = read.table("discord")
    known = {"guilds", "home_guilds", "api_base_url", "gateway_url", "max_concurrent_sends"}
    read.unknown(table, "discord", known)
    guilds = read.texts(table, "discord", "guilds")
    if not guilds:
        read.problems.append(
            'discord.guilds: list the ids of the servers to serve, like ["123456789012345678"]'
        )
    for guild in guilds:
        if not guild.isdigit():
            read.problems.append(f"discord.guilds: {guild!r} is not a server id (digits only)")
    home = read.texts(table, "discord", "home_guilds")
    for guild in home:
        if guild not in guilds:
            read.problems.append(f"discord.home_guilds: {guild!r} is not one of discord.guilds")
    api = read.text(table, "discord", "api_base_url", DISCORD_API).rstrip("/")
    if not api.startswith(("https://", "http://")):
        read.problems.append("discord.api_base_url: must start with https://")
    gateway = read.text(table, "discord", "gateway_url", DISCORD_GATEWAY)
    if not gateway.startswith(("wss://", "ws://")):
        read.problems.append("discord.gateway_url: must start with wss://")
    sends = table.get("max_concurrent_sends", 4)
    if not isinstance(sends, int) or isinstance(sends, bool) or not 1 <= sends <= 50:
        read.problems.append("discord.max_concurrent_sends: must be a whole number from 1 to 50")
        sends = 4
    return DiscordSettings(guilds, api, gateway, sends, home)
