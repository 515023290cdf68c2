"""Reading facts, topics, sources and their history: each answer one read of the database."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import partial

from bot.core.text import topic_key
from bot.core.unreadable import UnreadableRows
from bot.facts.errors import NoSuchFact
from bot.facts.paging import PageBudget, TopicPage, topic_page
from bot.facts.passages import SourceText, locate
from bot.facts.records import Fact, Source, Topic
from bot.facts.revisions import Revision, revisions_of
from bot.facts.rows import (
    FACT_COLUMNS,
    FACTS_AND_SOURCES,
    TOPIC_SELECT,
    shown_fact_from_row,
    source_from_row,
    topic_from_row,
)
from bot.facts.search import search
from bot.facts.topics_table import load_topic, topic_id_for
from bot.storage.database import Database

# How many shown facts quote the source of a sources row ``s``.
FACT_COUNT = "(SELECT COUNT(*) FROM facts f WHERE f.source_id = s.id AND f.deleted = 0)"
# The same for every source at once: one pass over the facts.
FACT_COUNTS = """
    LEFT JOIN (SELECT source_id, COUNT(*) AS fact_count FROM facts WHERE deleted = 0
               GROUP BY source_id) c ON c.source_id = s.id
"""


@dataclass(frozen=True)
class SourceDetails:
    """A source, the length of its stored text (0: none) and how many shown facts quote it."""

    source: Source
    text_chars: int
    fact_count: int


@dataclass(frozen=True)
class SourcePage:
    """A source, the shown facts that quote it (by id), and where each stands in its text."""

    details: SourceDetails
    facts: list[Fact]
    text: SourceText | None


def _source_page(
    connection: sqlite3.Connection, source_id: str, unreadable: UnreadableRows
) -> SourcePage | None:
    """The source with this id, its shown facts and its text with each quote located."""
    details = _source(connection, source_id, unreadable)
    if details is None:
        return None
    rows = connection.execute(
        f"SELECT {FACT_COLUMNS} FROM {FACTS_AND_SOURCES} WHERE f.source_id = ? AND f.deleted = 0"
        " ORDER BY f.id",
        (source_id,),
    ).fetchall()
    facts = unreadable.all("facts", rows, shown_fact_from_row)
    row = connection.execute("SELECT full_text FROM sources WHERE id = ?", (source_id,)).fetchone()
    text = locate(row[0], [(fact.id, fact.quote) for fact in facts]) if row[0] else None
    return SourcePage(details, facts, text)


def _topic(connection: sqlite3.Connection, text: str, unreadable: UnreadableRows) -> Topic | None:
    """The topic whose name or alias is ``text``, or None."""
    row = connection.execute(
        f"{TOPIC_SELECT} WHERE t.id = (SELECT topic_id FROM topic_keys WHERE key = ?)",
        (topic_key(text),),
    ).fetchone()
    return unreadable.one("topics", row, topic_from_row)


def _topic_facts(
    connection: sqlite3.Connection, text: str, limit: int, unreadable: UnreadableRows
) -> tuple[Topic, list[Fact]] | None:
    """The topic named ``text`` and its first ``limit`` shown facts, in order."""
    topic = _topic(connection, text, unreadable)
    if topic is None:
        return None
    rows = connection.execute(
        f"""
        SELECT {FACT_COLUMNS} FROM fact_topics ft
        JOIN facts f ON f.id = ft.fact_id JOIN sources s ON s.id = f.source_id
        WHERE ft.topic_id = ? AND f.deleted = 0 ORDER BY ft.position, f.id LIMIT ?
        """,
        (topic.id, limit),
    ).fetchall()
    return topic, unreadable.all("facts", rows, shown_fact_from_row)


def _fact(
    connection: sqlite3.Connection, fact_id: int, hidden: bool, unreadable: UnreadableRows
) -> Fact | None:
    """The fact with this id (a deleted one only with ``hidden``), to show."""
    row = connection.execute(
        f"SELECT {FACT_COLUMNS} FROM {FACTS_AND_SOURCES} WHERE f.id = ?", (fact_id,)
    ).fetchone()
    if row is None or (row["deleted"] and not hidden):
        return None
    return unreadable.one("facts", row, shown_fact_from_row)


def _sources(
    connection: sqlite3.Connection, unreadable: UnreadableRows
) -> list[tuple[Source, int]]:
    """Every source, by id, with how many shown facts quote it."""
    rows = connection.execute(
        f"SELECT s.*, coalesce(c.fact_count, 0) AS fact_count FROM sources s {FACT_COUNTS}"
        " ORDER BY s.id"
    ).fetchall()
    return unreadable.all("sources", rows, lambda row: (source_from_row(row), row["fact_count"]))


def _source(
    connection: sqlite3.Connection, source_id: str, unreadable: UnreadableRows
) -> SourceDetails | None:
    """The source with this id, with the length of its text and how many facts quote it."""
    row = connection.execute(
        f"SELECT s.*, coalesce(length(s.full_text), 0) AS text_chars, {FACT_COUNT} AS fact_count"
        " FROM sources s WHERE s.id = ?",
        (source_id,),
    ).fetchone()

    def details(row: sqlite3.Row) -> SourceDetails:
        return SourceDetails(source_from_row(row), row["text_chars"], row["fact_count"])

    return unreadable.one("sources", row, details)


def _fact_history(connection: sqlite3.Connection, fact_id: int) -> list[Revision]:
    """Every revision of a fact (shown or deleted), oldest first; refused when there is none."""
    if connection.execute("SELECT 1 FROM facts WHERE id = ?", (fact_id,)).fetchone() is None:
        raise NoSuchFact(fact_id)
    return revisions_of(connection, "fact", str(fact_id))


def _topic_history(connection: sqlite3.Connection, label: str) -> tuple[str, list[Revision]]:
    """The name of the topic ``label`` finds and its revisions, oldest first."""
    topic_id = topic_id_for(connection, label)
    topic = load_topic(connection, topic_id)
    return topic.name if topic else label, revisions_of(connection, "topic", str(topic_id))


class FactStore:
    """Every read of facts, topics and sources: each method one hop to the database."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.unreadable = database.unreadable

    async def topics(self) -> list[Topic]:
        """Every topic with its aliases and shown fact count, by name."""

        def read(connection: sqlite3.Connection) -> list[Topic]:
            rows = connection.execute(f"{TOPIC_SELECT} ORDER BY t.name").fetchall()
            return self.unreadable.all("topics", rows, topic_from_row)

        return await self.db.read("topics", read)

    async def find_topic(self, text: str) -> Topic | None:
        """The topic whose name or alias is ``text`` (case, dashes and spacing ignored)."""
        return await self.db.read(
            "find a topic", partial(_topic, text=text, unreadable=self.unreadable)
        )

    async def topic_labels(self) -> dict[str, str]:
        """Every name and alias, mapped to its topic's name."""

        def read(connection: sqlite3.Connection) -> dict[str, str]:
            rows = connection.execute(
                "SELECT k.label, t.name FROM topic_keys k JOIN topics t ON t.id = k.topic_id"
            ).fetchall()
            return {row["label"]: row["name"] for row in rows}

        return await self.db.read("topic labels", read)

    async def topic_facts(self, text: str, limit: int) -> tuple[Topic, list[Fact]] | None:
        """The topic named ``text`` and its first ``limit`` shown facts, in their order."""
        read = partial(_topic_facts, text=text, limit=limit, unreadable=self.unreadable)
        return await self.db.read("a topic's first facts", read)

    async def topic_page(self, text: str, number: int, budget: PageBudget) -> TopicPage | None:
        """Page ``number`` of the topic named ``text`` (pages within ``budget``), or None."""
        read = partial(
            topic_page, text=text, number=number, budget=budget, unreadable=self.unreadable
        )
        return await self.db.read("a topic page", read)

    async def fact(self, fact_id: int, *, include_deleted: bool = False) -> Fact | None:
        """The fact with this id, to show (deleted ones only with ``include_deleted``)."""
        read = partial(_fact, fact_id=fact_id, hidden=include_deleted, unreadable=self.unreadable)
        return await self.db.read("a fact", read)

    async def search(self, words: str, limit: int = 10) -> list[Fact]:
        """Shown facts matching every word of ``words``: whole words first, best match first."""
        read = partial(search, words=words, limit=limit, unreadable=self.unreadable)
        return await self.db.read("search", read)

    async def sources(self) -> list[tuple[Source, int]]:
        """Every source, by id, with how many shown facts quote it."""
        return await self.db.read("sources", partial(_sources, unreadable=self.unreadable))

    async def source(self, source_id: str) -> SourceDetails | None:
        """The source with this id, its text's length and how many facts quote it."""
        read = partial(_source, source_id=source_id, unreadable=self.unreadable)
        return await self.db.read("a source", read)

    async def source_page(self, source_id: str) -> SourcePage | None:
        """The source with this id, the facts quoting it and where each stands in its text."""
        read = partial(_source_page, source_id=source_id, unreadable=self.unreadable)
        return await self.db.read("a source with its text", read)

    async def fact_history(self, fact_id: int) -> list[Revision]:
        """Every revision of a fact, oldest first; refused when there is no such fact."""
        return await self.db.read("a fact's history", partial(_fact_history, fact_id=fact_id))

    async def topic_history(self, label: str) -> tuple[str, list[Revision]]:
        """The name of the topic ``label`` finds and its revisions; refused when none."""
        return await self.db.read("a topic's history", partial(_topic_history, label=label))
