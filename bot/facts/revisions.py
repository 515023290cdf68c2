"""The revision log: who changed which fact, topic or source, when, from what to what."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

import aiosqlite

from bot.storage.database import Database

Entity = Literal["fact", "topic", "source"]
State = dict[str, Any]


@dataclass(frozen=True)
class Revision:
    """One recorded change; ``before`` is None for an addition."""

    id: int
    entity: str
    entity_id: str
    action: str
    author: str
    at: str
    before: State | None
    after: State | None
    undoes: int | None = None

    def changed(self) -> list[str]:
        """The names of the fields that differ between before and after."""
        before, after = self.before or {}, self.after or {}
        return [key for key in after if before.get(key) != after.get(key)]


def _load(text: str | None) -> State | None:
    """A JSON state column as a dict."""
    return json.loads(text) if text else None


def _dump(state: State | None) -> str | None:
    """A state as compact, key-sorted JSON."""
    if state is None:
        return None
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def revision_from_row(row: sqlite3.Row) -> Revision:
    """A Revision from a revisions row."""
    return Revision(
        id=row["id"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        action=row["action"],
        author=row["author"],
        at=row["at"],
        before=_load(row["before"]),
        after=_load(row["after"]),
        undoes=row["undoes"],
    )


async def record(
    connection: aiosqlite.Connection,
    entity: Entity,
    entity_id: str,
    action: str,
    author: str,
    before: State | None,
    after: State | None,
    undoes: int | None = None,
) -> int:
    """Add a revision (inside the caller's transaction) and return its id."""
    cursor = await connection.execute(
        "INSERT INTO revisions (entity, entity_id, action, author, before, after, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entity, entity_id, action, author, _dump(before), _dump(after), undoes),
    )
    return int(cursor.lastrowid or 0)


async def last_undoable(
    connection: aiosqlite.Connection, entity: Entity, entity_id: str
) -> Revision | None:
    """The newest revision that is neither an undo nor already undone."""
    async with connection.execute(
        """
        SELECT * FROM revisions r
        WHERE r.entity = ? AND r.entity_id = ? AND r.undoes IS NULL
          AND NOT EXISTS (SELECT 1 FROM revisions u WHERE u.undoes = r.id)
        ORDER BY r.id DESC LIMIT 1
        """,
        (entity, entity_id),
    ) as cursor:
        row = await cursor.fetchone()
    return revision_from_row(row) if row else None


async def history(database: Database, entity: Entity, entity_id: str) -> list[Revision]:
    """Every revision of one fact, topic or source, oldest first."""
    rows = await database.fetchall(
        "SELECT * FROM revisions WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id),
    )
    return [revision_from_row(row) for row in rows]


class RevisionLog:
    """Reads the revision log for the history commands."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def of(self, entity: Entity, entity_id: str) -> list[Revision]:
        """Every revision of one fact, topic or source, oldest first."""
        return await history(self.db, entity, entity_id)
