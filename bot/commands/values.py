"""Reading typed values out of what admins type: dates, topics, fact ids."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from bot.commands.router import shorten
from bot.core.errors import UsageError, UserError
from bot.core.ports import Clock
from bot.storage.facts import FactRepository
from bot.storage.records import Topic

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def today(clock: Clock, zone: ZoneInfo) -> date:
    """The group's date now."""
    return clock.now().astimezone(zone).date()


def parse_day(text: str, what: str, today: date) -> date:
    """A YYYY-MM-DD date that is real and not after ``today``."""
    try:
        if not DAY.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"'{shorten(text, 20)}' is not a date: give {what} as YYYY-MM-DD, like 2008-12-11."
        ) from None
    if day > today:
        raise UserError(f"{what.capitalize()} {text} is in the future.")
    return day


async def find_topic(facts: FactRepository, label: str, more: str = "") -> Topic:
    """The topic called ``label`` (name or alias), or a UserError with the nearest names."""
    topic = await facts.find_topic(label)
    if topic is not None:
        return topic
    labels = await facts.topic_labels()
    matches = process.extract(
        label.lower()[:60], list(labels), scorer=fuzz.WRatio, limit=8, score_cutoff=75
    )
    nearest = list(dict.fromkeys(labels[found] for found, _, _ in matches))[:3]
    hint = f" Did you mean: {', '.join(nearest)}?" if nearest else " See the topics with !facts."
    raise UserError(f"There is no topic '{shorten(label, 40)}'.{hint}{more}")


def split_topics(text: str) -> list[str]:
    """Topic labels from 'varrp' or 'varrp, iraq'."""
    labels = [part.strip() for part in text.split(",") if part.strip()]
    if not labels:
        raise UsageError("Name at least one topic.")
    return labels
