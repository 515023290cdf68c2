"""Rows as records: every fact, topic and source the store selects becomes a record here."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

from bot.core.quotes import Citation
from bot.core.unreadable import UnreadableRows
from bot.facts.records import Fact, FactTranslation, Source, Topic, parse_date

# A fact to show: its own columns, its source's citation, its topics' names, in name order,
# and its translations as JSON ([[language, text, translator], ...], in language order).
FACT_COLUMNS = """
    f.id, f.source_id, f.quote, f.note, f.as_of, f.verified, f.deleted,
    s.title, s.author, s.publication, s.published, s.url,
    (SELECT group_concat(name, ' ') FROM (
        SELECT t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id
        WHERE ft.fact_id = f.id ORDER BY t.name)) AS topic_names,
    (SELECT json_group_array(json_array(language, text, translator)) FROM (
        SELECT language, text, translator FROM fact_translations
        WHERE fact_id = f.id ORDER BY language)) AS translations
"""
FACTS_AND_SOURCES = "facts f JOIN sources s ON s.id = f.source_id"

# A topic with its aliases and how many shown facts it has.
TOPIC_SELECT = """
    SELECT t.id, t.name, t.title,
        (SELECT COUNT(*) FROM fact_topics ft JOIN facts f ON f.id = ft.fact_id
         WHERE ft.topic_id = t.id AND f.deleted = 0) AS fact_count,
        (SELECT group_concat(label, '|') FROM topic_keys k
         WHERE k.topic_id = t.id AND k.is_alias = 1) AS aliases
    FROM topics t
"""


def stored_date(value: str | None, *, mend: bool = False) -> date | None:
    """A stored date; with ``mend``, one that cannot be read is none.

    A change reads records that way, so that saving the record again mends the date.
    """
    try:
        return parse_date(value)
    except (ValueError, TypeError):
        if not mend:
            raise
        return None


def fact_from_row(
    row: sqlite3.Row,
    topics: tuple[str, ...] = (),
    topic_ids: tuple[int, ...] = (),
    citation: Citation | None = None,
    *,
    mend: bool = False,
) -> Fact:
    """A Fact from a row with the facts table's columns."""
    return Fact(
        id=row["id"],
        topics=topics,
        source=row["source_id"],
        quote=row["quote"],
        note=row["note"],
        as_of=stored_date(row["as_of"], mend=mend),
        verified=bool(row["verified"]),
        deleted=bool(row["deleted"]),
        topic_ids=topic_ids,
        citation=citation,
    )


def shown_fact_from_row(row: sqlite3.Row) -> Fact:
    """A Fact to show, from a row selected with FACT_COLUMNS."""
    topics = tuple((row["topic_names"] or "").split())
    fact = fact_from_row(row, topics, citation=citation_from_row(row))
    translated = json.loads(row["translations"] or "[]")
    kept = tuple(FactTranslation(str(code), str(text), str(by)) for code, text, by in translated)
    return replace(fact, translations=kept) if kept else fact


def citation_from_row(row: sqlite3.Row) -> Citation:
    """The citation of a row holding a source's columns."""
    return Citation(
        row["author"], row["title"], row["publication"], parse_date(row["published"]), row["url"]
    )


def source_from_row(row: sqlite3.Row, *, mend: bool = False) -> Source:
    """A Source from a sources row (``mend``: see ``stored_date``)."""
    return Source(
        id=row["id"],
        title=row["title"],
        author=row["author"],
        publication=row["publication"],
        published=stored_date(row["published"], mend=mend),
        url=row["url"],
        standfirst=row["standfirst"],
        text_file=row["text_file"],
    )


def aliases_from(text: str | None) -> tuple[str, ...]:
    """Aliases joined with '|' by a query, sorted."""
    return tuple(sorted(text.split("|"))) if text else ()


def topic_from_row(row: sqlite3.Row, fact_count: int | None = None) -> Topic:
    """A Topic from a row selected with TOPIC_SELECT (or with its own ``fact_count``)."""
    count = row["fact_count"] if fact_count is None else fact_count
    return Topic(row["name"], row["title"], aliases_from(row["aliases"]), row["id"], count)


def load_facts(
    connection: sqlite3.Connection, fact_ids: list[int], unreadable: UnreadableRows
) -> list[Fact]:
    """The shown facts with these ids, to show, in the order given (unreadable ones skipped)."""
    if not fact_ids:
        return []
    marks = ", ".join("?" * len(fact_ids))
    rows = connection.execute(
        f"SELECT {FACT_COLUMNS} FROM {FACTS_AND_SOURCES} WHERE f.id IN ({marks}) AND f.deleted = 0",
        tuple(fact_ids),
    ).fetchall()
    found = {fact.id: fact for fact in unreadable.all("facts", rows, shown_fact_from_row)}
    return [found[fact_id] for fact_id in fact_ids if fact_id in found]
