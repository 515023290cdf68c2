"""Private answers on Matrix: a direct room the bot opens with the asker, and only them."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from nio import AsyncClient, MatrixRoom, RoomCreateResponse, RoomPreset

from bot.adapters.matrix.convert import PLATFORM
from bot.adapters.matrix.directory import Aliases
from bot.adapters.matrix.sending import SendFailed, send_reply
from bot.core.model import Incoming, Place, Reply
from bot.core.private_files import write_file

log = logging.getLogger(__name__)

DIRECT_ROOMS_FILE = "direct_rooms.json"
# How long a newly opened room may take to show up in a sync before its answer is dropped.
ROOM_WAIT = 60.0
# Whoever is invited later sees nothing sent before (the bot alone may invite anyway).
HISTORY = {
    "type": "m.room.history_visibility",
    "state_key": "",
    "content": {"history_visibility": "invited"},
}
ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}
# Only the bot may invite anyone into a direct room (the asker gets the default power, 0).
ONLY_THE_BOT_INVITES = {"invite": 100}
PRIVATE_HISTORY = frozenset({"invited", "joined"})

Spawn = Callable[[Awaitable[None]], object]


def private_to(room: MatrixRoom | None, bot: str, person: str) -> bool:
    """Whether only the bot and ``person`` (joined or invited) can read what is sent in ``room``."""
    if room is None:
        return False
    members = set(room.users)  # nio counts the invited among the users
    return (
        person in members
        and members <= {bot, person}
        and room.join_rule == "invite"
        and room.history_visibility in PRIVATE_HISTORY
    )


def read_rooms(store: Path) -> dict[str, str]:
    """The direct rooms saved by earlier runs, by the person's id (none when unreadable)."""
    try:
        data = json.loads((store / DIRECT_ROOMS_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as problem:
        log.warning(
            "matrix: %s unreadable, direct rooms start afresh: %s", DIRECT_ROOMS_FILE, problem
        )
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def write_rooms(store: Path, rooms: dict[str, str]) -> None:
    """Save the direct rooms (readable by this user only), replacing the file whole."""
    text = json.dumps(rooms, indent=1, sort_keys=True)
    write_file(store / DIRECT_ROOMS_FILE, text.encode("utf-8"))


class DirectRooms:
    """One direct room per person, opened by the bot and remembered in its store."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._rooms: dict[str, str] | None = None
        self._opening: set[str] = set()
        self._locks: dict[str, asyncio.Lock] = {}
        self._synced = asyncio.Event()

    def note_sync(self) -> None:
        """Wake whoever waits for a room just opened to show up."""
        self._synced.set()
        self._synced = asyncio.Event()

    async def _saved(self) -> dict[str, str]:
        """The rooms by person, read from the store the first time."""
        if self._rooms is None:
            self._rooms = await asyncio.to_thread(read_rooms, self.store)
        return self._rooms

    async def is_direct_with(self, client: AsyncClient, room_id: str, person: str) -> bool:
        """Whether ``room_id`` is the bot's direct room with ``person``, still theirs alone."""
        if (await self._saved()).get(person) != room_id:
            return False
        return private_to(client.rooms.get(room_id), client.user_id, person)

    async def room_for(self, client: AsyncClient, person: str, encrypted: bool) -> tuple[str, bool]:
        """The direct room with ``person``, and whether it can be sent to now (False: just
        opened, and not yet seen in a sync). Raises SendFailed when none can be opened."""
        lock = self._locks.setdefault(person, asyncio.Lock())
        async with lock:
            rooms = await self._saved()
            known = rooms.get(person)
            if known in self._opening:
                return known, False
            if known and private_to(client.rooms.get(known), client.user_id, person):
                return known, True
            if known:
                # Someone else got in, or they left: that room is no longer for their eyes only.
                log.info(
                    "matrix: direct room %s is no longer %s's alone: leaving it", known, person
                )
                await client.room_leave(known)
            room_id = await self._open(client, person, encrypted)
            self._opening.add(room_id)
            rooms[person] = room_id
            try:
                await asyncio.to_thread(write_rooms, self.store, dict(rooms))
            except OSError as problem:
                log.warning("matrix: could not save %s: %s", DIRECT_ROOMS_FILE, problem)
            return room_id, False

    @staticmethod
    async def _open(client: AsyncClient, person: str, encrypted: bool) -> str:
        """Create an invite-only direct room with ``person`` invited."""
        state: list[dict[str, Any]] = [HISTORY, *([ENCRYPTION] if encrypted else [])]
        response = await client.room_create(
            is_direct=True,
            invite=[person],
            preset=RoomPreset.private_chat,
            initial_state=state,
            power_level_override=ONLY_THE_BOT_INVITES,
        )
        if not isinstance(response, RoomCreateResponse):
            raise SendFailed(f"no direct room with {person}: {response.message}")
        log.info("matrix: opened direct room %s with %s", response.room_id, person)
        return str(response.room_id)

    async def arrived(
        self, client: AsyncClient, room_id: str, person: str, wait: float = ROOM_WAIT
    ) -> bool:
        """Wait until a sync shows ``room_id`` with ``person`` invited; False after ``wait``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        try:
            while not private_to(client.rooms.get(room_id), client.user_id, person):
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return False
                try:
                    await asyncio.wait_for(self._synced.wait(), remaining)
                except TimeoutError:
                    return False
            return True
        finally:
            self._opening.discard(room_id)


def private_key(event_id: str) -> str:
    """The transaction id of the private answer to one event, so a resend is the same answer."""
    return "dm-" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


async def deliver_privately(
    client: AsyncClient,
    aliases: Aliases,
    rooms: DirectRooms,
    place: Place,
    reply: Reply,
    reply_to: Incoming,
    spawn: Spawn,
) -> str:
    """Give ``reply`` to its asker alone, in their direct room, leaving a note in ``place``.

    Returns the id of the note (or of the answer, when asked in that direct room).
    """
    asker = reply_to.author.id
    notes = reply.private
    if notes is None or await rooms.is_direct_with(client, place.id, asker):
        return await send_reply(client, aliases, place, reply, reply_to, None)
    shared = client.rooms.get(place.id)
    encrypted = bool(client.olm and shared is not None and shared.encrypted)
    try:
        room_id, ready = await rooms.room_for(client, asker, encrypted)
        direct = Place(PLATFORM, room_id, "direct message")
        key = private_key(reply_to.id)
        if ready:
            await send_reply(client, aliases, direct, reply, None, key)
        else:
            spawn(_when_arrived(client, aliases, rooms, direct, reply, asker, key))
    except SendFailed as problem:
        log.warning("matrix: private answer to %s not sent: %s", asker, problem)
        return await send_reply(client, aliases, place, notes.kept_back_note(), reply_to, None)
    return await send_reply(client, aliases, place, notes.sent_note(), reply_to, None)


async def _when_arrived(
    client: AsyncClient,
    aliases: Aliases,
    rooms: DirectRooms,
    direct: Place,
    reply: Reply,
    asker: str,
    key: str,
) -> None:
    """Send ``reply`` in a direct room just opened, once a sync has shown it."""
    if not await rooms.arrived(client, direct.id, asker):
        log.warning(
            "matrix: direct room %s never showed up: answer to %s dropped", direct.id, asker
        )
        return
    await send_reply(client, aliases, direct, reply, None, key)
