"""A topic's quotes in pages that fit a reply, planned from their lengths and read in one go."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.core.text import topic_key
from bot.core.unreadable import UnreadableRows
from bot.facts.records import Fact, Topic
from bot.facts.rows import load_facts, topic_from_row

Sizes = list[tuple[int, int]]


@dataclass(frozen=True)
class PageBudget:
    """What one page may hold: ``facts`` quotes and about ``chars`` characters.

    Each quote counts its length plus ``per_fact`` (its id, marks and citation).
    """

    facts: int
    chars: int
    per_fact: int = 120


@dataclass(frozen=True)
class TopicPage:
    """Page ``number`` of a topic's shown facts (none when there is no such page)."""

    topic: Topic
    number: int
    pages: int
    facts: list[Fact]


def paginate(sizes: Sizes, budget: PageBudget) -> list[list[int]]:
    """Fact ids, given with their quotes' lengths, in pages within ``budget``, in order."""
    pages: list[list[int]] = []
    page: list[int] = []
    size = 0
    for fact, length in sizes:
        cost = length + budget.per_fact
        if page and (len(page) >= budget.facts or size + cost > budget.chars):
            pages.append(page)
            page, size = [], 0
        page.append(fact)
        size += cost
    if page:
        pages.append(page)
    return pages


def topic_sizes(connection: sqlite3.Connection, text: str) -> tuple[Topic, Sizes] | None:
    """The topic named ``text`` and (id, quote length) of its shown facts, in order.

    Enough to page a topic without loading every quote: the topic's row, then its ~100
    facts' lengths as plain tuples (sqlite3.Row objects cost as much as the query here).
    """
    topic = connection.execute(
        """
        SELECT t.id, t.name, t.title,
            (SELECT group_concat(label, '|') FROM topic_keys k
             WHERE k.topic_id = t.id AND k.is_alias = 1) AS aliases
        FROM topics t WHERE t.id = (SELECT topic_id FROM topic_keys WHERE key = ?)
        """,
        (topic_key(text),),
    ).fetchone()
    if topic is None:
        return None
    lengths = connection.cursor()
    lengths.row_factory = None
    sizes: Sizes = lengths.execute(
        """
        SELECT f.id, length(f.quote) FROM fact_topics ft
        JOIN facts f INDEXED BY facts_shown_quote_length ON f.id = ft.fact_id
        WHERE ft.topic_id = ? AND f.deleted = 0 ORDER BY ft.position, ft.fact_id
        """,
        (topic["id"],),
    ).fetchall()
    return topic_from_row(topic, fact_count=len(sizes)), sizes


def topic_page(
    connection: sqlite3.Connection,
    text: str,
    number: int,
    budget: PageBudget,
    unreadable: UnreadableRows,
) -> TopicPage | None:
    """Page ``number`` of the topic named ``text``, or None when no topic has that name."""
    found = topic_sizes(connection, text)
    if found is None:
        return None
    topic, sizes = found
    pages = paginate(sizes, budget)
    wanted = pages[number - 1] if 1 <= number <= len(pages) else []
    return TopicPage(topic, number, len(pages), load_facts(connection, wanted, unreadable))
