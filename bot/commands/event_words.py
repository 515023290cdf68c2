"""The pieces every event answer and post is written with: times, repeats, headlines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.dates import day_and_time
from bot.core.model import Moment, Span
from bot.events.records import Event
from bot.render.mentions import defuse_mentions

FREQ_NAMES = {
    "HOURLY": "hour",
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
}


def format_time(when: datetime, zone: ZoneInfo, now: datetime | None = None) -> str:
    """``when`` in the group's zone with the zone's name: 'Sat 5 Dec, 14:00 GMT'."""
    local = when.astimezone(zone)
    return day_and_time(local, year=now is None or now.astimezone(zone).year != local.year)


def describe_rule(rule: str) -> str:
    """'every week', 'every 2 weeks', or the rule itself."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if set(parts) <= {"FREQ", "INTERVAL"} and parts.get("FREQ") in FREQ_NAMES:
        name = FREQ_NAMES[parts["FREQ"]]
        interval = parts.get("INTERVAL", "1")
        if not interval.isdecimal():
            return f"repeats ({rule})"
        count = int(interval)
        return f"every {name}" if count == 1 else f"every {count} {name}s"
    return f"repeats ({rule})"


def user_text(text: str) -> str:
    """Text someone typed, unable to ping anyone (renderers escape markup on top)."""
    return defuse_mentions(text)


def moment(when: datetime, zone: ZoneInfo, now: datetime, relative: bool = True) -> Moment:
    """``when`` as a Moment written in the group's zone."""
    return Moment(when, format_time(when, zone, now), relative)


def headline(event: Event, zone: ZoneInfo, now: datetime) -> list[Span]:
    """'#3 Picket at IOM office — Sat 5 Dec, 14:00 GMT, at IOM office (every week)'."""
    parts: list[Span] = [f"#{event.id} {user_text(event.title)} — "]
    parts.append(moment(event.next_start, zone, now))
    if event.place:
        parts.append(f", at {user_text(event.place)}")
    if event.rule:
        parts.append(f" ({describe_rule(event.rule)})")
    if event.cancelled:
        parts.append(" [cancelled]")
    return parts


def separated(groups: list[list[Span]], separator: str = "; ") -> list[Span]:
    """The groups of spans one after another with ``separator`` between them."""
    out: list[Span] = []
    for index, group in enumerate(groups):
        out += [separator, *group] if index else group
    return out
