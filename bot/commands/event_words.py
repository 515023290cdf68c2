"""The pieces every event answer and post is written with: times, repeats, headlines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.durations import format_duration
from bot.core.model import Moment, Span
from bot.events.records import Event
from bot.i18n.language import ENGLISH, Language
from bot.render.mentions import defuse_mentions

FREQUENCIES = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def format_time(
    when: datetime, zone: ZoneInfo, now: datetime | None = None, lang: Language = ENGLISH
) -> str:
    """``when`` in the group's zone with the zone's name: 'Sat 5 Dec, 14:00 GMT'."""
    local = when.astimezone(zone)
    year = now is None or now.astimezone(zone).year != local.year
    return lang.dates.day_and_time(local, year=year)


def describe_rule(rule: str, lang: Language = ENGLISH) -> str:
    """'every week', 'every 2 weeks', or the rule itself."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    interval = parts.get("INTERVAL", "1")
    simple = set(parts) <= {"FREQ", "INTERVAL"} and parts.get("FREQ") in FREQUENCIES
    if simple and interval.isdecimal():
        return _every(parts["FREQ"], int(interval), lang)
    return lang._("repeats ({rule})", rule=rule)


def _every(frequency: str, count: int, lang: Language) -> str:
    """'every week', 'every 2 weeks'."""
    n_ = lang.n_
    match frequency:
        case "HOURLY":
            return n_("every hour", "every {count} hours", count)
        case "DAILY":
            return n_("every day", "every {count} days", count)
        case "WEEKLY":
            return n_("every week", "every {count} weeks", count)
        case "MONTHLY":
            return n_("every month", "every {count} months", count)
    return n_("every year", "every {count} years", count)


def ahead(seconds: int, lang: Language = ENGLISH) -> str:
    """``seconds`` as a span of time: '1 day', '2 hours', '90 minutes'."""
    short = format_duration(seconds)
    count, unit = int(short[:-1]), short[-1]
    n_ = lang.n_
    match unit:
        case "w":
            return n_("{count} week", "{count} weeks", count)
        case "d":
            return n_("{count} day", "{count} days", count)
        case "h":
            return n_("{count} hour", "{count} hours", count)
        case "m":
            return n_("{count} minute", "{count} minutes", count)
    return n_("{count} second", "{count} seconds", count)


def before(seconds: int, lang: Language = ENGLISH) -> str:
    """A reminder's offset in words: '1 day before', 'at the start'."""
    if seconds == 0:
        return lang._("at the start")
    return lang._("{time} before", time=ahead(seconds, lang))


def user_text(text: str) -> str:
    """Text someone typed, unable to ping anyone (renderers escape markup on top)."""
    return defuse_mentions(text)


def moment(
    when: datetime, zone: ZoneInfo, now: datetime, relative: bool = True, lang: Language = ENGLISH
) -> Moment:
    """``when`` as a Moment written in the group's zone."""
    return Moment(when, format_time(when, zone, now, lang), relative)


def headline(event: Event, zone: ZoneInfo, now: datetime, lang: Language = ENGLISH) -> list[Span]:
    """'#3 Picket at IOM office — Sat 5 Dec, 14:00 GMT, at IOM office (every week)'."""
    parts: list[Span] = [f"#{event.id} {user_text(event.title)} — "]
    parts.append(moment(event.next_start, zone, now, lang=lang))
    if event.place:
        parts.append(lang._(", at {place}", place=user_text(event.place)))
    if event.rule:
        parts.append(f" ({describe_rule(event.rule, lang)})")
    if event.cancelled:
        parts.append(lang._(" [cancelled]"))
    return parts


def separated(groups: list[list[Span]], separator: str = "; ") -> list[Span]:
    """The groups of spans one after another with ``separator`` between them."""
    out: list[Span] = []
    for index, group in enumerate(groups):
        out += [separator, *group] if index else group
    return out
