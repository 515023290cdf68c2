"""Plain SQL for tests, through the bot's one way to the database (Database.read/write)."""

from __future__ import annotations

import sqlite3

from bot.storage.database import Database


async def rows(database: Database, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """All rows of ``sql``, read in one snapshot of what has been committed."""
    return await database.read(sql, lambda connection: connection.execute(sql, params).fetchall())


async def execute(database: Database, sql: str, params: tuple[object, ...] = ()) -> None:
    """Run ``sql`` in a write transaction of its own (committed, or rolled back on error)."""

    def run(connection: sqlite3.Connection) -> None:
        connection.execute(sql, params)

    await database.write(sql, run)
