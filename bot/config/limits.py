"""The [limits] section: command rate limits per person and per room."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.reader import Reader


@dataclass(frozen=True)
class LimitSettings:
    """How many commands one person, or one room, may send in a window (0: no limit)."""

    person: int = 5
    room: int = 20
    window_seconds: float = 10.0
    cooldown_seconds: float = 60.0


def parse_limits(read: Reader) -> LimitSettings:
    """The [limits] section."""
    table = read.table("limits")
    read.unknown(table, "limits", {"person", "room", "window_seconds", "cooldown_seconds"})
    default = LimitSettings()
    return LimitSettings(
        person=int(read.number(table, "limits", "person", default.person, whole=True)),
        room=int(read.number(table, "limits", "room", default.room, whole=True)),
        window_seconds=read.number(table, "limits", "window_seconds", default.window_seconds),
        cooldown_seconds=read.number(table, "limits", "cooldown_seconds", default.cooldown_seconds),
    )
