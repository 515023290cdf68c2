"""The revision log: who changed which fact, topic or source, when, from what to what."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from bot.facts.errors import Entity
from bot.facts.records import Snapshot


@dataclass(frozen=True)
class Revision:
    """One recorded change; ``before`` is None for an addition, ``after`` for a removal."""

    id: int
    entity: str
    entity_id: str
    action: str
    author: str
    at: str
    before: Snapshot | None
    after: Snapshot | None
    undoes: int | None = None


def _load(text: str | None) -> Snapshot | None:
    """A JSON snapshot column as a dict."""
    return json.loads(text) if text else None


def _dump(snapshot: Snapshot | None) -> str | None:
    """A snapshot as compact, key-sorted JSON."""
    if snapshot is None:
        return None
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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


def record(
    connection: sqlite3.Connection,
    entity: Entity,
    entity_id: str,
    action: str,
    author: str,
    before: Snapshot | None,
    after: Snapshot | None,
    undoes: int | None = None,
) -> int:
    """Add a revision (inside the caller's transaction) and return its id."""
    cursor = connection.execute(
        "INSERT INTO revisions (entity, entity_id, action, author, before, after, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entity, entity_id, action, author, _dump(before), _dump(after), undoes),
    )
    return int(cursor.lastrowid or 0)


def last_undoable(
    connection: sqlite3.Connection, entity: Entity, entity_id: str
) -> Revision | None:
    """The newest revision that is neither an undo nor already undone."""
    row = connection.execute(
        """
        SELECT * FROM revisions r
        WHERE r.entity = ? AND r.entity_id = ? AND r.undoes IS NULL
          AND NOT EXISTS (SELECT 1 FROM revisions u WHERE u.undoes = r.id)
        ORDER BY r.id DESC LIMIT 1
        """,
        (entity, entity_id),
    ).fetchone()
    return revision_from_row(row) if row else None


def revisions_of(connection: sqlite3.Connection, entity: Entity, entity_id: str) -> list[Revision]:
    """Every revision of one fact, topic or source, oldest first."""
    rows = connection.execute(
        "SELECT * FROM revisions WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id),
    ).fetchall()
    return [revision_from_row(row) for row in rows]
