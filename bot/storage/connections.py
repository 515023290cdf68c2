"""Connections to the database file: made private, in WAL mode, checked writable."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import aiosqlite

from bot.core.errors import StorageError
from bot.core.private_files import create_file, make_folder


def explain(path: Path, problem: sqlite3.Error) -> str:
    """One line on why the database at ``path`` cannot be used, and what to do about it."""
    text = str(problem)
    if "locked" in text or "busy" in text:
        return (
            f"The database {path} is locked by another process ({text}): it held a write lock"
            " for more than 5 s. Stop that program, or try again when it is done."
        )
    if "readonly" in text or "read-only" in text:
        return (
            f"The database {path} is read-only ({text}). Make the file and its folder writable"
            " by the user the bot runs as."
        )
    return (
        f"Cannot use {path} as the bot's database: {text}. "
        "Check that the file is a campaign-bot database and that its folder is writable."
    )


def check_writable(connection: sqlite3.Connection) -> None:
    """Write (and roll back) one row: a read-only or locked file fails here, not mid-command."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (-1, 'write check')"
        )
    finally:
        connection.rollback()


def reader_connection(path: Path) -> sqlite3.Connection:
    """A connection that may only read, for ``Database.read``."""
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.row_factory = sqlite3.Row
    for pragma in ("busy_timeout = 5000", "query_only = ON", "mmap_size = 268435456"):
        reader.execute(f"PRAGMA {pragma}")
    return reader


def prepare_file(path: Path) -> Path:
    """``path`` with ~ expanded, its folder made; a new database file starts owner-only.

    SQLite gives the -wal and -shm files the database file's permissions.
    """
    path = path.expanduser()
    make_folder(path.parent)
    create_file(path)
    return path


async def configure(connection: aiosqlite.Connection, path: Path) -> None:
    """Set WAL mode, foreign keys and a busy timeout; fail clearly when the file is unusable."""
    try:
        await connection.execute("PRAGMA busy_timeout = 5000")
        await _execute_when_free(connection, "PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute("PRAGMA synchronous = NORMAL")
        # Reads through a memory map skip a copy per page: ~25% faster topic pages at 100k facts.
        await connection.execute("PRAGMA mmap_size = 268435456")
        await _execute_when_free(
            connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
        )
    except sqlite3.Error as problem:
        raise StorageError(explain(path, problem)) from problem


async def _execute_when_free(connection: aiosqlite.Connection, sql: str) -> None:
    """Run ``sql``, retrying for up to 5 s while another process holds the file.

    SQLite answers "locked" at once, without its busy timeout, when waiting could deadlock
    (two processes switching one new file to WAL, or a write on a stale snapshot), so
    several processes opening one new file retry here.
    """
    deadline = time.monotonic() + 5.0
    while True:
        try:
            await connection.execute(sql)
            return
        except sqlite3.OperationalError as problem:
            if "locked" not in str(problem) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.02)
