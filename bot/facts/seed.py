"""Fill a new database with the fact file shipped in the package, once."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from importlib import resources

from bot.core.errors import StorageError
from bot.facts.factfile import FactFile, parse_fact_file
from bot.facts.facts_table import insert_fact
from bot.facts.sources_table import write_source
from bot.facts.topics_table import insert_topic
from bot.storage.database import Database

log = logging.getLogger(__name__)

SEEDED_KEY = "seeded"
# Marks a database as seeded (or given its facts by an import): the shipped facts never come.
MARK_SEEDED = (
    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
)


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


def insert_fact_file(
    connection: sqlite3.Connection, fact_file: FactFile, texts: dict[str, str], author: str
) -> None:
    """Insert every source, topic and fact of a checked ``fact_file``, as it is, unrecorded.

    Inside the caller's transaction; facts come in the file's order in each topic.
    """
    for source in fact_file.sources:
        write_source(connection, source, texts.get(source.id), new=True)
    topic_ids = {topic.name: insert_topic(connection, topic) for topic in fact_file.topics}
    for position, fact in enumerate(fact_file.facts):
        filed = replace(fact, topic_ids=tuple(topic_ids[name] for name in fact.topics))
        insert_fact(connection, filed, author, position)


async def load_fact_file(
    database: Database, fact_file: FactFile, texts: dict[str, str], author: str
) -> None:
    """``insert_fact_file`` in one write transaction of its own."""

    def load(connection: sqlite3.Connection) -> None:
        insert_fact_file(connection, fact_file, texts, author)

    await database.write("load a fact file", load)


async def seed_if_new(database: Database) -> bool:
    """Load the shipped facts into a database that was never seeded; True if it did."""
    fact_file, texts = shipped_fact_file()

    def seed(connection: sqlite3.Connection) -> bool:
        if connection.execute("SELECT 1 FROM meta WHERE key = ?", (SEEDED_KEY,)).fetchone():
            return False
        insert_fact_file(connection, fact_file, texts, author="seed")
        connection.execute(MARK_SEEDED, (SEEDED_KEY,))
        return True

    seeded = await database.write("seed the shipped facts", seed)
    if seeded:
        log.info("seeded %d facts on %d topics", len(fact_file.facts), len(fact_file.topics))
    return seeded
