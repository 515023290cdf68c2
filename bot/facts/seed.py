"""Fill a new database with the fact file shipped in the package, once."""

from __future__ import annotations

import logging
from importlib import resources

import aiosqlite

from bot.core.errors import StorageError
from bot.core.text import quote_head, topic_key
from bot.facts.factfile import FactFile, parse_fact_file
from bot.storage.database import Database

log = logging.getLogger(__name__)

SEEDED_KEY = "seeded"


def shipped_fact_file() -> tuple[FactFile, dict[str, str]]:
    """The packaged fact file and the full texts of its sources, by source id."""
    data = resources.files("bot").joinpath("data")
    fact_file = parse_fact_file(data.joinpath("facts.toml").read_text("utf-8"))
    if fact_file.problems:
        raise StorageError("the shipped fact file is broken: " + "; ".join(fact_file.problems))
    texts = {
        source.id: data.joinpath(source.text_file).read_text("utf-8")
        for source in fact_file.sources
        if source.text_file
    }
    return fact_file, texts


async def insert_fact_file(
    connection: aiosqlite.Connection, fact_file: FactFile, texts: dict[str, str], author: str
) -> None:
    """Insert every source, topic and fact of ``fact_file`` (inside the caller's transaction)."""
    for source in fact_file.sources:
        await connection.execute(
            "INSERT INTO sources (id, title, author, publication, published, url, standfirst,"
            " text_file, full_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.id,
                source.title,
                source.author,
                source.publication,
                source.published.isoformat() if source.published else None,
                source.url,
                source.standfirst,
                source.text_file,
                texts.get(source.id),
            ),
        )
    topic_ids: dict[str, int] = {}
    for topic in fact_file.topics:
        cursor = await connection.execute(
            "INSERT INTO topics (name, title) VALUES (?, ?)", (topic.name, topic.title)
        )
        topic_id = int(cursor.lastrowid or 0)
        topic_ids[topic.name] = topic_id
        await connection.execute(
            "INSERT INTO topic_keys (key, label, topic_id, is_alias) VALUES (?, ?, ?, 0)",
            (topic_key(topic.name), topic.name, topic_id),
        )
        for alias in topic.aliases:
            await connection.execute(
                "INSERT INTO topic_keys (key, label, topic_id) VALUES (?, ?, ?)",
                (topic_key(alias), alias, topic_id),
            )
    for position, fact in enumerate(fact_file.facts):
        await connection.execute(
            "INSERT INTO facts (id, source_id, quote, quote_head, note, as_of, verified, deleted,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fact.id,
                fact.source,
                fact.quote,
                quote_head(fact.quote),
                fact.note,
                fact.as_of.isoformat() if fact.as_of else None,
                int(fact.verified),
                int(fact.deleted),
                author,
            ),
        )
        await connection.executemany(
            "INSERT INTO fact_topics (fact_id, topic_id, position) VALUES (?, ?, ?)",
            [(fact.id, topic_ids[name], position) for name in fact.topics],
        )


async def seed_if_new(database: Database) -> bool:
    """Load the shipped facts into a database that was never seeded; True if it did."""
    fact_file, texts = shipped_fact_file()
    async with database.transaction() as connection:
        async with connection.execute("SELECT 1 FROM meta WHERE key = ?", (SEEDED_KEY,)) as seen:
            if await seen.fetchone():
                return False
        await insert_fact_file(connection, fact_file, texts, author="seed")
        await connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (SEEDED_KEY,),
        )
    log.info("seeded %d facts on %d topics", len(fact_file.facts), len(fact_file.topics))
    return True
