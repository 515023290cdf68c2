"""Who holds power in a Matrix room, read only from the room's real state events.

nio's own room model also takes decrypted events whose sender wrote a state type and a
state_key into the ciphertext, so a room member could make themselves "creator" or
raise their own power level there. Only state the homeserver vouches for counts here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.config import MatrixSettings
from bot.core.model import Claim, Role
from bot.core.said import Said

CREATE = "m.room.create"
POWER_LEVELS = "m.room.power_levels"
# Room versions before 12 give room creators no special power.
LEGACY_ROOM_VERSIONS = frozenset(str(number) for number in range(1, 12))
CREATOR = Said("room creator")
# Before a room has power levels, versions 1 to 11 give its creator this level.
FOUNDER_LEVEL = 100


def state_source(event: Any) -> dict[str, Any] | None:
    """The JSON of ``event`` when it is real room state with an empty state key, else None.

    A decrypted event is never state (its sender chose its type and every field in it),
    and neither is an event without a ``state_key``, whatever its type says.
    """
    if getattr(event, "decrypted", False):
        return None
    source = getattr(event, "source", None)
    if not isinstance(source, dict) or source.get("state_key") != "":
        return None
    return source


def creators_from(source: dict[str, Any]) -> frozenset[str] | None:
    """Who holds unlimited power (room version 12 on), if ``source`` is an m.room.create event."""
    if source.get("type") != CREATE or source.get("state_key") != "":
        return None
    content = source.get("content")
    content = content if isinstance(content, dict) else {}
    if str(content.get("room_version", "1")) in LEGACY_ROOM_VERSIONS:
        return frozenset()
    extra = content.get("additional_creators", [])
    extra = extra if isinstance(extra, list) else []
    return frozenset([str(source.get("sender", "")), *(x for x in extra if isinstance(x, str))])


def level_of(value: Any, default: int) -> int:
    """A power level as the spec reads it: an integer (old rooms allow digits in a string)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return default


@dataclass
class RoomPower:
    """One room's creators and power levels, as its real state says."""

    creators: frozenset[str] = frozenset()
    founder: str = ""
    levels: dict[str, Any] | None = None

    def level(self, user_id: str) -> int | None:
        """``user_id``'s power level; None for a creator, whose power has no limit."""
        if user_id in self.creators:
            return None
        if self.levels is None:
            return FOUNDER_LEVEL if user_id == self.founder else 0
        users = self.levels.get("users")
        default = level_of(self.levels.get("users_default", 0), 0)
        if isinstance(users, dict) and user_id in users:
            return level_of(users[user_id], default)
        return default


class RoomPowers:
    """Every joined room's creators and power levels, from sync state and timeline state."""

    def __init__(self) -> None:
        self._rooms: dict[str, RoomPower] = {}

    def note(self, room_id: str, events: Iterable[Any]) -> None:
        """Take in ``events`` in order (a sync's state, then its timeline); others are ignored."""
        for event in events:
            source = state_source(event)
            if source is None:
                continue
            room = self._rooms.setdefault(room_id, RoomPower())
            creators = creators_from(source)
            if creators is not None:
                room.creators = creators
                room.founder = str(source.get("sender", ""))
            elif source.get("type") == POWER_LEVELS:
                content = source.get("content")
                room.levels = content if isinstance(content, dict) else {}

    def forget(self, room_id: str) -> None:
        """Drop what is known of a room the bot left."""
        self._rooms.pop(room_id, None)

    def claims(
        self, room_id: str, user_id: str, settings: MatrixSettings, home: str | None
    ) -> tuple[Claim, ...]:
        """What ``user_id``'s power in the room claims; it counts only in a ``home`` room."""
        room = self._rooms.get(room_id)
        if room is None:
            return ()
        level = room.level(user_id)
        if level is None:
            role, power = Role.ADMIN, CREATOR
        elif level >= settings.admin_power:
            role, power = Role.ADMIN, Said("power {level}", level=level)
        elif level >= settings.organiser_power:
            role, power = Role.ORGANISER, Said("power {level}", level=level)
        else:
            return ()
        if home is None:
            return (Claim.elsewhere(role, power, "room"),)
        return (Claim.at_home(role, power, "room", home),)
