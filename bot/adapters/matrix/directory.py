"""Rooms the config names by id or #alias, as room ids (aliases looked up on the homeserver)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiohttp import ClientError
from nio import AsyncClient, LocalProtocolError, RoomResolveAliasResponse

log = logging.getLogger(__name__)


async def resolve_alias(client: AsyncClient, alias: str) -> str | None:
    """The room id ``alias`` points at (GET /directory/room/{alias}), or None, logged, if none."""
    try:
        response = await client.room_resolve_alias(alias)
    except (ClientError, LocalProtocolError, TimeoutError) as problem:
        log.warning("matrix: could not look up %s: %s", alias, problem)
        return None
    if isinstance(response, RoomResolveAliasResponse):
        return str(response.room_id)
    log.warning("matrix: could not look up %s: %s", alias, response.message)
    return None


class RoomList:
    """The rooms one config list names (``key``, like matrix.home_rooms), by room id."""

    def __init__(self, key: str, entries: Iterable[str]) -> None:
        self.key = key
        self._names = {entry: entry for entry in entries if not entry.startswith("#")}
        self._aliases = [entry for entry in entries if entry.startswith("#")]

    @property
    def unresolved(self) -> bool:
        """Whether some alias has not been looked up successfully yet."""
        return bool(self._aliases)

    async def look_up(self, client: AsyncClient) -> None:
        """Look up every alias not found yet; one not found names no room until it is."""
        for alias in list(self._aliases):
            room_id = await resolve_alias(client, alias)
            if room_id is None:
                log.warning("matrix: %s: %s names no room for now", self.key, alias)
                continue
            log.info("matrix: %s: %s is %s", self.key, alias, room_id)
            self._names[room_id] = alias
            self._aliases.remove(alias)

    def name_of(self, room_id: str) -> str | None:
        """How the config names ``room_id`` (its alias or id), or None when it is not listed."""
        return self._names.get(room_id)

    def __contains__(self, room_id: object) -> bool:
        return room_id in self._names


class Aliases:
    """Room ids of the aliases announcements are sent to, each looked up once it is found."""

    def __init__(self) -> None:
        self._found: dict[str, str] = {}

    async def room_id(self, client: AsyncClient, room: str) -> str | None:
        """The id of a room named by id or #alias; None when the alias names no room now."""
        if not room.startswith("#"):
            return room
        if room not in self._found:
            found = await resolve_alias(client, room)
            if found is None:
                return None
            self._found[room] = found
        return self._found[room]
