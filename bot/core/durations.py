"""Reminder offsets and short durations as people write them: 1w, 2d, 3h, 30m, start."""

from __future__ import annotations

import re

UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
UNIT_WORDS = {
    "week": "w",
    "weeks": "w",
    "day": "d",
    "days": "d",
    "hour": "h",
    "hours": "h",
    "hr": "h",
    "hrs": "h",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
}
DURATION = re.compile(r"^\s*(-?\d{1,6})\s*([a-z]+)\s*$")


def parse_duration(text: str) -> int:
    """Seconds in ``text`` ("2h", "90m", "1 day", "start" = 0); ValueError with a reason."""
    lowered = text.strip().lower()
    if lowered in {"start", "0", "now", "at start"}:
        return 0
    match = DURATION.match(lowered)
    if not match:
        raise ValueError(f"'{text}' is not a time before the event: write it like 1d, 2h or 30m")
    number, unit = int(match.group(1)), match.group(2)
    unit = UNIT_WORDS.get(unit, unit)
    if unit not in UNITS:
        raise ValueError(f"'{text}' has an unknown unit: use w, d, h or m")
    if number < 0:
        raise ValueError(f"'{text}' is negative: reminders come before the event, like 2h")
    return number * UNITS[unit]


def format_duration(seconds: int) -> str:
    """The shortest exact form of ``seconds`` ("1d", "90m", "start")."""
    if seconds == 0:
        return "start"
    for unit, size in UNITS.items():
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def describe_duration(seconds: int) -> str:
    """``seconds`` in words ("1 day", "2 hours", "at the start")."""
    if seconds == 0:
        return "at the start"
    names = {"w": "week", "d": "day", "h": "hour", "m": "minute", "s": "second"}
    short = format_duration(seconds)
    number, unit = int(short[:-1]), short[-1]
    return f"{number} {names[unit]}{'' if number == 1 else 's'} before"
