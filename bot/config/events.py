"""The [channels.<name>] and [events] sections: where announcements go, and how reminders behave."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.matrix import ROOM_HELP, is_room
from bot.config.reader import Reader
from bot.core.model import Place

CHANNEL_PLATFORMS = ("discord", "matrix", "console", "file")
CONSOLE_CHANNEL = "console"


@dataclass(frozen=True)
class EventSettings:
    """How events and reminders behave."""

    organisers_channel: str = ""
    grace_seconds: int = 15 * 60
    default_reminders: tuple[int, ...] = (86400, 7200, 0)
    max_events_per_person_per_hour: int = 10


def parse_channels(read: Reader) -> dict[str, tuple[Place, ...]]:
    """[channels.<name>]: where announcements go on each platform."""
    found: dict[str, tuple[Place, ...]] = {}
    for name, table in read.table("channels").items():
        section = f"channels.{name}"
        if not isinstance(table, dict):
            read.problems.append(f'[{section}] must be a table, like discord = "123"')
            continue
        if not name.replace("-", "").replace("_", "").isalnum() or name != name.lower():
            read.problems.append(f"[{section}]: use a lower-case name without spaces")
        read.unknown(table, section, set(CHANNEL_PLATFORMS))
        places: list[Place] = []
        for platform in ("discord", "matrix", "file"):
            if platform in table:
                target = read.text(table, section, platform, "").strip()
                if not target:
                    read.problems.append(f"{section}.{platform}: must not be empty")
                elif problem := _malformed(platform, target):
                    read.problems.append(f"{section}.{platform}: {problem}")
                else:
                    places.append(Place(platform, target, name))
        console = table.get("console", False)
        if not isinstance(console, bool):
            read.problems.append(f"{section}.console: must be true or false")
        elif console:
            places.append(Place("console", "console", name))
        # A target that was given but refused has its own problem already.
        given = any(platform in table for platform in ("discord", "matrix", "file"))
        if not given and console is False:
            read.problems.append(
                f"[{section}]: name at least one of {', '.join(CHANNEL_PLATFORMS)}"
            )
        found[name] = tuple(places)
    return found


def _malformed(platform: str, target: str) -> str:
    """Why ``target`` cannot be a channel on ``platform`` ('' when it can)."""
    if platform == "discord" and not target.isdigit():
        return f'{target!r} is not a channel id (digits only, like "123456789012345678")'
    if platform == "matrix" and not is_room(target):
        return f"{target!r} {ROOM_HELP}"
    return ""


def parse_events(read: Reader, channels: dict[str, tuple[Place, ...]]) -> EventSettings:
    """[events]: the organisers' channel, grace, default reminders and the rate limit."""
    table = read.table("events")
    known = {"organisers_channel", "grace", "default_reminders", "max_events_per_person_per_hour"}
    read.unknown(table, "events", known)
    defaults = EventSettings()
    organisers = read.text(table, "events", "organisers_channel", "")
    if organisers and organisers not in channels:
        read.problems.append(f"events.organisers_channel: no [channels.{organisers}] section")
    grace = read.duration(table.get("grace", "15m"), "events.grace")
    reminders: list[int] = []
    raw = table.get("default_reminders", ["1d", "2h", "start"])
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        read.problems.append('events.default_reminders: must be a list like ["1d", "2h", "start"]')
    else:
        reminders = [read.duration(item, "events.default_reminders") for item in raw]
    limit = table.get("max_events_per_person_per_hour", defaults.max_events_per_person_per_hour)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        read.problems.append("events.max_events_per_person_per_hour: must be a whole number >= 1")
        limit = defaults.max_events_per_person_per_hour
    return EventSettings(
        organisers_channel=organisers,
        grace_seconds=grace,
        default_reminders=tuple(sorted(set(reminders), reverse=True)),
        max_events_per_person_per_hour=limit,
    )
