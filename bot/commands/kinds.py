"""The kinds of values commands take, with one rule for whole numbers (ids, pages) and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from bot.commands.params import Kind
from bot.commands.router import shorten
from bot.commands.values import parse_day, today
from bot.core.catalog import ValueType
from bot.core.errors import UsageError
from bot.core.ports import Clock

MAX_DIGITS = 9
NO_DATE = {"none", ""}


def whole_number(text: str, not_one: Callable[[str], str]) -> int:
    """The number in ``text`` ('12' or '#12'): decimal digits only, at most nine of them."""
    digits = text.strip().removeprefix("#")
    if not digits.isdecimal() or len(digits) > MAX_DIGITS:
        raise UsageError(not_one(shorten(text, 20)))
    return int(digits)


def numeric(text: str) -> bool:
    """Whether ``text`` is meant as a number ('2', '#2', and '²' too, to be refused as one)."""
    return text.removeprefix("#").isnumeric()


def number(description: str, not_one: Callable[[str], str], minimum: int = 1) -> Kind[int]:
    """A kind of whole number; ``not_one(shown)`` words text that is not one."""
    return Kind(
        lambda text: whole_number(text, not_one),
        description,
        type=ValueType.WHOLE_NUMBER,
        minimum=minimum,
        maximum=10**MAX_DIGITS - 1,
        looks_like=numeric,
    )


def as_typed(text: str) -> str:
    """Text kept as it was typed."""
    return text


def topic_labels(text: str) -> tuple[str, ...]:
    """Topic labels from 'varrp' or 'varrp, iraq'."""
    labels = tuple(part.strip() for part in text.split(",") if part.strip())
    if not labels:
        raise UsageError("Name at least one topic.")
    return labels


FACT_ID = number("a fact id, like 12", lambda shown: f"'{shown}' is not a fact id: "
                 "fact ids are numbers like 12.")  # fmt: skip
PAGE = number("which page, like 2", lambda shown: f"'{shown}' is not a page number: "
              "pages are numbers like 2.")  # fmt: skip
TEXT = Kind(as_typed, "words")
QUOTED = Kind(as_typed, "the words, in quotes when there are several", quoted=True)
TOPIC = Kind(as_typed, "a topic, like varrp", suggest="topic")
TOPICS = Kind(topic_labels, "topics, like varrp,iraq", shape="<topic>,...")
COMMAND = Kind(as_typed, "a command, like facts", suggest="command")
SOURCE_ID = Kind(as_typed, "a source id, like a-fake-friend", shape="<source-id>")


def day(what: str, clock: Clock, zone: ZoneInfo) -> Kind[date]:
    """A YYYY-MM-DD date not after today in ``zone``; ``what`` names it in mistakes."""
    return Kind(
        lambda text: parse_day(text, what, today(clock, zone)),
        f"{what} as YYYY-MM-DD",
        shape="YYYY-MM-DD",
    )


def day_or_none(what: str, clock: Clock, zone: ZoneInfo) -> Kind[date | None]:
    """A date as ``day`` reads it, or 'none' for no date (None)."""

    def read(text: str) -> date | None:
        if text.strip().lower() in NO_DATE:
            return None
        return parse_day(text, what, today(clock, zone))

    return Kind(read, f"{what} as YYYY-MM-DD, or none", shape="YYYY-MM-DD|none")
