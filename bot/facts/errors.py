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
class FactRefused(FactsError):
    """A change or lookup refused because of the fact ``fact_id`` as it is."""

    fact_id: int


class NoSuchFact(FactRefused):
    """No fact has this id."""


@dataclass(eq=False)
class QuoteEmpty(FactsError):
    """A quote with nothing in it."""


@dataclass(eq=False)
class TooLong(FactsError):
    """A text of ``length`` characters where at most ``limit`` may be."""

    length: int
    limit: int


class QuoteTooLong(TooLong):
    """A quote longer than a quote may be."""


class NoteTooLong(TooLong):
    """A note longer than a note may be."""


@dataclass(eq=False)
class QuoteNotInSource(FactsError):
    """A quote not word for word in its source's text; ``closest`` is the nearest passage."""

    source_id: str
    closest: str


@dataclass(eq=False)
class RepeatedQuote(FactsError):
    """A quote that live facts already hold (or that holds them), lowest id first."""

    fact_ids: list[int]


class FactTopicGone(FactRefused):
    """A fact would be filed under a topic that no longer exists."""


class AlreadyDeleted(FactRefused):
    """Deleting a fact that is deleted."""


class NotDeleted(FactRefused):
    """Restoring a fact that is shown."""


# Translations of facts.


@dataclass(eq=False)
class BadLanguageCode(FactsError):
    """``code`` is not a language code like fr or pt-br."""

    code: str


@dataclass(eq=False)
class TranslationEmpty(FactsError):
    """A translation with nothing in it."""


class TranslationTooLong(TooLong):
    """A translation (or its translator's name) longer than it may be."""


@dataclass(eq=False)
class NoSuchTranslation(FactsError):
    """Removing a translation the fact does not have."""

    fact_id: int
    language: str


# The history of facts and topics.


@dataclass(eq=False)
class HistoryRefused(FactsError):
    """A change to the history of the ``entity`` named ``name`` that cannot be made."""

    entity: Entity
    name: str


class NothingChanged(HistoryRefused):
    """A change that leaves the fact or topic as it was; ``name`` is its id or name."""


class NothingToUndo(HistoryRefused):
    """Every change to the fact or topic is undone already; ``name`` is as it was asked for."""


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
class AliasRefused(FactsError):
    """The topic alias ``alias`` cannot be used."""

    alias: str


class BadAlias(AliasRefused):
    """An alias with no letter or digit in it."""


class AliasTooLong(TooLong):
    """An alias longer than an alias may be."""


@dataclass(eq=False)
class OverLimit(FactsError):
    """Something over its ``limit``."""

    limit: int


class TopicTitleTooLong(OverLimit):
    """A topic title longer than a title may be."""


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


class AliasIsName(AliasRefused):
    """Removing a topic's own name as if it were an alias."""


@dataclass(eq=False)
class TopicHasFacts(FactsError):
    """Removing a topic that facts (shown or deleted) are still filed under."""

    topic: str
    count: int


# Sources.


@dataclass(eq=False)
class SourceRefused(FactsError):
    """A change or lookup refused because of the source ``source_id``."""

    source_id: str


class NoSuchSource(SourceRefused):
    """No source has this id."""


class BadSourceId(SourceRefused):
    """A source id that is not lower-case letters, digits and dashes."""


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


class SourceTextTooLong(OverLimit):
    """A source text longer than a text may be."""


class SourceIdTaken(SourceRefused):
    """A new source with the id of a stored one."""


class RepeatedSource(SourceRefused):
    """A new source with the title, author and date of the stored ``source_id``."""


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
class TextFileHardLinked(FactsError):
    """A source text file in an import folder that has other names (``links`` in all)."""

    links: int


@dataclass(eq=False)
class TextFileNotRegular(FactsError):
    """A folder, FIFO or device where a source text file should be."""


@dataclass(eq=False)
class TextFileTooLarge(FactsError):
    """A source text file over the limit, in bytes."""

    size: int
    limit: int


class TextFileGrew(OverLimit):
    """A source text file that grew past the limit while it was read."""


@dataclass(eq=False)
class TextFileNotUtf8(FactsError):
    """A source text file that is not UTF-8; ``reason`` and ``at`` say where it fails."""

    reason: str
    at: int
