"""Import a fact file: checked entry by entry, applied in one transaction or not at all.

Problems are listed with their entry ("line 7, fact 30: ..."). Those only a fact file can
have stay in the file format's own words (they name its keys, like ``verified = false``,
and the command line's flags); a rule of the facts domain that refuses an entry is kept as
its typed refusal, worded where the list is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.facts.duplicates import repeated_by
from bot.facts.errors import FactsError
from bot.facts.factfile import FactFile, parse_fact_file
from bot.facts.facts_table import insert_fact, load_fact, update_fact
from bot.facts.records import Fact, Source, Topic
from bot.facts.revisions import record
from bot.facts.seed import MARK_SEEDED, SEEDED_KEY
from bot.facts.sources_table import same_source, save_source
from bot.facts.text_files import read_text_file
from bot.facts.topics_table import create_topic, load_topic, update_topic
from bot.facts.verification import QuoteChecker
from bot.storage.database import Database

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Refused:
    """An entry a rule of the facts domain refused: where it is in the file, and why."""

    where: str
    error: FactsError


# A problem with the file: in the fact file's words, or a refusal to be worded.
Problem = str | Refused


@dataclass
class ImportResult:
    """What an import did (or would do): counts by kind, and every problem with its entry."""

    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


class _Unfit(Exception):
    """An entry only a fact file can get wrong; the message says what, in the file's words."""


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (on problems, or for a dry run)."""


def _read_texts(fact_file: FactFile, folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """The texts the file's sources name, by source id, and a problem for each unreadable one."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for number, source in enumerate(fact_file.sources, 1):
        if not source.text_file:
            continue
        try:
            texts[source.id] = read_text_file(folder / source.text_file, inside=folder)
        except FactsError as problem:
            where = f"line {source.line}, " if source.line else ""
            where += f"sources #{number} ({source.id}): text file {source.text_file}"
            problems.append(Refused(where, problem))
    return texts, problems


def _known_names(connection: sqlite3.Connection) -> tuple[set[str], set[str]]:
    """The ids of the stored sources and the names of the stored topics."""
    sources = {row[0] for row in connection.execute("SELECT id FROM sources")}
    return sources, {row[0] for row in connection.execute("SELECT name FROM topics")}


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
    known_sources, known_topics = await database.read("names for an import", _known_names)
    fact_file = parse_fact_file(text, known_sources, known_topics)
    texts, unreadable = await asyncio.to_thread(_read_texts, fact_file, path.parent)
    if fact_file.problems or unreadable:
        result.problems = [*fact_file.problems, *unreadable]
        return result

    def apply(connection: sqlite3.Connection) -> None:
        _apply(connection, fact_file, texts, author, result, progress, duplicates)
        if result.problems or dry_run:
            raise _Rollback

    with contextlib.suppress(_Rollback):
        await database.write("import a fact file", apply)
    return result


@dataclass
class _Lookups:
    """What every fact of one import needs: topic ids, source texts, fact ids, a quote checker."""

    topic_ids: dict[str, int]
    texts: dict[str, str]
    existing: set[int]
    checker: QuoteChecker = field(default_factory=QuoteChecker)

    @classmethod
    def load(cls, connection: sqlite3.Connection) -> _Lookups:
        """The lookups as the database stands inside the import."""
        topic_ids = {
            str(row[0]): int(row[1]) for row in connection.execute("SELECT name, id FROM topics")
        }
        texts = {
            str(row[0]): str(row[1])
            for row in connection.execute("SELECT id, full_text FROM sources")
            if row[1]
        }
        existing = {int(row[0]) for row in connection.execute("SELECT id FROM facts")}
        return cls(topic_ids, texts, existing)


def _apply(
    connection: sqlite3.Connection,
    fact_file: FactFile,
    texts: dict[str, str],
    author: str,
    result: ImportResult,
    progress: Progress | None,
    duplicates: bool,
) -> None:
    """Write every entry, noting each problem with its entry instead of stopping at the first."""
    stored = {str(row[0]) for row in connection.execute("SELECT id FROM sources")}
    for source in fact_file.sources:
        where = f"line {source.line}, source {source.id}"
        try:
            if not duplicates and source.id not in stored:
                _refuse_repeated_source(connection, source, stored)
            action = save_source(connection, source, texts.get(source.id), author)
        except (_Unfit, FactsError) as problem:
            result.problems.append(_problem(where, problem))
            continue
        _count(result, "source", action)
    _apply_topics(connection, fact_file.topics, author, result)
    lookups = _Lookups.load(connection)
    added: list[Fact] = []
    for done, fact in enumerate(fact_file.facts, 1):
        try:
            action = _apply_fact(connection, fact, author, lookups)
            _count(result, "fact", action)
            if action == "add":
                added.append(fact)
        except _Unfit as problem:
            result.problems.append(_problem(f"line {fact.line}, fact {fact.id}", problem))
        if progress is not None:
            progress(done, len(fact_file.facts))
    if not duplicates and lookups.existing:
        _note_repeated_quotes(connection, added, result)
    connection.execute(MARK_SEEDED, (SEEDED_KEY,))


def _problem(where: str, problem: _Unfit | FactsError) -> Problem:
    """A problem at ``where``: a refusal kept typed, or the fact file's own words."""
    return Refused(where, problem) if isinstance(problem, FactsError) else f"{where}: {problem}"


def _refuse_repeated_source(
    connection: sqlite3.Connection, source: Source, stored: set[str]
) -> None:
    """Refuse a new source with the title, author and date of one stored before the import."""
    existing = same_source(connection, source)
    if existing is not None and existing in stored:
        raise _Unfit(
            f"it is already stored as {existing} (same title, author and date): cite that id,"
            " or import with --duplicate to add it anyway"
        )


def _note_repeated_quotes(
    connection: sqlite3.Connection, added: list[Fact], result: ImportResult
) -> None:
    """A problem for each new fact whose quote repeats a fact the database had before."""
    new_ids = {fact.id for fact in added}
    for fact in added:
        repeats = repeated_by(connection, fact.quote, ignore=new_ids)
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


def _apply_topics(
    connection: sqlite3.Connection, topics: list[Topic], author: str, result: ImportResult
) -> None:
    """Create or update topics; aliases a topic drops are freed first, so others may take them."""
    found: dict[str, Topic] = {}
    for topic in topics:
        row = connection.execute("SELECT id FROM topics WHERE name = ?", (topic.name,)).fetchone()
        stored = load_topic(connection, int(row[0])) if row else None
        if stored is not None:
            found[topic.name] = stored
            kept = tuple(alias for alias in stored.aliases if alias in topic.aliases)
            update_topic(connection, stored.id, Topic(stored.name, stored.title, kept))
    for topic in topics:
        after = Topic(topic.name, topic.title, tuple(sorted(topic.aliases)))
        before = found.get(topic.name)
        try:
            if before is not None:
                topic_id = before.id
                update_topic(connection, topic_id, after)
                if before.snapshot() == after.snapshot():
                    continue
            else:
                topic_id = create_topic(connection, after)
        except FactsError as problem:
            result.problems.append(Refused(f"line {topic.line}, topic {topic.name}", problem))
            continue
        old = before.snapshot() if before is not None else None
        record(connection, "topic", str(topic_id), "import", author, old, after.snapshot())
        _count(result, "topic", "add" if before is None else "edit")


def _apply_fact(
    connection: sqlite3.Connection, fact: Fact, author: str, lookups: _Lookups
) -> str | None:
    """Insert or update one fact after checking its quote; returns 'add', 'edit' or None."""
    names = sorted(set(fact.topics))
    if any(name not in lookups.topic_ids for name in names):
        raise _Unfit("one of its topics could not be made (see above)")
    wanted = Fact(
        id=fact.id,
        topics=tuple(names),
        source=fact.source,
        quote=fact.quote,
        note=fact.note,
        as_of=fact.as_of,
        verified=fact.verified,
        deleted=fact.deleted,
        topic_ids=tuple(lookups.topic_ids[name] for name in names),
        translations=fact.translations,
    )
    if fact.verified:
        text = lookups.texts.get(fact.source)
        if text is None:
            raise _Unfit(
                f"the source {fact.source} has no text, so the quote cannot be checked: "
                "give the source a text_file, or set verified = false"
            )
        check = lookups.checker.check(fact.quote, text)
        if not check.ok:
            raise _Unfit(
                f"the quote is not word for word in {fact.source} (closest passage: "
                f"“{check.passage}”); fix it, or set verified = false"
            )
    before = load_fact(connection, fact.id) if fact.id in lookups.existing else None
    if before is not None and before.snapshot() == wanted.snapshot():
        return None
    if before is None:
        insert_fact(connection, wanted, author)
    else:
        update_fact(connection, wanted)
    old = before.snapshot() if before is not None else None
    record(connection, "fact", str(fact.id), "import", author, old, wanted.snapshot())
    return "add" if before is None else "edit"
