"""The fact file format (TOML): sources, topics with aliases, and facts with ids."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.text import topic_key


@dataclass(frozen=True)
class SourceEntry:
    """A source as written in a fact file."""

    id: str
    title: str
    author: str = ""
    publication: str = ""
    published: date | None = None
    url: str = ""
    standfirst: str = ""
    text_file: str = ""


@dataclass(frozen=True)
class TopicEntry:
    """A topic as written in a fact file."""

    name: str
    title: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactEntry:
    """A fact as written in a fact file."""

    id: int
    topics: tuple[str, ...]
    source: str
    quote: str
    note: str = ""
    as_of: date | None = None
    verified: bool = True
    deleted: bool = False


@dataclass
class FactFile:
    """A whole fact file, checked: ``problems`` lists every mistake with its entry."""

    sources: list[SourceEntry] = field(default_factory=list)
    topics: list[TopicEntry] = field(default_factory=list)
    facts: list[FactEntry] = field(default_factory=list)
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
    """The date at ``key`` (a TOML date or YYYY-MM-DD text), or None."""
    value = entry.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{where}: '{key}' must be a date like 2008-12-11")
    return None


def parse_fact_file(text: str) -> FactFile:
    """Parse and check a fact file; every problem is listed, none raised."""
    result = FactFile()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        result.problems.append(f"not valid TOML: {problem}")
        return result
    problems = result.problems
    for number, entry in enumerate(data.get("sources", []), 1):
        where = f"sources #{number}"
        result.sources.append(
            SourceEntry(
                id=_text(entry, "id", where, problems, required=True),
                title=_text(entry, "title", where, problems, required=True),
                author=_text(entry, "author", where, problems),
                publication=_text(entry, "publication", where, problems),
                published=_date(entry, "published", where, problems),
                url=_text(entry, "url", where, problems),
                standfirst=_text(entry, "standfirst", where, problems),
                text_file=_text(entry, "text_file", where, problems),
            )
        )
    for number, entry in enumerate(data.get("topics", []), 1):
        where = f"topics #{number}"
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: 'aliases' must be a list of text")
            aliases = []
        result.topics.append(
            TopicEntry(
                name=_text(entry, "name", where, problems, required=True),
                title=_text(entry, "title", where, problems),
                aliases=tuple(aliases),
            )
        )
    for number, entry in enumerate(data.get("facts", []), 1):
        fact_id = entry.get("id")
        where = f"facts #{number} (id {fact_id})"
        if not isinstance(fact_id, int) or isinstance(fact_id, bool) or fact_id < 1:
            problems.append(f"{where}: 'id' must be a whole number above 0")
            fact_id = 0
        topics = entry.get("topics", [])
        if (
            not isinstance(topics, list)
            or not topics
            or not all(isinstance(t, str) for t in topics)
        ):
            problems.append(f"{where}: 'topics' must be a non-empty list of topic names")
            topics = []
        result.facts.append(
            FactEntry(
                id=fact_id,
                topics=tuple(topics),
                source=_text(entry, "source", where, problems, required=True),
                quote=_text(entry, "quote", where, problems, required=True),
                note=_text(entry, "note", where, problems),
                as_of=_date(entry, "as_of", where, problems),
                verified=bool(entry.get("verified", True)),
                deleted=bool(entry.get("deleted", False)),
            )
        )
    _check_references(result)
    return result


def _check_references(result: FactFile) -> None:
    """Note duplicate ids and names, and facts naming unknown sources or topics."""
    problems = result.problems
    source_ids: set[str] = set()
    for source in result.sources:
        if source.id in source_ids:
            problems.append(f"source '{source.id}' is defined twice")
        source_ids.add(source.id)
    keys: dict[str, str] = {}
    labels: set[str] = set()
    for topic in result.topics:
        if topic.name in labels:
            problems.append(f"topic '{topic.name}' is defined twice")
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
    topic_names = {topic.name for topic in result.topics}
    fact_ids: set[int] = set()
    for fact in result.facts:
        if fact.id and fact.id in fact_ids:
            problems.append(f"fact {fact.id} is defined twice")
        fact_ids.add(fact.id)
        if fact.source and fact.source not in source_ids:
            problems.append(f"fact {fact.id}: unknown source '{fact.source}'")
        for name in fact.topics:
            if name not in topic_names:
                problems.append(f"fact {fact.id}: unknown topic '{name}'")
