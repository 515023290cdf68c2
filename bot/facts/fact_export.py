"""Export the database to a fact file, with each source text written beside it."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path

from bot.core.private_files import write_file
from bot.core.unreadable import UnreadableRows
from bot.facts.factfile import FactFile
from bot.facts.factfile_writer import render_fact_file
from bot.facts.records import FactTranslation, Source, Topic
from bot.facts.rows import aliases_from, fact_from_row, source_from_row
from bot.storage.database import Database


def read_everything(
    connection: sqlite3.Connection, unreadable: UnreadableRows
) -> tuple[FactFile, dict[str, str]]:
    """Everything in the database as a fact file, and the source texts by source id."""
    result = FactFile()
    rows = connection.execute("SELECT * FROM sources ORDER BY id").fetchall()
    result.sources = unreadable.all("sources", rows, _exported_source)
    texts = {row["id"]: row["full_text"] for row in rows if row["full_text"] is not None}
    topics = connection.execute(
        "SELECT t.id, t.name, t.title, (SELECT group_concat(label, '|') FROM topic_keys k"
        " WHERE k.topic_id = t.id AND k.is_alias = 1) AS aliases FROM topics t ORDER BY t.id"
    ).fetchall()
    result.topics = [
        Topic(row["name"], row["title"], aliases_from(row["aliases"])) for row in topics
    ]
    filed: dict[int, list[str]] = {}
    for fact_id, name in connection.execute(
        "SELECT ft.fact_id, t.name FROM fact_topics ft JOIN topics t ON t.id = ft.topic_id"
        " ORDER BY t.name"
    ):
        filed.setdefault(fact_id, []).append(name)
    translated: dict[int, list[FactTranslation]] = {}
    for fact_id, language, text, by in connection.execute(
        "SELECT fact_id, language, text, translator FROM fact_translations ORDER BY language"
    ):
        translated.setdefault(fact_id, []).append(FactTranslation(language, text, by))
    rows = connection.execute("SELECT * FROM facts ORDER BY id").fetchall()
    result.facts = unreadable.all(
        "facts",
        rows,
        lambda row: replace(
            fact_from_row(row, tuple(filed.get(row["id"], ()))),
            translations=tuple(translated.get(row["id"], ())),
        ),
    )
    return result, texts


def _exported_source(row: sqlite3.Row) -> Source:
    """A sources row as a fact file has it: its text, if any, in sources/<id>.txt."""
    text_file = f"sources/{row['id']}.txt" if row["full_text"] is not None else ""
    return replace(source_from_row(row), text_file=text_file)


async def export_fact_file(database: Database, path: Path) -> FactFile:
    """Write the database to ``path``, and each source text to sources/<id>.txt beside it.

    Every file is owner-only: an export holds who made each change, like the database.
    """
    fact_file, texts = await database.read(
        "export", lambda connection: read_everything(connection, database.unreadable)
    )
    files = {path: render_fact_file(fact_file)}
    files |= {path.parent / s.text_file: texts[s.id] for s in fact_file.sources if s.text_file}
    for target, content in files.items():
        await asyncio.to_thread(write_file, target, content.encode("utf-8"))
    return fact_file
