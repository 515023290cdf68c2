"""Reading dates and finding topics by name, with words for a miss."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from bot.commands.router import shorten
from bot.core.errors import UsageError, UserError
from bot.core.ports import Clock
from bot.facts.records import Topic
from bot.facts.store import FactStore
from bot.i18n.language import ENGLISH, Language

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def today(clock: Clock, zone: ZoneInfo) -> date:
    """The date it is now in ``zone``."""
    return clock.now().astimezone(zone).date()


def parse_day(text: str, lang: Language, not_one: str, future: str, latest: date) -> date:
    """A YYYY-MM-DD date that is real and not after ``latest`` (today).

    ``not_one`` and ``future`` are the message ids for text that is not a date (``{shown}``)
    and for a date after today (``{date}``).
    """
    try:
        if not DAY.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(lang._(not_one, shown=shorten(text, 20))) from None
    if day > latest:
        raise UserError(lang._(future, date=text))
    return day


async def find_topic(
    facts: FactStore, label: str, prefix: str, more: str = "", lang: Language = ENGLISH
) -> Topic:
    """The topic called ``label`` (name or alias), or a UserError with the nearest names.

    ``more`` is said after the refusal (already in ``lang``).
    """
    topic = await facts.find_topic(label)
    if topic is not None:
        return topic
    nearest = await nearest_topics(facts, label)
    shown = shorten(label, 40)
    if nearest:
        said = lang._("There is no topic '{topic}'. Did you mean: {nearest}?", topic=shown,
                      nearest=", ".join(nearest))  # fmt: skip
    else:
        said = lang._("There is no topic '{topic}'. See the topics with {command}.",
                      topic=shown, command=f"{prefix}facts")  # fmt: skip
    raise UserError(f"{said} {more}" if more else said)


async def nearest_topics(facts: FactStore, label: str) -> list[str]:
    """The names of up to three topics whose name or an alias is spelled like ``label``."""
    from rapidfuzz import fuzz, process  # on the first unknown topic: ~3 MiB otherwise unused

    labels = await facts.topic_labels()
    matches = process.extract(
        label.lower()[:60], list(labels), scorer=fuzz.WRatio, limit=8, score_cutoff=75
    )
    return list(dict.fromkeys(labels[found] for found, _, _ in matches))[:3]
