"""Settings from a TOML file as frozen, typed values; secrets come from the environment."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config.bot_section import LOG_LEVELS, parse_bot
from bot.config.discord import (
    DISCORD_API,
    DISCORD_GATEWAY,
    DISCORD_TOKEN_ENV,
    DiscordSettings,
    parse_discord,
)
from bot.config.events import (
    CHANNEL_PLATFORMS,
    CONSOLE_CHANNEL,
    EventSettings,
    parse_channels,
    parse_events,
)
from bot.config.limits import LimitSettings, parse_limits
from bot.config.matrix import (
    CREDENTIALS_FILE,
    MATRIX_DEVICE_ENV,
    MATRIX_PASSWORD_ENV,
    MATRIX_TOKEN_ENV,
    MATRIX_USER,
    MatrixSettings,
    parse_matrix,
)
from bot.config.reader import Reader
from bot.config.roles import RoleSettings, everyone_problems, parse_roles
from bot.config.settings import Settings
from bot.config.web import WebSettings, parse_web
from bot.core.errors import ConfigError
from bot.core.toml import parse_toml

__all__ = [
    "CHANNEL_PLATFORMS",
    "CONSOLE_CHANNEL",
    "CREDENTIALS_FILE",
    "DISCORD_API",
    "DISCORD_GATEWAY",
    "DISCORD_TOKEN_ENV",
    "KNOWN_SECTIONS",
    "LOG_LEVELS",
    "MATRIX_DEVICE_ENV",
    "MATRIX_PASSWORD_ENV",
    "MATRIX_TOKEN_ENV",
    "MATRIX_USER",
    "DiscordSettings",
    "EventSettings",
    "LimitSettings",
    "MatrixSettings",
    "RoleSettings",
    "Settings",
    "WebSettings",
    "default_database_path",
    "load_settings",
    "parse_limits",
    "parse_settings",
    "secret",
]

KNOWN_SECTIONS = {"bot", "roles", "channels", "events", "discord", "matrix", "limits", "web"}


def default_database_path() -> Path:
    """The database in the user's data directory (XDG), or ./campaign-bot.db without a home."""
    base = os.environ.get("XDG_DATA_HOME") or (
        str(Path.home() / ".local" / "share") if Path.home().is_dir() else ""
    )
    return Path(base) / "campaign-bot" / "campaign-bot.db" if base else Path("campaign-bot.db")


def secret(name: str) -> str | None:
    """A secret from the environment variable ``name`` (never from the config file)."""
    value = os.environ.get(name, "").strip()
    return value or None


def parse_settings(data: dict[str, Any], source: str) -> Settings:
    """Settings from parsed TOML; raises ConfigError listing every problem."""
    problems: list[str] = []
    read = Reader(data, problems)
    for section in sorted(set(data) - KNOWN_SECTIONS):
        problems.append(f"[{section}]: unknown section")
    bot = parse_bot(read)
    roles = parse_roles(read)
    limits = parse_limits(read)
    channels = parse_channels(read)
    events = parse_events(read, channels)
    discord = parse_discord(read) if "discord" in data else None
    matrix = parse_matrix(read) if "matrix" in data else None
    web = parse_web(read) if "web" in data else None
    problems += everyone_problems(roles, discord.guilds if discord else ())
    if problems:
        raise ConfigError(source, problems)
    return replace(
        bot,
        roles=roles,
        limits=limits,
        channels=channels,
        events=events,
        discord=discord,
        matrix=matrix,
        web=web,
        source=source,
    )


def load_settings(path: Path | None) -> Settings:
    """Settings from the TOML file at ``path``, or the defaults when ``path`` is None."""
    if path is None:
        return Settings()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found: copy config.example.toml there"]) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(str(path), [f"cannot be read: {problem}"]) from None
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(str(path), [f"not valid TOML: {problem}"]) from None
    return parse_settings(data, str(path))
