"""What `run` needs beyond a valid file: a platform, its extra installed, its login set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.config import default_database_path, secret
from bot.config.discord import DISCORD_TOKEN_ENV
from bot.config.matrix import (
    CREDENTIALS_FILE,
    MATRIX_DEVICE_ENV,
    MATRIX_PASSWORD_ENV,
    MATRIX_TOKEN_ENV,
)
from bot.config.settings import Settings

NO_PLATFORM = (
    "no chat platform is configured: uncomment [discord] (and its guilds) or [matrix] "
    "(and its homeserver and user_id) in this file, as config.example.toml explains; "
    "to try the bot without one, use `campaign-bot console`"
)
NO_DISCORD_TOKEN = (
    f"[discord]: {DISCORD_TOKEN_ENV} holds no bot token: set it in the environment "
    "the bot runs in (never in the file)"
)
# Each extra: the modules it installs, and what to call it in a problem.
EXTRAS = {
    "discord": (("discord",), "discord.py"),
    "matrix": (("nio",), "matrix-nio"),
    "web": (("aiohttp", "jinja2", "PIL"), "jinja2 and pillow"),
}


def extra_missing(extra: str) -> bool:
    """Whether any module of ``extra`` is not installed."""
    modules, _ = EXTRAS[extra]
    return any(importlib.util.find_spec(name) is None for name in modules)


def web_extra_missing() -> bool:
    """Whether the web face's libraries (aiohttp, Jinja2, Pillow) are not all installed."""
    return extra_missing("web")


def missing_extra(platform: str) -> str:
    """The problem and its fix when a platform's Python package is not installed."""
    _, package = EXTRAS[platform]
    return f"[{platform}]: needs {package}, not installed: pip install 'campaign-bot[{platform}]'"


def matrix_store(settings: Settings) -> Path:
    """Where the Matrix device keeps its keys and saved login."""
    if settings.matrix is not None and settings.matrix.store is not None:
        return settings.matrix.store
    return (settings.database or default_database_path()).parent / "matrix"


def start_problems(settings: Settings, *, offline: bool = False) -> list[str]:
    """Everything `run` would refuse on top of the file's own problems, each with its fix.

    ``offline`` skips the secrets (for checking a config away from where the bot runs).
    """
    problems: list[str] = []
    places = [place for group in settings.channels.values() for place in group]
    has_feed = any(place.platform == "file" for place in places)
    if settings.discord is None and settings.matrix is None and not has_feed:
        problems.append(NO_PLATFORM)
    for platform, configured in (("discord", settings.discord), ("matrix", settings.matrix)):
        if configured is not None and extra_missing(platform):
            problems.append(missing_extra(platform))
    if settings.web is not None and web_extra_missing():
        problems.append(missing_extra("web"))
    if offline:
        return problems
    if settings.discord is not None and secret(DISCORD_TOKEN_ENV) is None:
        problems.append(NO_DISCORD_TOKEN)
    if settings.matrix is not None and not _matrix_login_available(settings):
        problems.append(
            f"[matrix]: no login: set {MATRIX_TOKEN_ENV} and {MATRIX_DEVICE_ENV}, or set "
            f"{MATRIX_PASSWORD_ENV} once to log in and save a token in {matrix_store(settings)}"
        )
    return problems


def _matrix_login_available(settings: Settings) -> bool:
    """A token or password in the environment, or a token saved by an earlier password login."""
    if secret(MATRIX_TOKEN_ENV) or secret(MATRIX_PASSWORD_ENV):
        return True
    return (matrix_store(settings) / CREDENTIALS_FILE).is_file()
