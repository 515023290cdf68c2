"""Export the database to a fact file, with each source text written beside it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.core.private_files import write_file
from bot.facts.factfile import FactEntry, FactFile, SourceEntry, TopicEntry
from bot.facts.factfile_writer import render_fact_file
from bot.facts.records import parse_date
from bot.storage.database import Database


async def read_database(database: Database) -> tuple[FactFile, dict[str, str]]:
    """Everything in the database as a fact file, and the source texts by source id."""
    result, texts = FactFile(), {}
    skip = database.unreadable
    rows = await database.fetchall("SELECT * FROM sources ORDER BY id")
    result.sources = skip.all("sources", rows, _source_entry)
    for row in rows:
        if row["full_text"] is not None:
            texts[row["id"]] = row["full_text"]
    aliases: dict[int, list[str]] = {}
    for row in await database.fetchall(
        "SELECT topic_id, label FROM topic_keys WHERE is_alias = 1 ORDER BY label"
    ):
        aliases.setdefault(row["topic_id"], []).append(row["label"])
    for row in await database.fetchall("SELECT id, name, title FROM topics ORDER BY id"):
        result.topics.append(
            TopicEntry(row["name"], row["title"], tuple(aliases.get(row["id"], [])))
        )
    topics: dict[int, list[str]] = {}
    for row in await database.fetchall(
        "SELECT ft.fact_id, t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id"
        " ORDER BY t.name"
    ):
        topics.setdefault(row["fact_id"], []).append(row["name"])
    rows = await database.fetchall("SELECT * FROM facts ORDER BY id")
    result.facts = skip.all("facts", rows, lambda row: _fact_entry(row, topics))
    return result, texts


def _source_entry(row: sqlite3.Row) -> SourceEntry:
    """A sources row as a fact file entry."""
    return SourceEntry(
        id=row["id"],
        title=row["title"],
        author=row["author"],
        publication=row["publication"],
        published=parse_date(row["published"]),
        url=row["url"],
        standfirst=row["standfirst"],
        text_file=f"sources/{row['id']}.txt" if row["full_text"] is not None else "",
    )


def _fact_entry(row: sqlite3.Row, topics: dict[int, list[str]]) -> FactEntry:
    """A facts row as a fact file entry, with its topics' names."""
    return FactEntry(
        id=row["id"],
        topics=tuple(topics.get(row["id"], [])),
        source=row["source_id"],
        quote=row["quote"],
        note=row["note"],
        as_of=parse_date(row["as_of"]),
        verified=bool(row["verified"]),
        deleted=bool(row["deleted"]),
    )


async def export_fact_file(database: Database, path: Path) -> FactFile:
    """Write the database to ``path``, and each source text to sources/<id>.txt beside it.

    Every file is owner-only: an export holds who made each change, like the database.
    """
    fact_file, texts = await read_database(database)
    files = {path: render_fact_file(fact_file)}
    files |= {path.parent / s.text_file: texts[s.id] for s in fact_file.sources if s.text_file}
    for target, content in files.items():
        await asyncio.to_thread(write_file, target, content.encode("utf-8"))
    return fact_file
