"""The fact file format (TOML): sources, topics with aliases, and facts with ids."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from bot.core.text import topic_key
from bot.core.toml import parse_toml
from bot.facts.errors import BadLanguageCode, FactsError, TranslationEmpty, TranslationTooLong
from bot.facts.records import Fact, FactTranslation, Source, Topic
from bot.facts.translations import check_translation
from bot.facts.validation import MAX_NOTE, MAX_QUOTE

TABLE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(sources|topics|facts)[ \t]*\]\]", re.MULTILINE)
KNOWN_KEYS = {
    "sources": {"id", "title", "author", "publication", "published", "url", "standfirst"}
    | {"text_file"},
    "topics": {"name", "title", "aliases"},
    "facts": {"id", "topics", "source", "quote", "note", "as_of", "verified", "deleted"}
    | {"translations"},
}
TRANSLATION_KEYS = {"language", "text", "by"}
MAX_FACT_ID = 999_999_999


@dataclass
class FactFile:
    """A whole fact file, checked: ``problems`` lists every mistake with its entry."""

    sources: list[Source] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(
    entry: dict[str, Any], key: str, where: str, problems: list[str], *, required: bool = False
) -> str:
    """The string at ``key`` of ``entry``, noting a problem when it is missing or not text."""
    value = entry.get(key, "")
    if not isinstance(value, str):
        problems.append(f"{where}: '{key}' must be text")
        return ""
    if required and not value.strip():
        problems.append(f"{where}: '{key}' is missing")
    return value


def _date(entry: dict[str, Any], key: str, where: str, problems: list[str]) -> date | None:
    """The date at ``key`` (a TOML date or YYYY-MM-DD text), or None; never a date and time."""
    value = entry.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        problems.append(f"{where}: '{key}' must be a date like 2008-12-11, without a time")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{where}: '{key}' must be a date like 2008-12-11")
    return None


def _flag(entry: dict[str, Any], key: str, default: bool, where: str, problems: list[str]) -> bool:
    """The true/false value at ``key``."""
    value = entry.get(key, default)
    if not isinstance(value, bool):
        problems.append(f"{where}: '{key}' must be true or false")
        return default
    return value


def _texts(entry: dict[str, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    """The list of strings at ``key``."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"{where}: '{key}' must be a list of text")
        return ()
    return tuple(value)


def _tables(
    data: dict[str, Any], kind: str, lines: list[int], problems: list[str]
) -> list[tuple[dict[str, Any], str, int]]:
    """The entries of one array of tables, each with where it is and its line (0 if unknown)."""
    entries = data.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(f"'{kind}' must be written as [[{kind}]] tables")
        return []
    found = []
    for number, entry in enumerate(entries, 1):
        line = lines[number - 1] if len(lines) == len(entries) else 0
        label = entry.get("id", entry.get("name", ""))
        where = f"line {line}, " if line else ""
        where += f"{kind} #{number}" + (f" ({label})" if isinstance(label, str | int) else "")
        for key in sorted(set(entry) - KNOWN_KEYS[kind]):
            problems.append(f"{where}: unknown key '{key}'")
        found.append((entry, where, line))
    return found


def _path_problem(text_file: str) -> str:
    """Why ``text_file`` may not be used as a path beside the fact file ('' when it may)."""
    path = PurePosixPath(text_file)
    if path.is_absolute() or ".." in path.parts or "\\" in text_file or ":" in text_file:
        return f"'text_file' must be a path beside the fact file, like sources/{path.stem}.txt"
    return ""


def parse_fact_file(
    text: str, known_sources: Collection[str] = (), known_topics: Collection[str] = ()
) -> FactFile:
    """Parse and check a fact file; every problem is listed, none raised.

    Facts may also name sources and topics in ``known_sources``/``known_topics`` (the database).
    """
    result = FactFile()
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as problem:
        result.problems.append(f"not valid TOML: {problem}")
        return result
    problems = result.problems
    for key in sorted(set(data) - set(KNOWN_KEYS)):
        problems.append(f"unknown section '{key}' (use sources, topics and facts)")
    lines: dict[str, list[int]] = {kind: [] for kind in KNOWN_KEYS}
    for match in TABLE_HEADER.finditer(text):
        lines[match.group(1)].append(text.count("\n", 0, match.start()) + 1)
    for entry, where, line in _tables(data, "sources", lines["sources"], problems):
        source = Source(
            id=_text(entry, "id", where, problems, required=True),
            title=_text(entry, "title", where, problems, required=True),
            author=_text(entry, "author", where, problems),
            publication=_text(entry, "publication", where, problems),
            published=_date(entry, "published", where, problems),
            url=_text(entry, "url", where, problems),
            standfirst=_text(entry, "standfirst", where, problems),
            text_file=_text(entry, "text_file", where, problems),
            line=line,
        )
        if source.text_file and (bad_path := _path_problem(source.text_file)):
            problems.append(f"{where}: {bad_path}")
            source = replace(source, text_file="")
        result.sources.append(source)
    for entry, where, line in _tables(data, "topics", lines["topics"], problems):
        result.topics.append(
            Topic(
                name=_text(entry, "name", where, problems, required=True),
                title=_text(entry, "title", where, problems),
                aliases=_texts(entry, "aliases", where, problems),
                line=line,
            )
        )
    for entry, where, line in _tables(data, "facts", lines["facts"], problems):
        result.facts.append(_fact(entry, where, line, problems))
    _check_references(result, set(known_sources), set(known_topics))
    return result


def _fact(entry: dict[str, Any], where: str, line: int, problems: list[str]) -> Fact:
    """One [[facts]] table, checked."""
    fact_id = entry.get("id")
    if not isinstance(fact_id, int) or isinstance(fact_id, bool) or not 0 < fact_id <= MAX_FACT_ID:
        problems.append(f"{where}: 'id' must be a whole number from 1 to {MAX_FACT_ID:,}")
        fact_id = 0
    topics = _texts(entry, "topics", where, problems)
    if not topics and isinstance(entry.get("topics", []), list):
        problems.append(f"{where}: 'topics' must name at least one topic")
    fact = Fact(
        id=fact_id,
        topics=topics,
        source=_text(entry, "source", where, problems, required=True),
        quote=_text(entry, "quote", where, problems, required=True),
        note=_text(entry, "note", where, problems),
        as_of=_date(entry, "as_of", where, problems),
        verified=_flag(entry, "verified", True, where, problems),
        deleted=_flag(entry, "deleted", False, where, problems),
        translations=_translations(entry, where, problems),
        line=line,
    )
    if len(fact.quote) > MAX_QUOTE:
        problems.append(
            f"{where}: the quote is {len(fact.quote):,} characters; keep quotes under {MAX_QUOTE:,}"
        )
    if len(fact.note) > MAX_NOTE:
        problems.append(
            f"{where}: the note is {len(fact.note):,} characters; keep notes under {MAX_NOTE}"
        )
    return fact


def _translations(
    entry: dict[str, Any], where: str, problems: list[str]
) -> tuple[FactTranslation, ...]:
    """The fact's [[facts.translations]] tables, checked, in language order."""
    tables = entry.get("translations", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(f"{where}: 'translations' must be written as [[facts.translations]] tables")
        return ()
    found: dict[str, FactTranslation] = {}
    for number, table in enumerate(tables, 1):
        at = f"{where}, translation #{number}"
        for key in sorted(set(table) - TRANSLATION_KEYS):
            problems.append(f"{at}: unknown key '{key}'")
        given = FactTranslation(
            _text(table, "language", at, problems, required=True),
            _text(table, "text", at, problems, required=True),
            _text(table, "by", at, problems),
        )
        try:
            translation = check_translation(given)
        except FactsError as refused:
            problems.append(f"{at}: {_translation_problem(refused)}")
            continue
        if translation.language in found:
            problems.append(f"{at}: a second translation into '{translation.language}'")
        found[translation.language] = translation
    return tuple(found[code] for code in sorted(found))


def _translation_problem(refused: FactsError) -> str:
    """A refused translation in the fact file's words."""
    match refused:
        case BadLanguageCode(code=code):
            return f"'language' must be a language code like fr or pt-br, not {code!r}"
        case TranslationTooLong(length=length, limit=limit):
            return f"the translation or its 'by' is {length:,} characters; keep it under {limit:,}"
        case TranslationEmpty():
            return "'text' is empty"
    return str(refused)


def _at(line: int) -> str:
    """'line 12: ' for a known line, else ''."""
    return f"line {line}: " if line else ""


def _check_references(result: FactFile, known_sources: set[str], known_topics: set[str]) -> None:
    """Note duplicate ids and names, and facts naming unknown sources or topics."""
    problems = result.problems
    source_ids: set[str] = set()
    for source in result.sources:
        if source.id in source_ids:
            problems.append(f"{_at(source.line)}source '{source.id}' is defined twice")
        source_ids.add(source.id)
    keys: dict[str, str] = {}
    labels: set[str] = set()
    for topic in result.topics:
        if topic.name in labels:
            problems.append(f"{_at(topic.line)}topic '{topic.name}' is defined twice")
        for label in (topic.name, *topic.aliases):
            if label in labels and label != topic.name:
                problems.append(f"topic '{topic.name}': '{label}' is listed twice")
            labels.add(label)
            key = topic_key(label)
            if not key:
                problems.append(f"topic '{topic.name}': an empty name or alias")
            elif keys.get(key, topic.name) != topic.name:
                problems.append(f"topic '{topic.name}': '{label}' is already used by '{keys[key]}'")
            keys[key] = topic.name
    topic_names = {topic.name for topic in result.topics} | known_topics
    source_ids |= known_sources
    fact_ids: set[int] = set()
    for fact in result.facts:
        where = f"line {fact.line}, fact {fact.id}" if fact.line else f"fact {fact.id}"
        if fact.id and fact.id in fact_ids:
            problems.append(f"{where}: the id {fact.id} is used twice")
        fact_ids.add(fact.id)
        if fact.source and fact.source not in source_ids:
            problems.append(f"{where}: unknown source '{fact.source}'")
        for name in fact.topics:
            if name not in topic_names:
                problems.append(f"{where}: unknown topic '{name}'")
