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

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def today(clock: Clock, zone: ZoneInfo) -> date:
    """The date it is now in ``zone``."""
    return clock.now().astimezone(zone).date()


def parse_day(text: str, what: str, latest: date) -> date:
    """A YYYY-MM-DD date that is real and not after ``latest`` (today)."""
    try:
        if not DAY.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"'{shorten(text, 20)}' is not a date: give {what} as YYYY-MM-DD, like 2008-12-11."
        ) from None
    if day > latest:
        raise UserError(f"{what.capitalize()} {text} is in the future.")
    return day


async def find_topic(facts: FactStore, label: str, prefix: str, more: str = "") -> Topic:
    """The topic called ``label`` (name or alias), or a UserError with the nearest names."""
    topic = await facts.find_topic(label)
    if topic is not None:
        return topic
    nearest = await nearest_topics(facts, label)
    hint = (
        f" Did you mean: {', '.join(nearest)}?"
        if nearest
        else f" See the topics with {prefix}facts."
    )
    raise UserError(f"There is no topic '{shorten(label, 40)}'.{hint}{more}")


async def nearest_topics(facts: FactStore, label: str) -> list[str]:
    """The names of up to three topics whose name or an alias is spelled like ``label``."""
    from rapidfuzz import fuzz, process  # on the first unknown topic: ~3 MiB otherwise unused

    labels = await facts.topic_labels()
    matches = process.extract(
        label.lower()[:60], list(labels), scorer=fuzz.WRatio, limit=8, score_cutoff=75
    )
    return list(dict.fromkeys(labels[found] for found, _, _ in matches))[:3]
