"""Import a fact file: checked entry by entry, applied in one transaction or not at all."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from bot.core.errors import UserError
from bot.core.words import plural
from bot.facts.duplicates import repeated_by
from bot.facts.factfile import FactEntry, FactFile, SourceEntry, TopicEntry, parse_fact_file
from bot.facts.facts_table import FactState, insert_fact, load_fact_state, update_fact
from bot.facts.revisions import record
from bot.facts.seed import SEEDED_KEY
from bot.facts.source_writer import same_source, save_source
from bot.facts.text_files import read_text_file
from bot.facts.topics_table import TopicState, create_topic, load_topic_state, update_topic
from bot.facts.verification import QuoteChecker
from bot.storage.database import Database

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """What an import did (or would do): counts by kind, and every problem with its entry."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """'3 facts added, 1 fact updated' or 'no changes'."""
        parts = [f"{plural(n, kind)} added" for kind, n in sorted(self.added.items())]
        parts += [f"{plural(n, kind)} updated" for kind, n in sorted(self.updated.items())]
        return ", ".join(parts) or "no changes"


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (on problems, or for a dry run)."""


def _read_texts(fact_file: FactFile, folder: Path) -> dict[str, str]:
    """The texts the file's sources name, by source id; problems are added to the file's."""
    texts = {}
    for number, source in enumerate(fact_file.sources, 1):
        if not source.text_file:
            continue
        where = f"line {source.line}, " if source.line else ""
        try:
            texts[source.id] = read_text_file(folder / source.text_file, inside=folder)
        except UserError as problem:
            fact_file.problems.append(
                f"{where}sources #{number} ({source.id}): text file {source.text_file}: {problem}"
            )
    return texts


async def import_fact_file(
    database: Database,
    path: Path,
    author: str,
    *,
    dry_run: bool = False,
    duplicates: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Apply a fact file in one transaction: all of it, or (on any problem) none of it.

    A new fact whose quote repeats a fact the database already had, or a new source with the
    title, author and date of a stored one, is a problem unless ``duplicates``.
    """
    result = ImportResult()
    try:
        text = (await asyncio.to_thread(path.read_bytes)).decode("utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        result.problems.append(f"{path}: cannot be read: {problem}")
        return result
    known_sources = {row[0] for row in await database.fetchall("SELECT id FROM sources")}
    known_topics = {row[0] for row in await database.fetchall("SELECT name FROM topics")}
    fact_file = parse_fact_file(text, known_sources, known_topics)
    texts = await asyncio.to_thread(_read_texts, fact_file, path.parent)
    if fact_file.problems:
        result.problems = fact_file.problems
        return result
    try:
        async with database.transaction() as connection:
            await _apply(connection, fact_file, texts, author, result, progress, duplicates)
            if result.problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


@dataclass
class _Lookups:
    """What every fact of one import needs: topic ids, source texts, fact ids, a quote checker."""

    topic_ids: dict[str, int]
    texts: dict[str, str]
    existing: set[int]
    checker: QuoteChecker = field(default_factory=QuoteChecker)

    @classmethod
    async def load(cls, connection: aiosqlite.Connection) -> _Lookups:
        """The lookups as the database stands inside the import."""
        async with connection.execute("SELECT name, id FROM topics") as cursor:
            topic_ids = {str(row[0]): int(row[1]) for row in await cursor.fetchall()}
        async with connection.execute("SELECT id, full_text FROM sources") as cursor:
            texts = {str(row[0]): str(row[1]) for row in await cursor.fetchall() if row[1]}
        async with connection.execute("SELECT id FROM facts") as cursor:
            existing = {int(row[0]) for row in await cursor.fetchall()}
        return cls(topic_ids, texts, existing)


async def _apply(
    connection: aiosqlite.Connection,
    fact_file: FactFile,
    texts: dict[str, str],
    author: str,
    result: ImportResult,
    progress: Progress | None,
    duplicates: bool,
) -> None:
    """Write every entry, noting each problem with its entry instead of stopping at the first."""
    async with connection.execute("SELECT id FROM sources") as cursor:
        stored = {str(row[0]) for row in await cursor.fetchall()}
    for source in fact_file.sources:
        try:
            if not duplicates and source.id not in stored:
                await _refuse_repeated_source(connection, source, stored)
            action = await save_source(connection, source, texts.get(source.id), author)
        except UserError as problem:
            result.problems.append(f"line {source.line}, source {source.id}: {problem}")
            continue
        _count(result, "source", action)
    await _apply_topics(connection, fact_file.topics, author, result)
    lookups = await _Lookups.load(connection)
    added: list[FactEntry] = []
    for done, fact in enumerate(fact_file.facts, 1):
        try:
            action = await _apply_fact(connection, fact, author, lookups)
            _count(result, "fact", action)
            if action == "add":
                added.append(fact)
        except UserError as problem:
            result.problems.append(f"line {fact.line}, fact {fact.id}: {problem}")
        if progress is not None:
            progress(done, len(fact_file.facts))
    if not duplicates and lookups.existing:
        await _note_repeated_quotes(connection, added, result)
    await connection.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        (SEEDED_KEY,),
    )


async def _refuse_repeated_source(
    connection: aiosqlite.Connection, source: SourceEntry, stored: set[str]
) -> None:
    """Refuse a new source with the title, author and date of one stored before the import."""
    existing = await same_source(connection, source)
    if existing is not None and existing in stored:
        raise UserError(
            f"it is already stored as {existing} (same title, author and date): cite that id,"
            " or import with --duplicate to add it anyway"
        )


async def _note_repeated_quotes(
    connection: aiosqlite.Connection, added: list[FactEntry], result: ImportResult
) -> None:
    """A problem for each new fact whose quote repeats a fact the database had before."""
    new_ids = {fact.id for fact in added}
    for fact in added:
        repeats = await repeated_by(connection, fact.quote, ignore=new_ids)
        if repeats:
            listed = ", ".join(f"#{fact_id}" for fact_id in repeats)
            result.problems.append(
                f"line {fact.line}, fact {fact.id}: its quote repeats {listed};"
                " import with --duplicate to add it anyway"
            )


def _count(result: ImportResult, kind: str, action: str | None) -> None:
    """Count an added or updated entry."""
    if action == "add":
        result.added[kind] += 1
    elif action is not None:
        result.updated[kind] += 1


async def _apply_topics(
    connection: aiosqlite.Connection, topics: list[TopicEntry], author: str, result: ImportResult
) -> None:
    """Create or update topics; aliases a topic drops are freed first, so others may take them."""
    found: dict[str, tuple[int, TopicState]] = {}
    for topic in topics:
        async with connection.execute("SELECT id FROM topics WHERE name = ?", (topic.name,)) as c:
            row = await c.fetchone()
        state = await load_topic_state(connection, row[0]) if row else None
        if row and state:
            found[topic.name] = (int(row[0]), state)
            kept = tuple(a for a in state.aliases if a in topic.aliases)
            await update_topic(connection, int(row[0]), TopicState(state.name, state.title, kept))
    for topic in topics:
        after = TopicState(topic.name, topic.title, tuple(sorted(topic.aliases)))
        try:
            if topic.name in found:
                topic_id, before = found[topic.name]
                await update_topic(connection, topic_id, after)
                if before == after:
                    continue
                action, old = "edit", before.to_dict()
            else:
                topic_id, action, old = await create_topic(connection, after), "add", None
        except UserError as problem:
            result.problems.append(f"line {topic.line}, topic {topic.name}: {problem}")
            continue
        await record(connection, "topic", str(topic_id), "import", author, old, after.to_dict())
        _count(result, "topic", action)


async def _apply_fact(
    connection: aiosqlite.Connection, fact: FactEntry, author: str, lookups: _Lookups
) -> str | None:
    """Insert or update one fact after checking its quote; returns 'add', 'edit' or None."""
    names = sorted(set(fact.topics))
    if any(name not in lookups.topic_ids for name in names):
        raise UserError("one of its topics could not be made (see above)")
    state = FactState(
        source=fact.source,
        quote=fact.quote,
        topic_ids=tuple(lookups.topic_ids[name] for name in names),
        topics=tuple(names),
        note=fact.note,
        as_of=fact.as_of.isoformat() if fact.as_of else None,
        verified=fact.verified,
        deleted=fact.deleted,
    )
    if fact.verified:
        text = lookups.texts.get(fact.source)
        if text is None:
            raise UserError(
                f"the source {fact.source} has no text, so the quote cannot be checked: "
                "give the source a text_file, or set verified = false"
            )
        check = lookups.checker.check(fact.quote, text)
        if not check.ok:
            raise UserError(
                f"the quote is not word for word in {fact.source} (closest passage: "
                f"“{check.passage}”); fix it, or set verified = false"
            )
    before = await load_fact_state(connection, fact.id) if fact.id in lookups.existing else None
    if before == state:
        return None
    if before is None:
        await insert_fact(connection, state, author, fact.id)
    else:
        await update_fact(connection, fact.id, state)
    await record(
        connection,
        "fact",
        str(fact.id),
        "import",
        author,
        before.to_dict() if before else None,
        state.to_dict(),
    )
    return "add" if before is None else "edit"
