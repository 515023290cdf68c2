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


class DurationError(ValueError):
    """A duration that cannot be read: ``problem`` is 'shape', 'unit' or 'negative'."""

    def __init__(self, problem: str, reason: str) -> None:
        super().__init__(reason)
        self.problem = problem


def parse_duration(text: str) -> int:
    """Seconds in ``text`` ("2h", "90m", "1 day", "start" = 0); DurationError with a reason."""
    lowered = text.strip().lower()
    if lowered in {"start", "0", "now", "at start"}:
        return 0
    match = DURATION.match(lowered)
    if not match:
        reason = f"'{text}' is not a time before the event: write it like 1d, 2h or 30m"
        raise DurationError("shape", reason)
    number, unit = int(match.group(1)), match.group(2)
    unit = UNIT_WORDS.get(unit, unit)
    if unit not in UNITS:
        raise DurationError("unit", f"'{text}' has an unknown unit: use w, d, h or m")
    if number < 0:
        reason = f"'{text}' is negative: reminders come before the event, like 2h"
        raise DurationError("negative", reason)
    return number * UNITS[unit]


def format_duration(seconds: int) -> str:
    """The shortest exact form of ``seconds`` ("1d", "90m", "start")."""
    if seconds == 0:
        return "start"
    for unit, size in UNITS.items():
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
