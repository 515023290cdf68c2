"""Open the SQLite database with the right PRAGMAs and bring its schema up to date."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

import aiosqlite

from bot.core.errors import StorageError
from bot.core.private_files import create_file, make_folder
from bot.core.text import quote_head
from bot.core.unreadable import UnreadableRows

Result = TypeVar("Result")

log = logging.getLogger(__name__)


def fill_quote_heads(connection: sqlite3.Connection) -> None:
    """Migration 8: ``quote_head`` for every fact that has none."""
    rows = connection.execute("SELECT id, quote FROM facts WHERE quote_head IS NULL").fetchall()
    update = "UPDATE facts SET quote_head = ? WHERE id = ?"
    connection.executemany(update, [(quote_head(str(quote)), int(id_)) for id_, quote in rows])


# Migrations whose new columns are computed in Python, run inside the migration's transaction.
FILLS: dict[int, Callable[[sqlite3.Connection], None]] = {8: fill_quote_heads}


def migrations() -> list[tuple[int, str, str]]:
    """Every shipped migration as (version, name, SQL), in order."""
    found = []
    for entry in resources.files("bot.storage").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, rest = entry.name.partition("_")
            found.append((int(number), rest.removesuffix(".sql"), entry.read_text("utf-8")))
    return sorted(found)


class Database:
    """The one way to the database: ``read`` in a snapshot, ``write`` in a transaction."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        # Only ever used on aiosqlite's thread, by ``write`` and the migrations.
        self._connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()
        # Counts our transactions that ended, rolled back included: what a write read inside
        # its transaction may show rows a rollback then undid, which data_version never shows.
        self._transactions_ended = 0
        # Only ever asked for PRAGMA data_version, which changes when any other connection
        # commits (ours above, or another process's): microseconds, so asked synchronously.
        self._watch = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # Reads run on a thread of their own, all their queries in one hop (each trip to
        # another thread costs ~0.1 ms); they see only what has been committed.
        try:
            self._reader = _reader_connection(path)
        except BaseException:
            self._watch.close()
            raise
        self._read_thread = ThreadPoolExecutor(1, thread_name_prefix="database-read")
        # Why the last write transaction failed in the database itself (None once one
        # commits again): `campaign-bot health` reports it.
        self.write_problem: str | None = None
        self.unreadable = UnreadableRows()

    def data_version(self) -> int:
        """A number that changes whenever anything, in this process or another, commits."""
        return int(self._watch.execute("PRAGMA data_version").fetchall()[0][0])

    def version(self) -> tuple[int, int]:
        """Changes whenever anything commits, and whenever one of our transactions ends."""
        return self.data_version(), self._transactions_ended

    async def read(self, name: str, read: Callable[[sqlite3.Connection], Result]) -> Result:
        """``read`` (named for logs) in one snapshot on the query-only reader thread: one hop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._read_thread, _in_snapshot, name, read, self._reader)

    async def write(self, name: str, write: Callable[[sqlite3.Connection], Result]) -> Result:
        """``write`` (named for logs) in one BEGIN IMMEDIATE transaction on the writer's thread.

        It commits when ``write`` returns and rolls back when it raises; the whole
        transaction is one hop to aiosqlite's thread, like Synapse's runInteraction.
        """
        async with self._write_lock:
            try:
                result = await self._on_writer_thread(partial(_in_transaction, name, write))
            except sqlite3.Error as problem:
                self.write_problem = f"a write to the database failed: {problem}"
                raise
            finally:
                self._transactions_ended += 1
            self.write_problem = None
            return result

    async def _on_writer_thread(self, work: Callable[[sqlite3.Connection], Result]) -> Result:
        """``work`` run with the sqlite3 connection under aiosqlite, on aiosqlite's thread."""
        connection = self._connection
        done = await connection._execute(lambda: work(connection._conn))  # type: ignore[no-untyped-call]
        return cast(Result, done)

    async def schema_version(self) -> int:
        """The highest migration applied to this database."""
        return await self.read("schema version", _schema_version)

    async def close(self) -> None:
        """Close the connections."""
        self._watch.close()
        await asyncio.to_thread(self._read_thread.shutdown, True)
        self._reader.close()
        await self._connection.close()


async def open_database(path: Path) -> Database:
    """Open (creating if needed) the database at ``path`` and apply pending migrations."""
    try:
        path = _prepare_folder(path)
        connection = await aiosqlite.connect(path, isolation_level=None)
    except (OSError, sqlite3.Error) as problem:
        raise StorageError(
            f"Cannot open the database {path}: {problem}. "
            "Choose a writable path with --db or [bot] database in the config."
        ) from problem
    connection.row_factory = sqlite3.Row
    try:
        await _configure(connection, path)
        database = Database(connection, path)
    except BaseException:
        await connection.close()
        raise
    try:
        await _migrate(database)
        await database._on_writer_thread(_check_writable)
    except sqlite3.Error as problem:
        await database.close()
        raise StorageError(explain(path, problem)) from problem
    except BaseException:
        await database.close()
        raise
    return database


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


def _check_writable(connection: sqlite3.Connection) -> None:
    """Write (and roll back) one row: a read-only or locked file fails here, not mid-command."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (-1, 'write check')"
        )
    finally:
        connection.rollback()


def _reader_connection(path: Path) -> sqlite3.Connection:
    """A connection that may only read, for ``Database.read``."""
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.row_factory = sqlite3.Row
    for pragma in ("busy_timeout = 5000", "query_only = ON", "mmap_size = 268435456"):
        reader.execute(f"PRAGMA {pragma}")
    return reader


def _in_snapshot(
    name: str, read: Callable[[sqlite3.Connection], Result], reader: sqlite3.Connection
) -> Result:
    """``read`` inside one read transaction, so all its queries see the same commit."""
    reader.execute("BEGIN")
    try:
        return read(reader)
    except Exception:
        log.debug("read %s failed", name)
        raise
    finally:
        reader.execute("COMMIT")


def _in_transaction(
    name: str, write: Callable[[sqlite3.Connection], Result], raw: sqlite3.Connection
) -> Result:
    """``write`` between BEGIN IMMEDIATE and COMMIT, rolled back when it raises."""
    raw.execute("BEGIN IMMEDIATE")
    try:
        result = write(raw)
    except BaseException:
        raw.rollback()
        log.debug("write %s rolled back", name)
        raise
    raw.commit()
    return result


def _prepare_folder(path: Path) -> Path:
    """``path`` with ~ expanded, its folder made; a new database file starts owner-only.

    SQLite gives the -wal and -shm files the database file's permissions.
    """
    path = path.expanduser()
    make_folder(path.parent)
    create_file(path)
    return path


async def _configure(connection: aiosqlite.Connection, path: Path) -> None:
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


def _schema_version(connection: sqlite3.Connection) -> int:
    """The highest migration applied (0 for none)."""
    found = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
    return int(found.fetchone()[0])


def _applied(connection: sqlite3.Connection) -> set[int]:
    """The versions of every migration applied."""
    return {int(row[0]) for row in connection.execute("SELECT version FROM schema_migrations")}


async def _migrate(database: Database) -> None:
    """Apply every migration the database lacks, in order, each in its own transaction."""
    known = migrations()
    current = await database.schema_version()
    newest = known[-1][0] if known else 0
    applied = await database.read("applied migrations", _applied)
    if current > newest:
        raise StorageError(
            f"The database {database.path} has schema version {current}, but this campaign-bot "
            f"knows only up to {newest}. Upgrade campaign-bot; the file was left unchanged."
        )
    for version, name, sql in known:
        if version not in applied:
            await database._on_writer_thread(partial(_apply, version, name, sql))


def _apply(version: int, name: str, sql: str, connection: sqlite3.Connection) -> None:
    """One migration, its Python fill and its record, in one transaction."""
    try:
        # A script, so not through ``write``: executescript commits any open transaction first.
        connection.executescript(f"BEGIN IMMEDIATE;\n{sql}")
        fill = FILLS.get(version)
        if fill is not None:
            fill(connection)
        connection.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name)
        )
        connection.commit()
    except Exception:
        connection.rollback()
        # Another process opening the same new file applied it first: nothing is left to do.
        if _recorded(connection, version):
            return
        raise


def _recorded(connection: sqlite3.Connection, version: int) -> bool:
    """Whether migration ``version`` is recorded as applied."""
    found = connection.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,))
    return found.fetchone() is not None
