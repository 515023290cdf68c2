"""The kinds of values commands take, with one rule for whole numbers (ids, pages) and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from bot.commands.params import Kind
from bot.commands.router import shorten
from bot.commands.values import parse_day, today
from bot.core.errors import UsageError
from bot.core.menus import ValueType
from bot.core.ports import Clock
from bot.i18n.language import ENGLISH, N_, Language

MAX_DIGITS = 9
NO_DATE = {"none", ""}

NotOne = Callable[[Language, str], str]
"""The words for text (shown as typed, shortened) that is not a number of a kind."""


def whole_number(text: str, lang: Language, not_one: NotOne) -> int:
    """The number in ``text`` ('12' or '#12'): decimal digits only, at most nine of them."""
    digits = text.strip().removeprefix("#")
    if not digits.isdecimal() or len(digits) > MAX_DIGITS:
        raise UsageError(not_one(lang, shorten(text, 20)))
    return int(digits)


def numeric(text: str) -> bool:
    """Whether ``text`` is meant as a number ('2', '#2', and '²' too, to be refused as one)."""
    return text.removeprefix("#").isnumeric()


def number(description: str, not_one: NotOne, minimum: int = 1) -> Kind[int]:
    """A kind of whole number; ``not_one(lang, shown)`` words text that is not one."""
    return Kind(
        lambda text, lang: whole_number(text, lang, not_one),
        description,
        type=ValueType.WHOLE_NUMBER,
        minimum=minimum,
        maximum=10**MAX_DIGITS - 1,
        looks_like=numeric,
    )


def as_typed(text: str, lang: Language) -> str:
    """Text kept as it was typed."""
    return text


def topic_labels(text: str, lang: Language) -> tuple[str, ...]:
    """Topic labels from 'varrp' or 'varrp, iraq'."""
    labels = tuple(part.strip() for part in text.split(",") if part.strip())
    if not labels:
        raise UsageError(lang._("Name at least one topic."))
    return labels


def not_a_fact_id(lang: Language, shown: str) -> str:
    """``shown`` is not a fact id."""
    return lang._("'{shown}' is not a fact id: fact ids are numbers like 12.", shown=shown)


def not_a_page(lang: Language, shown: str) -> str:
    """``shown`` is not a page number."""
    return lang._("'{shown}' is not a page number: pages are numbers like 2.", shown=shown)


FACT_ID = number(N_("a fact id, like 12"), not_a_fact_id)
PAGE = number(N_("which page, like 2"), not_a_page)
TEXT = Kind(as_typed, N_("words"))
QUOTED = Kind(as_typed, N_("the words, in quotes when there are several"), quoted=True)
TOPIC = Kind(as_typed, N_("a topic, like varrp"), suggest="topic")
TOPICS = Kind(topic_labels, N_("topics, like varrp,iraq"), shape="<topic>,...")
COMMAND = Kind(as_typed, N_("a command, like facts"), suggest="command")
SOURCE_ID = Kind(as_typed, N_("a source id, like a-fake-friend"), shape="<source-id>")

# The dates commands take, by what they are: the words for a mistake, and for menus.
DATES = {
    "as-of": (
        N_("'{shown}' is not a date: give the as-of date as YYYY-MM-DD, like 2008-12-11."),
        N_("The as-of date {date} is in the future."),
        N_("the as-of date as YYYY-MM-DD"),
        N_("the as-of date as YYYY-MM-DD, or none"),
    ),
    "published": (
        N_("'{shown}' is not a date: give the date as YYYY-MM-DD, like 2008-12-11."),
        N_("The date {date} is in the future."),
        N_("the date as YYYY-MM-DD"),
        N_("the date as YYYY-MM-DD, or none"),
    ),
}


def read_date(what: str, text: str, latest: date, lang: Language = ENGLISH) -> date:
    """A YYYY-MM-DD date not after ``latest``; ``what`` is a key of DATES."""
    not_one, future, _, _ = DATES[what]
    return parse_day(text, lang, not_one, future, latest)


def day(what: str, clock: Clock, zone: ZoneInfo) -> Kind[date]:
    """A YYYY-MM-DD date not after today in ``zone``; ``what`` is a key of DATES."""
    not_one, future, described, _ = DATES[what]
    return Kind(
        lambda text, lang: parse_day(text, lang, not_one, future, today(clock, zone)),
        described,
        shape="YYYY-MM-DD",
    )


def day_or_none(what: str, clock: Clock, zone: ZoneInfo) -> Kind[date | None]:
    """A date as ``day`` reads it, or 'none' for no date (None)."""
    not_one, future, _, described = DATES[what]

    def read(text: str, lang: Language) -> date | None:
        if text.strip().lower() in NO_DATE:
            return None
        return parse_day(text, lang, not_one, future, today(clock, zone))

    return Kind(read, described, shape="YYYY-MM-DD|none")
