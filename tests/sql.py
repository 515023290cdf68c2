"""Plain SQL for tests, through the bot's one way to the database (Database.read/write)."""

from __future__ import annotations

import sqlite3

from bot.storage.database import Database, migrations


async def rows(database: Database, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """All rows of ``sql``, read in one snapshot of what has been committed."""
    return await database.read(sql, lambda connection: connection.execute(sql, params).fetchall())


async def execute(database: Database, sql: str, params: tuple[object, ...] = ()) -> None:
    """Run ``sql`` in a write transaction of its own (committed, or rolled back on error)."""

    def run(connection: sqlite3.Connection) -> None:
        connection.execute(sql, params)

    await database.write(sql, run)


def migrate_to(connection: sqlite3.Connection, last: int) -> None:
    """Bring an empty database to schema ``last`` as campaign-bot did then: an older file."""
    connection.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    for version, name, sql in migrations():
        if version <= last:
            connection.executescript(sql)
            connection.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name)
            )
