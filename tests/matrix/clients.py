"""Real nio clients acting as the people in a test room."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import (
    Api,
    AsyncClient,
    AsyncClientConfig,
    MatrixRoom,
    MegolmEvent,
    RoomCreateResponse,
    RoomMemberEvent,
    RoomMessageNotice,
    RoomMessageText,
    RoomSendResponse,
)

from tests.matrix.homeserver import Account

WAIT = 60.0


def replied_to(event: Any) -> str | None:
    """The event id a rich reply answers, if any."""
    relates = event.source.get("content", {}).get("m.relates_to", {})
    return relates.get("m.in_reply_to", {}).get("event_id")


class ChatUser:
    """A person in the test: a logged-in nio client that records everything it sees."""

    def __init__(self, url: str, account: Account, store: Path, *, encrypted: bool = False):
        self.account = account
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(
            encryption_enabled=encrypted,
            store_sync_tokens=False,
            max_timeout_retry_wait_time=1.0,
        )
        self.client = AsyncClient(url, account.user_id, store_path=str(store), config=config)
        self.client.restore_login(account.user_id, account.device_id, account.token)
        self.seen: list[tuple[str, Any]] = []
        self._syncing: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        """The tester's Matrix id."""
        return self.account.user_id

    async def start(self) -> None:
        """Sync once (so old events are not recorded), then keep syncing in the background."""
        await self.client.sync(timeout=0, full_state=True)
        self.client.add_event_callback(
            self._record, (RoomMessageNotice, RoomMessageText, MegolmEvent, RoomMemberEvent)
        )
        self._syncing = asyncio.create_task(
            self.client.sync_forever(timeout=30_000, sync_filter=FILTER)
        )
        if self.client.olm:
            await self.until(lambda: self.client.olm.account.shared, "keys uploaded")

    async def _record(self, room: MatrixRoom, event: Any) -> None:
        self.seen.append((room.room_id, event))

    async def close(self) -> None:
        """Stop syncing and close the connection."""
        if self._syncing:
            self._syncing.cancel()
            await asyncio.gather(self._syncing, return_exceptions=True)
        await self.client.close()

    async def until(self, check: Callable[[], Any], what: str, wait: float = WAIT) -> Any:
        """Poll ``check`` until it returns something truthy; fail after ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            await asyncio.sleep(0.02)
        raise AssertionError(f"{self.user_id}: gave up waiting for {what}")

    async def create_room(
        self,
        invite: list[str],
        *,
        encrypted: bool = False,
        power: dict[str, int] | None = None,
        version: str | None = None,
    ) -> str:
        """A new room with ``invite`` invited; ``power`` sets power levels."""
        state = (
            [{"type": "m.room.encryption", "state_key": "", "content": ENCRYPTION}]
            if encrypted
            else []
        )
        # From room version 12 the creator outranks power levels and must not be listed.
        creator = {self.user_id: 100} if version and int(version) < 12 else {}
        override = {"users": {**creator, **power}} if power else None
        response = await self.client.room_create(
            invite=invite, initial_state=state, power_level_override=override, room_version=version
        )
        assert isinstance(response, RoomCreateResponse), response
        await self.until(lambda: response.room_id in self.client.rooms, "the new room")
        return str(response.room_id)

    async def join(self, room_id: str) -> None:
        """Join a room this tester was invited to."""
        await self.client.join(room_id)
        await self.until(lambda: room_id in self.client.rooms, f"joining {room_id}")

    async def wait_member(self, room_id: str, user_id: str, membership: str) -> None:
        """Wait until ``user_id``'s membership in ``room_id`` becomes ``membership``."""

        def check() -> bool:
            return any(
                room == room_id
                and isinstance(event, RoomMemberEvent)
                and event.state_key == user_id
                and event.membership == membership
                for room, event in self.seen
            )

        await self.until(check, f"{user_id} to {membership} {room_id}")

    async def say(self, room_id: str, text: str, *, content: dict[str, Any] | None = None) -> str:
        """Send ``text`` as m.text (or ``content`` as is); returns the event id."""
        body = content or {"msgtype": "m.text", "body": text}
        event_type = "m.room.encrypted" if content and "ciphertext" in content else "m.room.message"
        response = await self.client.room_send(
            room_id, event_type, body, ignore_unverified_devices=True
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def send_raw(self, room_id: str, event_type: str, content: dict[str, Any]) -> Any:
        """Send an event exactly as given, unencrypted by nio, as a hostile client could."""
        method, path, data = Api.room_send(
            self.client.access_token, room_id, event_type, content, uuid.uuid4()
        )
        return await self.client._send(
            RoomSendResponse, method, path, data, response_data=(room_id,)
        )

    async def send_fake_state(self, room_id: str, event_type: str, content: dict[str, Any]) -> str:
        """An encrypted event whose plaintext claims to be room state (its type, state_key "").

        The megolm session must already be shared (send one ordinary message first).
        """
        plaintext = {"type": event_type, "content": content, "state_key": ""}
        encrypted = self.client.olm.group_encrypt(room_id, plaintext)
        response = await self.send_raw(room_id, "m.room.encrypted", encrypted)
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    def replies_to(self, event_id: str) -> list[Any]:
        """Every notice seen so far that is a rich reply to ``event_id``."""
        return [
            event
            for _, event in self.seen
            if isinstance(event, RoomMessageNotice) and replied_to(event) == event_id
        ]

    async def reply(self, event_id: str, wait: float = WAIT) -> Any:
        """The bot's first reply to ``event_id`` (waiting for it)."""
        found = await self.until(lambda: self.replies_to(event_id), f"a reply to {event_id}", wait)
        return found[0]

    async def ask(self, room_id: str, text: str) -> Any:
        """Send a command and return the bot's reply event."""
        return await self.reply(await self.say(room_id, text))


FILTER = {"room": {"timeline": {"limit": 500}}, "presence": {"not_types": ["*"]}}
ENCRYPTION = {"algorithm": "m.megolm.v1.aes-sha2"}
