"""Facts, topics and sources as immutable records, each with the snapshot a revision keeps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.quotes import Citation, Quote

# A record as a revision stores it: JSON-ready values, in the order changes are listed.
Snapshot = dict[str, Any]


def parse_date(value: str | None) -> date | None:
    """A date stored as ISO text, or None."""
    return date.fromisoformat(value) if value else None


def iso(day: date | None) -> str | None:
    """A date as stored: ISO text, or None."""
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Source:
    """A published text that facts quote; ``line`` is where a fact file has it (0 if none)."""

    id: str
    title: str
    author: str = ""
    publication: str = ""
    published: date | None = None
    url: str = ""
    standfirst: str = ""
    text_file: str = ""
    line: int = field(default=0, compare=False)

    def citation(self) -> Citation:
        """This source as a citation."""
        return Citation(self.author, self.title, self.publication, self.published, self.url)

    def snapshot(self, text: str | None) -> Snapshot:
        """The source and its text as a revision keeps them (the text by length and hash)."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "publication": self.publication,
            "published": iso(self.published),
            "url": self.url,
            "standfirst": self.standfirst,
            "text_chars": len(text) if text is not None else None,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest() if text is not None else None,
        }


@dataclass(frozen=True)
class Topic:
    """A topic: its name, title and aliases (kept sorted), its id and how many facts it shows."""

    name: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    id: int = 0
    fact_count: int = 0
    line: int = field(default=0, compare=False)

    def snapshot(self) -> Snapshot:
        """What an edit can change, as a revision keeps it."""
        return {"name": self.name, "title": self.title, "aliases": list(self.aliases)}

    @classmethod
    def from_snapshot(cls, topic_id: int, data: Snapshot) -> Topic:
        """The topic as a revision kept it."""
        aliases = tuple(str(alias) for alias in data.get("aliases", ()))
        return cls(str(data["name"]), str(data.get("title", "")), aliases, topic_id)


@dataclass(frozen=True)
class FactTranslation:
    """An admin's translation of a fact's quote into ``language``, and who made it (``by``).

    Never a quote: it is shown labelled as a translation, with the original beneath it.
    """

    language: str
    text: str
    by: str


@dataclass(frozen=True)
class Fact:
    """A verbatim quote from the source ``source`` (an id), filed under one or more topics.

    ``topics`` are names, in name order; ``topic_ids`` the same topics by id, when read for a
    change. ``translations`` are in language order. ``citation`` is its source's, when read
    to be shown; ``line`` is where a fact file has it (0 if none).
    """

    id: int
    topics: tuple[str, ...]
    source: str
    quote: str
    note: str = ""
    as_of: date | None = None
    verified: bool = True
    deleted: bool = False
    topic_ids: tuple[int, ...] = ()
    translations: tuple[FactTranslation, ...] = ()
    citation: Citation | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)

    def translation(self, language: str) -> FactTranslation | None:
        """The translation into ``language``, if there is one."""
        return next((t for t in self.translations if t.language == language), None)

    def as_quote(self, *, cited: bool = True, full: bool = False) -> Quote:
        """This fact as a reply block; ``cited`` False when the reply cites once at the foot."""
        return Quote(
            fact_id=self.id,
            text=self.quote,
            citation=self.citation if cited else None,
            as_of=self.as_of,
            note=self.note,
            topics=self.topics,
            unverified=not self.verified,
            full=full,
        )

    def snapshot(self) -> Snapshot:
        """Everything an edit can change, as a revision keeps it (translations when any)."""
        kept: Snapshot = {
            "source": self.source,
            "quote": self.quote,
            "topic_ids": list(self.topic_ids),
            "topics": list(self.topics),
            "note": self.note,
            "as_of": iso(self.as_of),
            "verified": self.verified,
            "deleted": self.deleted,
        }
        if self.translations:
            kept["translations"] = {
                t.language: {"text": t.text, "by": t.by} for t in self.translations
            }
        return kept

    @classmethod
    def from_snapshot(cls, fact_id: int, data: Snapshot) -> Fact:
        """The fact as a revision kept it."""
        return cls(
            id=fact_id,
            topics=tuple(str(name) for name in data.get("topics", ())),
            source=str(data["source"]),
            quote=str(data["quote"]),
            note=str(data.get("note", "")),
            as_of=parse_date(data.get("as_of")),
            verified=bool(data.get("verified", True)),
            deleted=bool(data.get("deleted", False)),
            topic_ids=tuple(int(topic_id) for topic_id in data["topic_ids"]),
            translations=translations_from(data.get("translations") or {}),
        )


def translations_from(data: dict[str, Any]) -> tuple[FactTranslation, ...]:
    """Translations as a revision keeps them ({language: {text, by}}), in language order."""
    return tuple(
        FactTranslation(str(language), str(kept["text"]), str(kept.get("by", "")))
        for language, kept in sorted(data.items())
    )
