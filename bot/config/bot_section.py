"""The [bot] and [roles] sections, and Settings: everything the bot is configured with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.discord import DiscordSettings
from bot.config.events import CONSOLE_CHANNEL, EventSettings
from bot.config.limits import LimitSettings
from bot.config.matrix import MatrixSettings
from bot.config.reader import Reader
from bot.config.web import WebSettings
from bot.core.model import Place

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class RoleSettings:
    """People given a role by their platform id, whatever the platform says."""

    admins: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with."""

    prefix: str = "!"
    timezone: str = "Europe/London"
    database: Path | None = None
    log_level: str = "INFO"
    roles: RoleSettings = field(default_factory=RoleSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    channels: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    events: EventSettings = field(default_factory=EventSettings)
    discord: DiscordSettings | None = None
    matrix: MatrixSettings | None = None
    web: WebSettings | None = None
    source: str = "built-in defaults"

    @property
    def zone(self) -> ZoneInfo:
        """The group's time zone."""
        return ZoneInfo(self.timezone)

    def announcement_channels(self) -> dict[str, tuple[Place, ...]]:
        """Channels by name; with none configured, the terminal is the one channel."""
        if self.channels:
            return dict(self.channels)
        return {CONSOLE_CHANNEL: (Place("console", "console", CONSOLE_CHANNEL),)}

    def authority_note(self) -> str:
        """One line when a configured platform names no home places, so its power counts nowhere."""
        missing: list[tuple[str, str, str]] = []
        if self.matrix is not None and not self.matrix.home_rooms:
            missing.append(("Matrix", "[matrix] home_rooms", "room power levels"))
        if self.discord is not None and not self.discord.home_guilds:
            discord_powers = "Discord roles and the Administrator permission"
            missing.append(("Discord", "[discord] home_guilds", discord_powers))
        if not missing:
            return ""
        platforms, keys, powers = zip(*missing, strict=True)
        return (
            f"Only [roles] gives roles on {' and '.join(platforms)}: with no "
            f"{' and no '.join(keys)}, {', '.join(powers)} count nowhere "
            "(see 'Who can do what' in the README)."
        )

    def organisers_channel(self) -> str:
        """The channel told about missed and failed reminders ('' = the log only)."""
        if self.events.organisers_channel or self.channels:
            return self.events.organisers_channel
        return CONSOLE_CHANNEL


def parse_bot(read: Reader) -> Settings:
    """Settings from the [bot] section alone, its problems added to ``read.problems``."""
    bot = read.table("bot")
    read.unknown(bot, "bot", {"prefix", "timezone", "database", "log_level"})
    prefix = read.text(bot, "bot", "prefix", "!")
    if not prefix or len(prefix) > 3 or any(char.isspace() or char.isalnum() for char in prefix):
        read.problems.append('bot.prefix: must be 1 to 3 symbols without spaces, like "!"')
    timezone = read.text(bot, "bot", "timezone", "Europe/London")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        read.problems.append(
            f'bot.timezone: unknown time zone {timezone!r}, use one like "Europe/London"'
        )
    database = read.text(bot, "bot", "database", "")
    log_level = read.text(bot, "bot", "log_level", "INFO").upper()
    if log_level not in LOG_LEVELS:
        read.problems.append(f"bot.log_level: must be one of {', '.join(LOG_LEVELS)}")
    return Settings(prefix, timezone, Path(database).expanduser() if database else None, log_level)


def parse_roles(read: Reader) -> RoleSettings:
    """The [roles] section."""
    roles = read.table("roles")
    read.unknown(roles, "roles", {"admins", "organisers"})
    return RoleSettings(
        admins=read.texts(roles, "roles", "admins"),
        organisers=read.texts(roles, "roles", "organisers"),
    )
