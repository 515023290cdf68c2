"""The [bot] section: prefix, time zone, database, log level and language."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.reader import Reader
from bot.config.settings import Settings
from bot.core.language_codes import language_code
from bot.i18n.catalogs import SHIPPED

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def parse_bot(read: Reader) -> Settings:
    """Settings from the [bot] section alone, its problems added to ``read.problems``."""
    bot = read.table("bot")
    read.unknown(bot, "bot", {"prefix", "timezone", "database", "log_level", "language"})
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
    language = language_code(read.text(bot, "bot", "language", "en"))
    if language not in SHIPPED:
        read.problems.append(f"bot.language: must be one of {', '.join(SHIPPED)}")
    path = Path(database).expanduser() if database else None
    return Settings(prefix, timezone, path, log_level, language)
