"""The Matrix adapter: nio sync loop, invites, encrypted rooms and sending replies."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Mapping
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    MatrixRoom,
    MegolmEvent,
    RoomMessageText,
    SyncError,
    SyncResponse,
)

from bot.adapters.matrix.authority import RoomAuthority
from bot.adapters.matrix.convert import (
    after_own_join,
    incoming_from,
    inviter_of,
    is_edit,
    place_from,
)
from bot.adapters.matrix.direct import DirectRooms, deliver_privately
from bot.adapters.matrix.directory import Aliases, config_rooms, pin_aliases
from bot.adapters.matrix.gap import missed_events
from bot.adapters.matrix.sending import SendFailed, send_reply
from bot.adapters.matrix.session import (
    UNKNOWN_TOKEN,
    MatrixLogin,
    keep_keys_current,
    open_client,
    refused,
)
from bot.adapters.matrix.sync_state import STALE_AFTER_S, SYNC_TIMEOUT_MS, SyncToken, sync_filter
from bot.adapters.matrix.undecryptable import Undecryptable
from bot.config import CREDENTIALS_FILE, MatrixSettings
from bot.core.model import Incoming, Person, Place, Reply
from bot.core.ports import Explain, MessageHandler

log = logging.getLogger(__name__)

REMEMBERED_EVENTS = 10_000
# A send made while the bot is still connecting waits this long for it.
CONNECT_WAIT = 20.0
# The next sync waits this long at most for the answers to the last one to be sent: a sync
# request arriving while Synapse stores a reply slows that reply down (as a bare client
# whose callbacks are awaited, the bot answers first and syncs after).
ANSWER_WAIT = 2.0


class MatrixAdapter:
    """Serves every Matrix room the bot is in; joins the rooms the allow-list lets it."""

    platform = "matrix"
    delivers_privately = True

    def __init__(
        self,
        settings: MatrixSettings,
        login: MatrixLogin,
        store: Path,
        *,
        concurrency: int = 8,
        channels: Mapping[str, str] | None = None,
    ) -> None:
        """``channels``: the announcement rooms the config names, by channel name."""
        self.settings = settings
        self.channels = dict(channels or {})
        self.login = login
        self.store = store
        self.ready = asyncio.Event()
        self._filter = sync_filter(settings.timeline_limit)
        self._client: AsyncClient | None = None
        self._stopped = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._rooms: set[str] = set()
        self.authority = RoomAuthority(settings)
        self._aliases = Aliases()
        self._direct = DirectRooms(store)
        self._undecryptable = Undecryptable()
        self._last_sync = 0.0
        self._token = SyncToken(store)

    def use_words(self, explain: Explain) -> None:
        """Say the bot's own words (a message it could not decrypt) in each room's language."""
        self._undecryptable.words = explain

    async def start(self, on_message: MessageHandler) -> None:
        """Log in, skip what happened before now, then answer until stopped."""
        self._client = await open_client(self.settings, self.login, self.store)
        try:
            listening = asyncio.create_task(self._run(self._client, on_message))
            stopping = asyncio.create_task(self._stopped.wait())
            try:
                await asyncio.wait({listening, stopping}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (listening, stopping):
                    task.cancel()
                await asyncio.gather(stopping, return_exceptions=True)
            if listening.done() and not listening.cancelled():
                listening.result()
            else:
                await asyncio.gather(listening, return_exceptions=True)
        finally:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._token.save()
            await self._client.close()
            self._client = None
            self.ready.clear()

    def room_id(self, room: str) -> str:
        """The id of a room the config names, by id or by an alias pinned at start-up."""
        return self._aliases.room_id(room) or room

    async def stop(self) -> None:
        """Stop syncing; replies still being sent are cancelled."""
        self._stopped.set()

    @property
    def connected(self) -> bool:
        """True while syncs with the homeserver keep succeeding."""
        return self.ready.is_set() and time.monotonic() - self._last_sync < STALE_AFTER_S

    def places(self) -> list[Place]:
        """The rooms the bot is in and listening to."""
        client = self._client
        if client is None:
            return []
        return [
            place_from(room) for room_id, room in client.rooms.items() if room_id in self._rooms
        ]

    async def _run(self, client: AsyncClient, on_message: MessageHandler) -> None:
        """One full sync whose messages are history, then the long-poll loop."""
        history_filter = sync_filter(1)
        since = await self._token.read()
        await self._pin_aliases(client)
        first = await client.sync(
            timeout=0, sync_filter=history_filter, since=since, full_state=True
        )
        while isinstance(first, SyncError):
            await self._sync_failed(first)
            first = await client.sync(timeout=0, sync_filter=history_filter, full_state=True)
        self._last_sync = time.monotonic()
        await self._after_sync(client, first)
        self.authority.note(first)
        self._rooms = set(client.rooms)
        await self._token.handled(first.next_batch)
        log.info("matrix: listening in %d room(s)", len(self._rooms))
        self.ready.set()
        while True:
            since = client.next_batch
            response = await client.sync(timeout=SYNC_TIMEOUT_MS, sync_filter=self._filter)
            if isinstance(response, SyncError):
                await self._sync_failed(response)
                continue
            self._last_sync = time.monotonic()
            await self._after_sync(client, response)
            self.authority.note(response)
            answering: list[asyncio.Task[None]] = []
            for room_id, info in response.rooms.join.items():
                room = client.rooms.get(room_id)
                if room is None:
                    continue
                events = list(info.timeline.events)
                if room_id not in self._rooms:
                    events = after_own_join(events, client.user_id)
                elif info.timeline.limited and since:
                    events = await missed_events(client, room_id, info.timeline.prev_batch, since)
                    events += info.timeline.events
                self._rooms.add(room_id)
                answering += self._dispatch(client, room, events, on_message)
            for room_id in response.rooms.leave:
                if room_id in self._rooms:
                    log.info("matrix: no longer in %s", room_id)
                self._rooms.discard(room_id)
            if answering:
                await asyncio.wait(answering, timeout=ANSWER_WAIT)
            await self._token.handled(response.next_batch)

    async def _pin_aliases(self, client: AsyncClient) -> None:
        """Look up the config's aliases once, for good; refuse to start on one moved or lost."""
        named = config_rooms(self.settings, self.channels)
        found = await pin_aliases(client, self.store, named)
        self.authority = RoomAuthority(self.settings, found)
        self._aliases = Aliases(found)

    async def _sync_failed(self, response: SyncError) -> None:
        """Stop on a refused token (nio would retry it forever); otherwise wait and retry."""
        if response.status_code == UNKNOWN_TOKEN:
            stored = None if self.login.token else self.store / CREDENTIALS_FILE
            raise refused(self.settings, response.status_code, stored)
        wait = (response.retry_after_ms or 1000) / 1000
        log.warning("matrix sync failed (%s): retrying in %.1f s", response.message, wait)
        await asyncio.sleep(wait)

    async def _after_sync(self, client: AsyncClient, response: SyncResponse) -> None:
        """Keep encryption keys current and answer invites."""
        await keep_keys_current(client)
        for room_id, info in response.rooms.invite.items():
            await self._answer_invite(
                client, room_id, inviter_of(info.invite_state, client.user_id)
            )
        self._direct.note_sync()

    async def _answer_invite(self, client: AsyncClient, room_id: str, inviter: str) -> None:
        """Join when the allow-list lets ``inviter``; otherwise refuse the invite."""
        if self.authority.invite_allowed(inviter, room_id):
            log.info("matrix: joining %s (invited by %s)", room_id, inviter)
            await client.join(room_id)
        else:
            log.info("matrix: refusing invite to %s from %s (not allowed)", room_id, inviter)
            await client.room_leave(room_id)

    def _dispatch(
        self, client: AsyncClient, room: MatrixRoom, events: list[Any], on_message: MessageHandler
    ) -> list[asyncio.Task[None]]:
        """Start answering each new command, and explaining each undecryptable message, once."""
        started = []
        for event in events:
            event_id = getattr(event, "event_id", None)
            if not event_id or event_id in self._seen or event.sender == client.user_id:
                continue
            self._remember(event_id)
            if isinstance(event, MegolmEvent):
                if self._undecryptable.allow(room.room_id, event.sender):
                    log.warning("matrix: cannot decrypt %s in %s", event_id, room.room_id)
                    started.append(self._spawn(self._explain(room, event)))
            elif isinstance(event, RoomMessageText) and not is_edit(event):
                claims = self.authority.claims(room.room_id, event.sender)
                incoming = incoming_from(room, event, claims)
                started.append(self._spawn(on_message(incoming)))
        return started

    def _remember(self, event_id: str) -> None:
        """Note an event as handled, forgetting the oldest beyond a bound."""
        self._seen[event_id] = None
        if len(self._seen) > REMEMBERED_EVENTS:
            self._seen.popitem(last=False)

    def _spawn(self, work: Awaitable[None]) -> asyncio.Task[None]:
        """Run ``work`` in the background, a few at a time, logging failures."""

        async def limited() -> None:
            async with self._slots:
                try:
                    await work
                except Exception:
                    log.exception("matrix: handling a message failed")

        task = asyncio.create_task(limited())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _explain(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """Tell the room, in reply to it, that a message could not be decrypted."""
        place = place_from(room)
        about = Incoming("", Person(event.sender, event.sender), place, id=event.event_id)
        await self.send(place, await self._undecryptable.reply(place), reply_to=about)

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Post ``reply`` as m.notice; ``key`` is the transaction id, so a resend is one event.

        A private reply goes to its asker alone, in the direct room the bot keeps with them,
        and a note that it did goes where they asked.
        """
        if not self.ready.is_set():
            try:
                await asyncio.wait_for(self.ready.wait(), CONNECT_WAIT)
            except TimeoutError:
                raise SendFailed("the Matrix adapter is not connected yet") from None
        client = self._client
        if client is None:
            raise SendFailed("the Matrix adapter is not connected")
        if reply.private:
            if reply_to is None:
                raise ValueError("a private reply answers someone: give reply_to")
            return await deliver_privately(
                client, self._aliases, self._direct, place, reply, reply_to, self._spawn
            )
        return await send_reply(client, self._aliases, place, reply, reply_to, key)
