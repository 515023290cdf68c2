"""Migration 0006: a database made at schema 0005 keeps its facts findable by prefix."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bot.facts.store import FactStore
from bot.storage.database import open_database
from tests.sql import execute, migrate_to

QUOTES = {
    1: "Assisted voluntary return and reintegration programmes are run by the agency.",
    2: "Gomorrah is not a place the agency mentions in its returns brochure.",
    3: "The waiver was signed before the flight left.",
}


def make_schema_0005(path: Path) -> None:
    """A database file as campaign-bot made it at schema 0005, with three facts in it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        migrate_to(connection, 5)
        connection.execute("INSERT INTO sources (id, title) VALUES ('s1', 'A report')")
        connection.execute("INSERT INTO topics (id, name) VALUES (1, 'returns')")
        for fact_id, quote in QUOTES.items():
            connection.execute(
                "INSERT INTO facts (id, source_id, quote) VALUES (?, 's1', ?)", (fact_id, quote)
            )
            connection.execute("INSERT INTO fact_topics VALUES (?, 1, ?)", (fact_id, fact_id))


def fts_options(path: Path) -> str:
    """The CREATE statement of the full-text table."""
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'facts_fts'")
        return str(row.fetchone()[0])


async def test_a_0005_database_is_rebuilt_with_prefix_indexes(db_path: Path) -> None:
    make_schema_0005(db_path)
    assert "prefix" not in fts_options(db_path)
    database = await open_database(db_path)
    try:
        assert await database.schema_version() >= 6
        facts = FactStore(database)
        assert [f.id for f in await facts.search("go")] == [2]
        assert [f.id for f in await facts.search("reint")] == [1]
        assert {f.id for f in await facts.search("ag")} == {1, 2}
        assert [f.id for f in await facts.search("waiver flig")] == [3]
        # The index is whole: FTS5's own check compares it with the facts table.
        await execute(database, "INSERT INTO facts_fts (facts_fts) VALUES ('integrity-check')")

        def edit(connection: sqlite3.Connection) -> None:
            connection.execute("UPDATE facts SET quote = 'Gone are the flights.' WHERE id = 3")
            connection.execute(
                "INSERT INTO facts (id, source_id, quote) VALUES (4, 's1', 'Gopher holes.')"
            )

        await database.write("edit", edit)
        assert [f.id for f in await facts.search("waiver")] == []
        assert {f.id for f in await facts.search("go")} == {2, 3, 4}
    finally:
        await database.close()
    assert "prefix = '2 3'" in fts_options(db_path)
