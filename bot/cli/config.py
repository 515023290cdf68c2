"""Which config and database a command uses, and `campaign-bot check-config`: run's checks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.config import Settings, default_database_path, load_settings
from bot.config.readiness import start_problems
from bot.core.errors import ConfigError

CONFIG_ENV = "CAMPAIGN_BOT_CONFIG"
LOCAL_CONFIG = Path("config.toml")
HOW_TO_START = f"""\
No config file: --config not given, {CONFIG_ENV} not set and no ./config.toml here.
`campaign-bot run` serves the chat platforms a config file names. To start:
  cp config.example.toml config.toml
  then uncomment [discord] or [matrix] in config.toml, as it explains, and run again
  (or pass --config FILE, or set {CONFIG_ENV} to the file).
To try the bot without a platform: campaign-bot console"""


def find_config(given: Path | None) -> Path | None:
    """The config a command uses: --config, else $CAMPAIGN_BOT_CONFIG, else ./config.toml."""
    if given is not None:
        return given
    from_environment = os.environ.get(CONFIG_ENV, "").strip()
    if from_environment:
        return Path(from_environment)
    return LOCAL_CONFIG if LOCAL_CONFIG.is_file() else None


def database_path(settings: Settings, args: argparse.Namespace) -> Path:
    """The database file a command uses: --db, then the config's, then the default."""
    return Path(args.db or settings.database or default_database_path())


def settings_to_run(path: Path | None, *, offline: bool = False) -> Settings:
    """The settings `run` starts with; raises ConfigError naming everything it would refuse."""
    settings = load_settings(path)
    problems = start_problems(settings, offline=offline)
    if problems:
        raise ConfigError(settings.source, problems)
    return settings


def check_config(args: argparse.Namespace) -> int:
    """campaign-bot check-config [FILE] [--offline]: 0 when `run` would start, 2 when not."""
    path = find_config(args.file)
    if path is None:
        print(HOW_TO_START, file=sys.stderr)
        return 2
    settings = settings_to_run(path, offline=args.offline)
    platforms = [name for name in ("discord", "matrix") if getattr(settings, name) is not None]
    serves = ", ".join(platforms) or "a file feed only"
    skipped = " (tokens not checked: --offline)" if args.offline else ""
    print(
        f"{path}: OK: run would serve {serves} (prefix {settings.prefix!r}, "
        f"time zone {settings.timezone}){skipped}"
    )
    if note := settings.authority_note():
        print(f"Note: {note}")
    return 0
