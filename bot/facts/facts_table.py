"""A fact's whole editable state: read it, write it, and keep it in a revision as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import aiosqlite

from bot.core.errors import UserError
from bot.core.text import quote_head

MAX_QUOTE = 2000
MAX_NOTE = 500


@dataclass(frozen=True)
class FactState:
    """Everything an edit can change on a fact; ``topics`` and ``topic_ids`` match, by name."""

    source: str
    quote: str
    topic_ids: tuple[int, ...]
    topics: tuple[str, ...] = ()
    note: str = ""
    as_of: str | None = None
    verified: bool = True
    deleted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready values."""
        data = asdict(self)
        data["topic_ids"] = list(self.topic_ids)
        data["topics"] = list(self.topics)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FactState:
        """A state read back from a revision."""
        return cls(
            source=str(data["source"]),
            quote=str(data["quote"]),
            topic_ids=tuple(int(i) for i in data["topic_ids"]),
            topics=tuple(str(t) for t in data.get("topics", ())),
            note=str(data.get("note", "")),
            as_of=data.get("as_of"),
            verified=bool(data.get("verified", True)),
            deleted=bool(data.get("deleted", False)),
        )


def check_lengths(quote: str, note: str) -> None:
    """Refuse empty quotes and quotes or notes too long to be a quote."""
    if not quote.strip():
        raise UserError("The quote is empty.")
    if len(quote) > MAX_QUOTE:
        raise UserError(
            f"That quote is {len(quote):,} characters; keep quotes under {MAX_QUOTE:,} "
            "(split a long passage into several facts)."
        )
    if len(note) > MAX_NOTE:
        raise UserError(f"That note is {len(note):,} characters; keep notes under {MAX_NOTE}.")


async def topic_names(
    connection: aiosqlite.Connection, topic_ids: tuple[int, ...]
) -> dict[int, str]:
    """The names of the topics with these ids (missing ones left out)."""
    marks = ",".join("?" * len(topic_ids))
    async with connection.execute(
        f"SELECT id, name FROM topics WHERE id IN ({marks})", topic_ids
    ) as cursor:
        return {int(row[0]): str(row[1]) for row in await cursor.fetchall()}


async def with_topic_names(connection: aiosqlite.Connection, state: FactState) -> FactState:
    """``state`` with its topics sorted by their current names (refused if one is gone)."""
    names = await topic_names(connection, state.topic_ids)
    missing = [i for i in state.topic_ids if i not in names]
    if missing:
        raise UserError("A topic of that fact no longer exists; give it a topic with topic:<name>.")
    ordered = sorted(set(state.topic_ids), key=lambda i: names[i])
    return FactState(
        **{
            **asdict(state),
            "topic_ids": tuple(ordered),
            "topics": tuple(names[i] for i in ordered),
        }
    )


async def load_fact_state(connection: aiosqlite.Connection, fact_id: int) -> FactState | None:
    """The current state of a fact, or None when there is no such fact."""
    async with connection.execute(
        "SELECT source_id, quote, note, as_of, verified, deleted FROM facts WHERE id = ?",
        (fact_id,),
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    async with connection.execute(
        "SELECT t.id, t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id"
        " WHERE ft.fact_id = ? ORDER BY t.name",
        (fact_id,),
    ) as cursor:
        topics = list(await cursor.fetchall())
    return FactState(
        source=row["source_id"],
        quote=row["quote"],
        topic_ids=tuple(int(t[0]) for t in topics),
        topics=tuple(str(t[1]) for t in topics),
        note=row["note"],
        as_of=row["as_of"],
        verified=bool(row["verified"]),
        deleted=bool(row["deleted"]),
    )


async def insert_fact(
    connection: aiosqlite.Connection, state: FactState, author: str, fact_id: int | None = None
) -> int:
    """Insert a new fact (with ``fact_id``, or the next free id) and return its id."""
    cursor = await connection.execute(
        "INSERT INTO facts (id, source_id, quote, quote_head, note, as_of, verified, deleted,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            fact_id,
            state.source,
            state.quote,
            quote_head(state.quote),
            state.note,
            state.as_of,
            int(state.verified),
            int(state.deleted),
            author,
        ),
    )
    new_id = int(cursor.lastrowid or 0)
    await connection.executemany(
        "INSERT INTO fact_topics (fact_id, topic_id, position) VALUES (?, ?, ?)",
        [(new_id, topic_id, new_id) for topic_id in state.topic_ids],
    )
    return new_id


async def update_fact(connection: aiosqlite.Connection, fact_id: int, state: FactState) -> None:
    """Overwrite an existing fact with ``state``."""
    await connection.execute(
        "UPDATE facts SET source_id = ?, quote = ?, quote_head = ?, note = ?, as_of = ?,"
        " verified = ?, deleted = ? WHERE id = ?",
        (
            state.source,
            state.quote,
            quote_head(state.quote),
            state.note,
            state.as_of,
            int(state.verified),
            int(state.deleted),
            fact_id,
        ),
    )
    async with connection.execute(
        "SELECT MIN(position) FROM fact_topics WHERE fact_id = ?", (fact_id,)
    ) as cursor:
        row = await cursor.fetchone()
    position = row[0] if row and row[0] is not None else fact_id
    await _write_topics(connection, fact_id, state.topic_ids, position)


async def _write_topics(
    connection: aiosqlite.Connection, fact_id: int, topic_ids: tuple[int, ...], position: int
) -> None:
    """Replace a fact's topics, keeping its place in each topic's order."""
    await connection.execute("DELETE FROM fact_topics WHERE fact_id = ?", (fact_id,))
    await connection.executemany(
        "INSERT INTO fact_topics (fact_id, topic_id, position) VALUES (?, ?, ?)",
        [(fact_id, topic_id, position) for topic_id in topic_ids],
    )
