"""The facts table (and fact_topics) inside the caller's transaction: read for a change, write."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from bot.core.text import quote_head
from bot.facts.errors import FactTopicGone
from bot.facts.records import Fact, FactTranslation, iso
from bot.facts.rows import fact_from_row


def load_fact(connection: sqlite3.Connection, fact_id: int) -> Fact | None:
    """The fact as it is now, with its topics' ids and names (None when there is none)."""
    row = connection.execute("SELECT * FROM facts WHERE id = ?", (fact_id,)).fetchone()
    if row is None:
        return None
    topics = connection.execute(
        "SELECT t.id, t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id"
        " WHERE ft.fact_id = ? ORDER BY t.name",
        (fact_id,),
    ).fetchall()
    names = tuple(str(topic[1]) for topic in topics)
    fact = fact_from_row(row, names, tuple(int(topic[0]) for topic in topics), mend=True)
    return replace(fact, translations=load_translations(connection, fact_id))


def load_translations(connection: sqlite3.Connection, fact_id: int) -> tuple[FactTranslation, ...]:
    """A fact's translations, in language order."""
    rows = connection.execute(
        "SELECT language, text, translator FROM fact_translations WHERE fact_id = ?"
        " ORDER BY language",
        (fact_id,),
    ).fetchall()
    return tuple(FactTranslation(str(row[0]), str(row[1]), str(row[2])) for row in rows)


def with_topic_names(connection: sqlite3.Connection, fact: Fact) -> Fact:
    """``fact`` with its topics (by id) named and in name order; refused if one is gone."""
    marks = ",".join("?" * len(fact.topic_ids))
    rows = connection.execute(
        f"SELECT id, name FROM topics WHERE id IN ({marks})", fact.topic_ids
    ).fetchall()
    names = {int(row[0]): str(row[1]) for row in rows}
    if any(topic_id not in names for topic_id in fact.topic_ids):
        raise FactTopicGone(fact.id)
    ordered = sorted(set(fact.topic_ids), key=lambda topic_id: names[topic_id])
    return replace(fact, topic_ids=tuple(ordered), topics=tuple(names[i] for i in ordered))


def insert_fact(
    connection: sqlite3.Connection, fact: Fact, author: str, position: int | None = None
) -> int:
    """Insert ``fact`` (with its id, or the next free one when it is 0) and return its id.

    It comes at ``position`` in each of its topics, or after every fact there before it.
    """
    cursor = connection.execute(
        "INSERT INTO facts (source_id, quote, quote_head, note, as_of, verified, deleted, id,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*_values(fact), fact.id or None, author),
    )
    new_id = int(cursor.lastrowid or 0)
    _write_topics(connection, new_id, fact.topic_ids, new_id if position is None else position)
    _write_translations(connection, new_id, fact.translations)
    return new_id


def update_fact(connection: sqlite3.Connection, fact: Fact) -> None:
    """Overwrite the stored fact with ``fact``, keeping its place in each topic's order."""
    connection.execute(
        "UPDATE facts SET source_id = ?, quote = ?, quote_head = ?, note = ?, as_of = ?,"
        " verified = ?, deleted = ? WHERE id = ?",
        (*_values(fact), fact.id),
    )
    row = connection.execute(
        "SELECT MIN(position) FROM fact_topics WHERE fact_id = ?", (fact.id,)
    ).fetchone()
    position = row[0] if row and row[0] is not None else fact.id
    connection.execute("DELETE FROM fact_topics WHERE fact_id = ?", (fact.id,))
    _write_topics(connection, fact.id, fact.topic_ids, position)
    if load_translations(connection, fact.id) != fact.translations:
        connection.execute("DELETE FROM fact_translations WHERE fact_id = ?", (fact.id,))
        _write_translations(connection, fact.id, fact.translations)


def _values(fact: Fact) -> tuple[object, ...]:
    """The fact's stored columns, from source_id to deleted."""
    return (
        fact.source,
        fact.quote,
        quote_head(fact.quote),
        fact.note,
        iso(fact.as_of),
        int(fact.verified),
        int(fact.deleted),
    )


def _write_topics(
    connection: sqlite3.Connection, fact_id: int, topic_ids: tuple[int, ...], position: int
) -> None:
    """File a fact under its topics, at ``position`` in each."""
    connection.executemany(
        "INSERT INTO fact_topics (fact_id, topic_id, position) VALUES (?, ?, ?)",
        [(fact_id, topic_id, position) for topic_id in topic_ids],
    )


def _write_translations(
    connection: sqlite3.Connection, fact_id: int, translations: tuple[FactTranslation, ...]
) -> None:
    """Store a fact's translations."""
    connection.executemany(
        "INSERT INTO fact_translations (fact_id, language, text, translator) VALUES (?, ?, ?, ?)",
        [(fact_id, t.language, t.text, t.by) for t in translations],
    )
