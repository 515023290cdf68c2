"""Settings: everything the bot is configured with, one frozen value made from the config file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config.discord import DiscordSettings
from bot.config.events import CONSOLE_CHANNEL, EventSettings
from bot.config.limits import LimitSettings
from bot.config.matrix import MatrixSettings
from bot.config.roles import RoleSettings
from bot.config.web import WebSettings
from bot.core.model import Place


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with."""

    prefix: str = "!"
    timezone: str = "Europe/London"
    database: Path | None = None
    log_level: str = "INFO"
    language: str = "en"
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
