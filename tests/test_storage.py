"""The database file: migrations, PRAGMAs, and refusing files it must not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core.errors import StorageError
from bot.storage.database import migrations, open_database
from tests.sql import execute, rows


async def test_migrations_from_an_empty_file(db_path: Path) -> None:
    db_path.touch()
    database = await open_database(db_path)
    try:
        applied = await rows(database, "SELECT version, name FROM schema_migrations")
        assert [(r["version"], r["name"]) for r in applied] == [(v, n) for v, n, _ in migrations()]

        def pragmas(connection: sqlite3.Connection) -> tuple[object, object]:
            journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
            return journal, connection.execute("PRAGMA foreign_keys").fetchone()[0]

        # Asked of the connection that writes: the one foreign keys must be on for.
        assert await database.write("pragmas", pragmas) == ("wal", 1)
    finally:
        await database.close()


async def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    for _ in range(2):
        database = await open_database(db_path)
        count = await rows(database, "SELECT COUNT(*) FROM schema_migrations")
        await database.close()
        assert count[0][0] == len(migrations())


async def test_a_newer_schema_is_refused_and_left_unchanged(db_path: Path) -> None:
    database = await open_database(db_path)
    await execute(
        database, "INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')"
    )
    await database.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="schema version 999"):
        await open_database(db_path)
    assert db_path.read_bytes() == before


async def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(StorageError, match=r"notes\.db"):
        await open_database(path)
    assert path.read_text() == "shopping list\n" * 100


async def test_a_path_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="blocker"):
        await open_database(blocker / "bot.db")


async def test_foreign_keys_are_enforced(db_path: Path) -> None:
    database = await open_database(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            await execute(
                database, "INSERT INTO facts (source_id, quote) VALUES ('no-such-source', 'x')"
            )
    finally:
        await database.close()


async def test_a_reaction_lookup_uses_the_message_index(db_path: Path) -> None:
    database = await open_database(db_path)
    try:
        plan = await rows(
            database,
            "EXPLAIN QUERY PLAN SELECT event_id FROM deliveries"
            " WHERE platform = 'discord' AND message_id = '1'",
        )
        assert any("deliveries_message" in row[3] for row in plan)
    finally:
        await database.close()


async def test_a_missing_older_migration_is_still_applied(db_path: Path) -> None:
    database = await open_database(db_path)
    await execute(database, "DROP TABLE revisions")
    await execute(database, "DELETE FROM schema_migrations WHERE version = 2")
    await database.close()
    database = await open_database(db_path)
    try:
        versions = [r[0] for r in await rows(database, "SELECT version FROM schema_migrations")]
        assert versions == [v for v, _, _ in migrations()]
        assert await rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'revisions'")
    finally:
        await database.close()


async def test_a_read_sees_one_commit_even_if_another_lands_midway(db_path: Path) -> None:
    database = await open_database(db_path)

    def read(connection: sqlite3.Connection) -> tuple[int, int]:
        before = connection.execute("SELECT count(*) FROM sources").fetchone()[0]
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute(
            "INSERT INTO sources (id, title, author, publication, published, url)"
            " VALUES ('midway', 't', 'a', 'p', '2008-12-11', '')"
        )
        other.close()
        after = connection.execute("SELECT count(*) FROM sources").fetchone()[0]
        return before, after

    try:
        before, after = await database.read("two reads", read)
        assert before == after
        (row,) = await rows(database, "SELECT count(*) FROM sources")
        assert row[0] == before + 1
    finally:
        await database.close()
