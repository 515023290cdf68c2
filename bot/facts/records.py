"""Rows as typed, immutable records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.model import Citation, Quote


def parse_date(value: str | None) -> date | None:
    """A date stored as ISO text, or None."""
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Source:
    """A published text that facts quote."""

    id: str
    title: str
    author: str = ""
    publication: str = ""
    published: date | None = None
    url: str = ""
    standfirst: str = ""
    text_file: str = ""

    def citation(self) -> Citation:
        """This source as a citation."""
        return Citation(self.author, self.title, self.publication, self.published, self.url)


@dataclass(frozen=True)
class Topic:
    """A topic with its aliases and how many facts it has."""

    id: int
    name: str
    title: str
    aliases: tuple[str, ...] = ()
    fact_count: int = 0


@dataclass(frozen=True)
class Fact:
    """A verbatim quote from a source, filed under one or more topics."""

    id: int
    quote: str
    source: Source
    topics: tuple[str, ...] = ()
    note: str = ""
    as_of: date | None = None
    verified: bool = True
    deleted: bool = False

    def as_quote(self, *, cited: bool = True, full: bool = False) -> Quote:
        """This fact as a reply block; ``cited`` False when the reply cites once at the foot."""
        return Quote(
            fact_id=self.id,
            text=self.quote,
            citation=self.source.citation() if cited else None,
            as_of=self.as_of,
            note=self.note,
            topics=self.topics,
            unverified=not self.verified,
            full=full,
        )
