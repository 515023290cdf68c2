"""The group's Matrix rooms: power that counts in its home rooms, and rooms it may be invited to."""

from __future__ import annotations

from collections.abc import Mapping

from nio import SyncResponse

from bot.adapters.matrix.convert import invite_allowed
from bot.adapters.matrix.directory import RoomList
from bot.adapters.matrix.powers import RoomPowers
from bot.config import MatrixSettings
from bot.core.model import Claim


class RoomAuthority:
    """Power read from real room state, which counts only in the rooms the group calls home.

    ``aliases`` are the room ids the config's aliases were pinned to at start-up.
    """

    def __init__(self, settings: MatrixSettings, aliases: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.powers = RoomPowers()
        found = aliases or {}
        self.home = RoomList("matrix.home_rooms", settings.home_rooms, found)
        self.allowed = RoomList("matrix.allow_rooms", settings.allow_rooms, found)

    def note(self, response: SyncResponse) -> None:
        """Take in the state of each joined room in a sync; forget the rooms left."""
        for room_id, info in response.rooms.join.items():
            self.powers.note(room_id, [*info.state, *info.timeline.events])
        for room_id in response.rooms.leave:
            self.powers.forget(room_id)

    def claims(self, room_id: str, user_id: str) -> tuple[Claim, ...]:
        """What ``user_id``'s power in ``room_id`` claims (counted only in a home room)."""
        return self.powers.claims(room_id, user_id, self.settings, self.home.name_of(room_id))

    def invite_allowed(self, inviter: str, room_id: str) -> bool:
        """Whether the allow-list lets ``inviter`` bring the bot into ``room_id``."""
        return invite_allowed(self.settings, inviter, room_id, self.allowed)
