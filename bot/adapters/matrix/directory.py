"""Rooms the config names by id or #alias, as room ids: aliases looked up once, at start-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from aiohttp import ClientError
from nio import AsyncClient, LocalProtocolError, RoomResolveAliasResponse

from bot.adapters.matrix.pins import (
    AliasMoved,
    AliasNotFound,
    AliasRefusal,
    RoomAliasesRefused,
    read_pins,
    write_pins,
)
from bot.config import MatrixSettings

log = logging.getLogger(__name__)


def config_rooms(settings: MatrixSettings, channels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every room the config names, by id or alias, with its key (like matrix.home_rooms)."""
    return [
        *(("matrix.home_rooms", room) for room in settings.home_rooms),
        *(("matrix.allow_rooms", room) for room in settings.allow_rooms),
        *((f"channels.{name}.matrix", room) for name, room in channels.items()),
    ]


async def resolve_alias(client: AsyncClient, key: str, alias: str) -> str | AliasNotFound:
    """The room id ``alias`` (named under ``key``) points at, or why there is none."""
    try:
        response = await client.room_resolve_alias(alias)
    except (ClientError, LocalProtocolError, TimeoutError) as problem:
        # A timeout says nothing of itself: its name is the reason then.
        return AliasNotFound(key, alias, str(problem) or type(problem).__name__)
    if isinstance(response, RoomResolveAliasResponse):
        return str(response.room_id)
    return AliasNotFound(key, alias, str(response.message))


async def pin_aliases(
    client: AsyncClient, store: Path, named: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """The room id of each alias among ``named`` (config key, room), pinned in ``store``.

    An alias is trusted once: the room it names the first time is pinned, and a start where
    an alias names no room, or another room than pinned, is refused with every such alias.
    """
    keys: dict[str, str] = {}
    for key, room in named:
        if room.startswith("#"):
            keys.setdefault(room, key)
    pins = await asyncio.to_thread(read_pins, store)
    found: dict[str, str] = {}
    refusals: list[AliasRefusal] = []
    for alias, key in keys.items():
        room_id = await resolve_alias(client, key, alias)
        if isinstance(room_id, AliasNotFound):
            refusals.append(room_id)
        elif pins.get(alias, room_id) != room_id:
            refusals.append(AliasMoved(key, alias, pins[alias], room_id))
        else:
            log.info("matrix: %s: %s is %s", key, alias, room_id)
            found[alias] = room_id
    if refusals:
        raise RoomAliasesRefused(store, tuple(refusals))
    if any(alias not in pins for alias in found):
        await asyncio.to_thread(write_pins, store, {**pins, **found})
    return found


class RoomList:
    """The rooms one config list names (``key``, like matrix.home_rooms), by room id."""

    def __init__(self, key: str, entries: Iterable[str], aliases: Mapping[str, str]) -> None:
        self.key = key
        self._names: dict[str, str] = {}
        for entry in entries:
            # An alias not among ``aliases`` names no room (start-up refuses one before this).
            room_id = aliases.get(entry) if entry.startswith("#") else entry
            if room_id:
                self._names[room_id] = entry

    def name_of(self, room_id: str) -> str | None:
        """How the config names ``room_id`` (its alias or id), or None when it is not listed."""
        return self._names.get(room_id)

    def __contains__(self, room_id: object) -> bool:
        return room_id in self._names


class Aliases:
    """The room ids of the aliases pinned at start-up, for sending: never looked up again."""

    def __init__(self, found: Mapping[str, str] | None = None) -> None:
        self._found = dict(found or {})

    def room_id(self, room: str) -> str | None:
        """The id of a room named by id or pinned #alias; None for an alias not pinned."""
        return self._found.get(room) if room.startswith("#") else room
