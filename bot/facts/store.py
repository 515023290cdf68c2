"""Reading facts, topics and sources."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from bot.core.text import topic_key
from bot.core.unreadable import UnreadableRows
from bot.facts.records import Fact, Source, Topic, parse_date
from bot.storage.database import Database

FACT_COLUMNS = """
    f.id, f.quote, f.note, f.as_of, f.verified, f.deleted,
    s.id AS s_id, s.title, s.author, s.publication, s.published, s.url, s.standfirst, s.text_file,
    (SELECT group_concat(name, ' ') FROM (
        SELECT t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id
        WHERE ft.fact_id = f.id ORDER BY t.name)) AS topic_names
"""


TOPIC_SELECT = """
    SELECT t.id, t.name, t.title,
        (SELECT COUNT(*) FROM fact_topics ft JOIN facts f ON f.id = ft.fact_id
         WHERE ft.topic_id = t.id AND f.deleted = 0) AS fact_count,
        (SELECT group_concat(label, '|') FROM topic_keys k
         WHERE k.topic_id = t.id AND k.is_alias = 1) AS aliases
    FROM topics t
"""


def topic_from_row(row: sqlite3.Row) -> Topic:
    """A Topic from a row selected with TOPIC_SELECT."""
    return Topic(
        row["id"],
        row["name"],
        row["title"],
        tuple(sorted(row["aliases"].split("|"))) if row["aliases"] else (),
        row["fact_count"],
    )


def source_from_row(row: sqlite3.Row, id_column: str = "id") -> Source:
    """A Source from a row holding the sources columns."""
    return Source(
        id=row[id_column],
        title=row["title"],
        author=row["author"],
        publication=row["publication"],
        published=parse_date(row["published"]),
        url=row["url"],
        standfirst=row["standfirst"],
        text_file=row["text_file"],
    )


def fact_from_row(row: sqlite3.Row) -> Fact:
    """A Fact from a row selected with FACT_COLUMNS."""
    return Fact(
        id=row["id"],
        quote=row["quote"],
        source=source_from_row(row, "s_id"),
        topics=tuple((row["topic_names"] or "").split()),
        note=row["note"],
        as_of=parse_date(row["as_of"]),
        verified=bool(row["verified"]),
        deleted=bool(row["deleted"]),
    )


# A search matching more facts than this is too broad to rank: newest first instead
# (ranking reads every match, which costs ~0.1 s for a word in most of 100k facts).
RANK_AT_MOST = 500


def fts_query(words: str, *, prefix: bool = True) -> str:
    """An FTS5 query matching every word (as a prefix, or whole), safe for any input."""
    terms = [term.replace('"', '""') for term in words.split() if term.strip('"')]
    star = "*" if prefix else ""
    return " ".join(f'"{term}"{star}' for term in terms[:20])


Pick = Callable[[list[tuple[int, int]]], list[int]]
TopicPage = tuple[Topic, list[tuple[int, int]], list[Fact]]


def topic_and_sizes(
    connection: sqlite3.Connection, text: str
) -> tuple[Topic, list[tuple[int, int]]] | None:
    """The topic named ``text`` and (id, quote length) of its visible facts, in order.

    One query: enough to page a topic without loading every quote. The topic's
    aliases are made once (MATERIALIZED), not once per fact.
    """
    rows = connection.execute(
        """
        WITH t AS MATERIALIZED (
            SELECT t.id, t.name, t.title,
                (SELECT group_concat(label, '|') FROM topic_keys k
                 WHERE k.topic_id = t.id AND k.is_alias = 1) AS aliases
            FROM topics t WHERE t.id = (SELECT topic_id FROM topic_keys WHERE key = ?))
        SELECT t.id, t.name, t.title, t.aliases,
            f.id AS fact_id, length(f.quote) AS size, f.deleted
        FROM t
        LEFT JOIN fact_topics ft ON ft.topic_id = t.id
        LEFT JOIN facts f ON f.id = ft.fact_id
        ORDER BY ft.position, ft.fact_id
        """,
        (topic_key(text),),
    ).fetchall()
    if not rows:
        return None
    sizes = [(row["fact_id"], row["size"]) for row in rows if row["deleted"] == 0]
    first = rows[0]
    aliases = tuple(sorted(first["aliases"].split("|"))) if first["aliases"] else ()
    return Topic(first["id"], first["name"], first["title"], aliases, len(sizes)), sizes


def load_facts(
    connection: sqlite3.Connection, fact_ids: list[int], unreadable: UnreadableRows
) -> list[Fact]:
    """The visible facts with these ids, in the order given (unreadable ones skipped)."""
    if not fact_ids:
        return []
    marks = ", ".join("?" * len(fact_ids))
    rows = connection.execute(
        f"SELECT {FACT_COLUMNS} FROM facts f JOIN sources s ON s.id = f.source_id"
        f" WHERE f.id IN ({marks}) AND f.deleted = 0",
        tuple(fact_ids),
    ).fetchall()
    found = {fact.id: fact for fact in unreadable.all("facts", rows, fact_from_row)}
    return [found[fact_id] for fact_id in fact_ids if fact_id in found]


def search(
    connection: sqlite3.Connection, words: str, limit: int, unreadable: UnreadableRows
) -> list[Fact]:
    """Visible facts matching every word of ``words``: whole words first, best match first."""
    found = matching_ids(connection, fts_query(words, prefix=False), limit)
    if len(found) < limit:
        more = matching_ids(connection, fts_query(words), limit)
        found += [fact_id for fact_id in more if fact_id not in found][: limit - len(found)]
    return load_facts(connection, found, unreadable)


def matching_ids(connection: sqlite3.Connection, query: str, limit: int) -> list[int]:
    """Ids of visible facts matching an FTS5 query: by rank, or newest first when broad."""
    if not query:
        return []
    broad = connection.execute(
        "SELECT count(*) FROM (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? LIMIT ?)",
        (query, RANK_AT_MOST + 1),
    ).fetchone()
    order = "facts_fts.rowid DESC" if broad[0] > RANK_AT_MOST else "rank"
    rows = connection.execute(
        f"""
        SELECT facts_fts.rowid FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid
        WHERE facts_fts MATCH ? AND f.deleted = 0 ORDER BY {order} LIMIT ?
        """,
        (query, limit),
    ).fetchall()
    return [row[0] for row in rows]


class FactRepository:
    """Queries over facts, topics and sources."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def topics(self, topic_id: int | None = None) -> list[Topic]:
        """Every topic (or the one with ``topic_id``) with aliases and visible fact count."""
        where, params = ("WHERE t.id = ?", (topic_id,)) if topic_id is not None else ("", ())
        rows = await self.db.fetchall(f"{TOPIC_SELECT} {where} ORDER BY t.name", params)
        return self.db.unreadable.all("topics", rows, topic_from_row)

    async def find_topic(self, text: str) -> Topic | None:
        """The topic whose name or alias is ``text`` (case, dashes and spacing ignored)."""
        row = await self.db.fetchone(
            f"{TOPIC_SELECT} WHERE t.id = (SELECT topic_id FROM topic_keys WHERE key = ?)",
            (topic_key(text),),
        )
        return self.db.unreadable.one("topics", row, topic_from_row)

    async def topic_labels(self) -> dict[str, str]:
        """Every name and alias, mapped to its topic's name."""
        rows = await self.db.fetchall(
            "SELECT k.label, t.name FROM topic_keys k JOIN topics t ON t.id = k.topic_id"
        )
        return {row["label"]: row["name"] for row in rows}

    async def facts_for_topic(self, topic_id: int, limit: int = -1) -> list[Fact]:
        """The visible facts of a topic, in their order (the first ``limit`` when given)."""
        rows = await self.db.fetchall(
            f"""
            SELECT {FACT_COLUMNS} FROM fact_topics ft
            JOIN facts f ON f.id = ft.fact_id JOIN sources s ON s.id = f.source_id
            WHERE ft.topic_id = ? AND f.deleted = 0 ORDER BY ft.position, f.id LIMIT ?
            """,
            (topic_id, limit),
        )
        return self.db.unreadable.all("facts", rows, fact_from_row)

    async def topic_and_sizes(self, text: str) -> tuple[Topic, list[tuple[int, int]]] | None:
        """The topic named ``text`` and (id, quote length) of its visible facts, in order."""
        return await self.db.read(
            "topic_and_sizes", lambda connection: topic_and_sizes(connection, text)
        )

    async def topic_page(self, text: str, pick: Pick) -> TopicPage | None:
        """The topic named ``text``, its facts' sizes, and the facts ``pick`` chose from them.

        One trip to the database thread; ``pick`` (ids to load from (id, quote length)
        pairs, in order) runs there too.
        """

        def read(connection: sqlite3.Connection) -> TopicPage | None:
            found = topic_and_sizes(connection, text)
            if found is None:
                return None
            topic, sizes = found
            return topic, sizes, load_facts(connection, pick(sizes), self.db.unreadable)

        return await self.db.read("topic_page", read)

    async def facts(self, fact_ids: list[int]) -> list[Fact]:
        """The visible facts with these ids, in the order given."""
        unreadable = self.db.unreadable
        return await self.db.read(
            "facts", lambda connection: load_facts(connection, fact_ids, unreadable)
        )

    async def fact(self, fact_id: int, *, include_deleted: bool = False) -> Fact | None:
        """The fact with this id (hidden ones only with ``include_deleted``)."""
        row = await self.db.fetchone(
            f"SELECT {FACT_COLUMNS} FROM facts f JOIN sources s ON s.id = f.source_id"
            " WHERE f.id = ?",
            (fact_id,),
        )
        if row is None or (row["deleted"] and not include_deleted):
            return None
        return self.db.unreadable.one("facts", row, fact_from_row)

    async def search(self, words: str, limit: int = 10) -> list[Fact]:
        """Visible facts matching every word of ``words``: whole words first, best match first."""
        unreadable = self.db.unreadable
        return await self.db.read(
            "search", lambda connection: search(connection, words, limit, unreadable)
        )

    async def source(self, source_id: str) -> Source | None:
        """The source with this id."""
        row = await self.db.fetchone("SELECT * FROM sources WHERE id = ?", (source_id,))
        return self.db.unreadable.one("sources", row, source_from_row)

    async def source_text(self, source_id: str) -> str | None:
        """The stored full text of a source, if it has one."""
        row = await self.db.fetchone("SELECT full_text FROM sources WHERE id = ?", (source_id,))
        return row["full_text"] if row else None

    async def sources(self) -> list[Source]:
        """Every source, by id."""
        rows = await self.db.fetchall("SELECT * FROM sources ORDER BY id")
        return self.db.unreadable.all("sources", rows, source_from_row)

    async def source_fact_counts(self) -> dict[str, int]:
        """How many shown facts quote each source, by source id."""
        rows = await self.db.fetchall(
            "SELECT source_id, COUNT(*) FROM facts WHERE deleted = 0 GROUP BY source_id"
        )
        return {row[0]: int(row[1]) for row in rows}
