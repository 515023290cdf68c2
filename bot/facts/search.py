"""Full-text search over quotes, notes and translations: whole words first, best match first."""

from __future__ import annotations

import sqlite3

from bot.core.unreadable import UnreadableRows
from bot.facts.records import Fact
from bot.facts.rows import load_facts

# A search matching more facts than this is too broad to rank: newest first instead
# (ranking reads every match, which costs ~0.1 s for a word in most of 100k facts).
RANK_AT_MOST = 500


def fts_query(words: str, *, prefix: bool = True) -> str:
    """An FTS5 query matching every word (as a prefix, or whole), safe for any input."""
    terms = [term.replace('"', '""') for term in words.split() if term.strip('"')]
    star = "*" if prefix else ""
    return " ".join(f'"{term}"{star}' for term in terms[:20])


def search(
    connection: sqlite3.Connection, words: str, limit: int, unreadable: UnreadableRows
) -> list[Fact]:
    """Shown facts matching every word of ``words``: whole words first, best match first.

    Quotes and notes are searched first, then the translations of facts.
    """
    found: list[int] = []
    for matching in (matching_ids, translated_ids):
        for prefix in (False, True):
            if len(found) >= limit:
                break
            more = matching(connection, fts_query(words, prefix=prefix), limit)
            found += [fact_id for fact_id in more if fact_id not in found][: limit - len(found)]
    return load_facts(connection, found, unreadable)


def matching_ids(connection: sqlite3.Connection, query: str, limit: int) -> list[int]:
    """Ids of shown facts matching an FTS5 query: by rank, or newest first when broad."""
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


def translated_ids(connection: sqlite3.Connection, query: str, limit: int) -> list[int]:
    """Ids of shown facts with a translation matching an FTS5 query, best match first."""
    if not query:
        return []
    rows = connection.execute(
        """
        SELECT DISTINCT t.fact_id FROM fact_translations_fts
        JOIN fact_translations t ON t.rowid = fact_translations_fts.rowid
        JOIN facts f ON f.id = t.fact_id
        WHERE fact_translations_fts MATCH ? AND f.deleted = 0
        ORDER BY fact_translations_fts.rank LIMIT ?
        """,
        (query, limit),
    ).fetchall()
    return [row[0] for row in rows]
