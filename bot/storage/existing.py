"""A database that must already be the bot's: looked at read-only, never created or migrated."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bot.core.errors import StorageError


def check_existing(path: Path) -> None:
    """Refuse ``path`` unless it is a campaign-bot database; creates and changes nothing."""
    if not path.is_file():
        raise StorageError(
            f"There is no database at {path}: nothing was done. Name the bot's database with"
            " --db or [bot] database."
        )
    try:
        read_only = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(read_only, uri=True)) as connection:
            connection.execute("PRAGMA busy_timeout = 5000")
            _check_is_ours(connection, path)
    except sqlite3.Error as problem:
        raise StorageError(f"Cannot read the database {path}: {problem}") from problem


def _check_is_ours(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a campaign-bot database."""
    try:
        connection.execute("SELECT version FROM schema_migrations LIMIT 1").fetchall()
    except sqlite3.DatabaseError as problem:
        raise StorageError(f"{path} is not a campaign-bot database ({problem}).") from problem
