"""Is a quote already held by a live fact, inside it or holding it? Found through indexes.

Two quotes repeat each other when one contains the other, compared as ``for_duplicates``
writes them (spacing, dashes, quote marks and case aside). At 100k facts a scan would
read every quote, so candidates come from two indexes and only they are compared:
- facts that contain the quote: the full-text index, asked for the quote's words in order;
- facts the quote contains: ``quote_head`` (each fact's first HEAD characters), asked for
  every HEAD-character stretch of the quote; facts shorter than that from a small index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection

from bot.core.text import QUOTE_HEAD as HEAD
from bot.core.text import for_duplicates, for_matching

# Words of a quote the full-text index is asked for, in order: the longest stretch of this
# many (long words are rare words; a phrase of every word costs ~10 ms at 100k facts).
PHRASE_WORDS = 4
BATCH = 200
# A quote so short or common that this many facts have its words, none holding it exactly,
# is not looked at further: bounds one check (comparing 2,000 quotes takes ~10 ms).
MAX_CANDIDATES = 2000


def holding_query(quote: str) -> str | None:
    """An FTS5 query for facts that have some of ``quote``'s words in order (None if no words).

    The first and last words may be cut in the middle (a quote need not start on a word), so
    they are left out; a quote of one or two words is matched by its last, as a prefix (so a
    single word cut at its start, like "oorstep", is not found).
    """
    words = for_matching(quote).strip("'\" ").split(" ")
    inner, star = (words[1:-1], "") if len(words) >= 3 else (words[-1:], "*")
    if len(inner) > PHRASE_WORDS:
        starts = range(len(inner) - PHRASE_WORDS + 1)
        best = max(starts, key=lambda start: sum(map(len, inner[start : start + PHRASE_WORDS])))
        inner = inner[best : best + PHRASE_WORDS]
    text = " ".join(inner)
    if not any(char.isalnum() for char in text):
        return None
    return 'quote : "' + text.replace('"', '""') + '"' + star


def repeated_by(
    connection: sqlite3.Connection, quote: str, *, ignore: Collection[int] = (), limit: int = 3
) -> list[int]:
    """Ids of live facts whose quote contains ``quote`` or is contained in it, lowest first."""
    key = for_duplicates(quote)
    if not key:
        return []

    def repeats(fact_id: int, other: str) -> bool:
        other_key = for_duplicates(other)
        return fact_id not in ignore and bool(other_key) and (other_key in key or key in other_key)

    found = {fact_id for fact_id, other in _held_in(connection, key) if repeats(fact_id, other)}
    query = holding_query(quote)
    after, seen = 0, 0
    while query is not None and len(found) < limit and seen < MAX_CANDIDATES:
        found_rows = connection.execute(
            "SELECT f.id, f.quote FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid"
            " WHERE facts_fts MATCH ? AND facts_fts.rowid > ? AND f.deleted = 0"
            " ORDER BY facts_fts.rowid LIMIT ?",
            (query, after, BATCH),
        ).fetchall()
        rows = [(int(row[0]), str(row[1])) for row in found_rows]
        found |= {fact_id for fact_id, other in rows if repeats(fact_id, other)}
        if len(rows) < BATCH:
            break
        after, seen = rows[-1][0], seen + len(rows)
    return sorted(found)[:limit]


def _held_in(connection: sqlite3.Connection, key: str) -> list[tuple[int, str]]:
    """Live facts that may be inside the quote ``key``: their head is in it, or they are short."""
    stretches = sorted({key[start : start + HEAD] for start in range(len(key) - HEAD + 1)})
    rows = connection.execute(
        "SELECT id, quote FROM facts WHERE deleted = 0"
        " AND quote_head IN (SELECT value FROM json_each(?))"
        " UNION SELECT id, quote FROM facts WHERE deleted = 0 AND length(quote_head) < 32",
        (json.dumps(stretches),),
    ).fetchall()
    return [(int(row[0]), str(row[1])) for row in rows]
