"""What a fact, topic or source may hold: lengths, names, ids and links."""

from __future__ import annotations

import re
import unicodedata

from bot.core.text import topic_key
from bot.facts.errors import (
    AliasListedTwice,
    AliasTooLong,
    BadAlias,
    BadSourceId,
    BadSourceLink,
    BadTopicName,
    NoteTooLong,
    QuoteEmpty,
    QuoteTooLong,
    SourceFieldTooLong,
    SourceTextTooLong,
    SourceWithoutTitle,
    TopicTitleTooLong,
)
from bot.facts.records import Source, Topic

MAX_QUOTE = 2000
MAX_NOTE = 500
MAX_TOPIC_NAME = 40
TOPIC_NAME = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{MAX_TOPIC_NAME - 1}}}")
MAX_ALIAS = 60
MAX_TITLE = 200
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_FIELD = 300
MAX_TEXT = 5_000_000
LINK = re.compile(r"https?://\S+$")


def check_lengths(quote: str, note: str) -> None:
    """Refuse empty quotes and quotes or notes too long to be a quote."""
    if not quote.strip():
        raise QuoteEmpty()
    if len(quote) > MAX_QUOTE:
        raise QuoteTooLong(len(quote), MAX_QUOTE)
    if len(note) > MAX_NOTE:
        raise NoteTooLong(len(note), MAX_NOTE)


def check_topic_name(name: str) -> str:
    """``name`` if it is a valid topic name."""
    if not TOPIC_NAME.fullmatch(name):
        raise BadTopicName(name, MAX_TOPIC_NAME)
    return name


def check_alias(alias: str) -> str:
    """``alias`` with its spacing tidied, if it can be an alias."""
    alias = " ".join(alias.split())
    if not topic_key(alias):
        raise BadAlias(alias)
    if len(alias) > MAX_ALIAS:
        raise AliasTooLong(len(alias), MAX_ALIAS)
    return alias


def check_topic(topic: Topic) -> None:
    """Refuse a topic with a bad name, a long title, or a name or alias listed twice."""
    check_topic_name(topic.name)
    if len(topic.title) > MAX_TITLE:
        raise TopicTitleTooLong(MAX_TITLE)
    labels = [topic.name, *topic.aliases]
    if len(set(labels)) != len(labels):
        raise AliasListedTwice(topic.name)


def check_source(source: Source, text: str | None) -> None:
    """Refuse a source with a bad id, a missing title, over-long fields or a bad link."""
    if not SOURCE_ID.fullmatch(source.id):
        raise BadSourceId(source.id)
    if not source.title.strip():
        raise SourceWithoutTitle()
    for name in ("title", "author", "publication", "standfirst", "url"):
        if len(getattr(source, name)) > MAX_FIELD:
            raise SourceFieldTooLong(name, MAX_FIELD)
    if source.url and not LINK.match(source.url):
        raise BadSourceLink(source.url)
    if text is not None and len(text) > MAX_TEXT:
        raise SourceTextTooLong(MAX_TEXT)


def slug(title: str) -> str:
    """A source id made from a title: 'A fake friend' -> 'a-fake-friend'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:50].strip("-") or "source"
