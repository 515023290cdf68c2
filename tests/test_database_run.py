"""`Database.read` and `Database.write`: every store's one way in, one hop per transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage.database import open_database


def add_source(connection: sqlite3.Connection, source_id: str) -> int:
    """Insert a source and return how many there are now."""
    connection.execute("INSERT INTO sources (id, title) VALUES (?, ?)", (source_id, "A title"))
    return int(connection.execute("SELECT count(*) FROM sources").fetchone()[0])


def count_sources(connection: sqlite3.Connection) -> int:
    """How many sources are stored."""
    return int(connection.execute("SELECT count(*) FROM sources").fetchone()[0])


async def test_a_write_commits_and_a_read_sees_it(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "db.sqlite")
    try:
        before = await database.read("count", count_sources)
        after = await database.write("add a source", lambda c: add_source(c, "one"))
        assert after == before + 1
        assert await database.read("count", count_sources) == after
        row = await database.read(
            "one", lambda c: c.execute("SELECT title FROM sources WHERE id = 'one'").fetchone()
        )
        assert row["title"] == "A title"  # rows come back as sqlite3.Row
    finally:
        await database.close()


async def test_a_write_that_raises_changes_nothing(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "db.sqlite")
    try:
        before = await database.read("count", count_sources)

        def add_then_fail(connection: sqlite3.Connection) -> None:
            add_source(connection, "doomed")
            raise ValueError("changed my mind")

        with pytest.raises(ValueError, match="changed my mind"):
            await database.write("add then fail", add_then_fail)
        assert await database.read("count", count_sources) == before
        assert database.write_problem is None  # not a database failure
        # The connection is usable again: nothing was left open.
        await database.write("add a source", lambda c: add_source(c, "kept"))
        assert await database.read("count", count_sources) == before + 1
    finally:
        await database.close()


async def test_a_failed_write_is_reported_until_one_succeeds(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "db.sqlite")
    try:
        version = database.version()
        with pytest.raises(sqlite3.IntegrityError):
            await database.write(
                "no title", lambda c: c.execute("INSERT INTO sources (id) VALUES ('x')")
            )
        assert database.write_problem is not None and "NOT NULL" in database.write_problem
        assert database.version() != version  # a rolled-back transaction still ends
        await database.write("add a source", lambda c: add_source(c, "fine"))
        assert database.write_problem is None
    finally:
        await database.close()
