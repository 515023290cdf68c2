"""What the facts domain refuses, as typed values: the command layer puts them into words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.errors import DomainError

Entity = Literal["fact", "topic", "source"]


class FactsError(DomainError):
    """A rule about facts, topics or sources refused a change or a lookup."""


# Facts.


@dataclass(eq=False)
class NoSuchFact(FactsError):
    """No fact has this id."""

    fact_id: int


@dataclass(eq=False)
class QuoteEmpty(FactsError):
    """A quote with nothing in it."""


@dataclass(eq=False)
class QuoteTooLong(FactsError):
    """A quote longer than a quote may be."""

    length: int
    limit: int


@dataclass(eq=False)
class NoteTooLong(FactsError):
    """A note longer than a note may be."""

    length: int
    limit: int


@dataclass(eq=False)
class QuoteNotInSource(FactsError):
    """A quote not word for word in its source's text; ``closest`` is the nearest passage."""

    source_id: str
    closest: str


@dataclass(eq=False)
class RepeatedQuote(FactsError):
    """A quote that live facts already hold (or that holds them), lowest id first."""

    fact_ids: list[int]


@dataclass(eq=False)
class FactTopicGone(FactsError):
    """A fact would be filed under a topic that no longer exists."""

    fact_id: int


@dataclass(eq=False)
class AlreadyDeleted(FactsError):
    """Deleting a fact that is deleted."""

    fact_id: int


@dataclass(eq=False)
class NotDeleted(FactsError):
    """Restoring a fact that is shown."""

    fact_id: int


# The history of facts and topics.


@dataclass(eq=False)
class NothingChanged(FactsError):
    """A change that leaves the fact or topic as it was; ``name`` is its id or name."""

    entity: Entity
    name: str


@dataclass(eq=False)
class NothingToUndo(FactsError):
    """Every change to the fact or topic is undone already; ``name`` is as it was asked for."""

    entity: Entity
    name: str


# Topics.


@dataclass(eq=False)
class NoSuchTopic(FactsError):
    """No topic has this name or alias."""

    label: str


@dataclass(eq=False)
class BadTopicName(FactsError):
    """A topic name that is not lower-case letters, digits and dashes, or too long."""

    name: str
    limit: int


@dataclass(eq=False)
class BadAlias(FactsError):
    """An alias with no letter or digit in it."""

    alias: str


@dataclass(eq=False)
class AliasTooLong(FactsError):
    """An alias longer than an alias may be."""

    length: int
    limit: int


@dataclass(eq=False)
class TopicTitleTooLong(FactsError):
    """A topic title longer than a title may be."""

    limit: int


@dataclass(eq=False)
class AliasListedTwice(FactsError):
    """A topic whose name and aliases repeat one of them."""

    topic: str


@dataclass(eq=False)
class LabelTaken(FactsError):
    """A name or alias that already finds another topic."""

    label: str
    topic: str


@dataclass(eq=False)
class AlreadyFinds(FactsError):
    """An alias the topic already has."""

    alias: str
    topic: str


@dataclass(eq=False)
class AliasIsName(FactsError):
    """Removing a topic's own name as if it were an alias."""

    alias: str


@dataclass(eq=False)
class TopicHasFacts(FactsError):
    """Removing a topic that facts (shown or deleted) are still filed under."""

    topic: str
    count: int


# Sources.


@dataclass(eq=False)
class NoSuchSource(FactsError):
    """No source has this id."""

    source_id: str


@dataclass(eq=False)
class BadSourceId(FactsError):
    """A source id that is not lower-case letters, digits and dashes."""

    source_id: str


@dataclass(eq=False)
class SourceWithoutTitle(FactsError):
    """A source with no title."""


@dataclass(eq=False)
class SourceFieldTooLong(FactsError):
    """A source's title, author, publication, standfirst or link over the limit."""

    field: str
    limit: int


@dataclass(eq=False)
class BadSourceLink(FactsError):
    """A link that is not http(s) or has spaces."""

    url: str


@dataclass(eq=False)
class SourceTextTooLong(FactsError):
    """A source text longer than a text may be."""

    limit: int


@dataclass(eq=False)
class SourceIdTaken(FactsError):
    """A new source with the id of a stored one."""

    source_id: str


@dataclass(eq=False)
class RepeatedSource(FactsError):
    """A new source with the title, author and date of the stored ``source_id``."""

    source_id: str


# Source text files.


@dataclass(eq=False)
class TextFileMissing(FactsError):
    """A source text file that does not exist."""


@dataclass(eq=False)
class TextFileUnopenable(FactsError):
    """A source text file that cannot be opened; ``reason`` is the system's."""

    reason: str


@dataclass(eq=False)
class TextFileOutside(FactsError):
    """A source text file that is a link out of the folder it must be in."""


@dataclass(eq=False)
class TextFileNotRegular(FactsError):
    """A folder, FIFO or device where a source text file should be."""


@dataclass(eq=False)
class TextFileTooLarge(FactsError):
    """A source text file over the limit, in bytes."""

    size: int
    limit: int


@dataclass(eq=False)
class TextFileGrew(FactsError):
    """A source text file that grew past the limit while it was read."""

    limit: int


@dataclass(eq=False)
class TextFileNotUtf8(FactsError):
    """A source text file that is not UTF-8; ``reason`` and ``at`` say where it fails."""

    reason: str
    at: int
