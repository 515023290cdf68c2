"""The group's Matrix rooms: power that counts in its home rooms, and rooms it may be invited to."""

from __future__ import annotations

from nio import AsyncClient, SyncResponse

from bot.adapters.matrix.convert import invite_allowed
from bot.adapters.matrix.directory import RoomList
from bot.adapters.matrix.powers import RoomPowers
from bot.config import MatrixSettings
from bot.core.model import Claim


class RoomAuthority:
    """Power read from real room state, which counts only in the rooms the group calls home."""

    def __init__(self, settings: MatrixSettings) -> None:
        self.settings = settings
        self.powers = RoomPowers()
        self.home = RoomList("matrix.home_rooms", settings.home_rooms)
        self.allowed = RoomList("matrix.allow_rooms", settings.allow_rooms)

    async def look_up(self, client: AsyncClient) -> None:
        """Look up the aliases among the home and allowed rooms that are not found yet."""
        for rooms in (self.home, self.allowed):
            if rooms.unresolved:
                await rooms.look_up(client)

    def note(self, response: SyncResponse) -> None:
        """Take in the state of each joined room in a sync; forget the rooms left."""
        for room_id, info in response.rooms.join.items():
            self.powers.note(room_id, [*info.state, *info.timeline.events])
        for room_id in response.rooms.leave:
            self.powers.forget(room_id)

    def claims(self, room_id: str, user_id: str) -> tuple[Claim, ...]:
        """What ``user_id``'s power in ``room_id`` claims (counted only in a home room)."""
        return self.powers.claims(room_id, user_id, self.settings, self.home.name_of(room_id))

    async def invite_allowed(self, client: AsyncClient, inviter: str, room_id: str) -> bool:
        """Whether the allow-list lets ``inviter`` bring the bot into ``room_id``."""
        if invite_allowed(self.settings, inviter, room_id, self.allowed):
            return True
        if not self.allowed.unresolved:
            return False
        await self.allowed.look_up(client)
        return room_id in self.allowed
