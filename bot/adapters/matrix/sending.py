"""Posting a reply in a Matrix room: one m.notice event per part, resent as the same event."""

from __future__ import annotations

import uuid
from typing import Any

from nio import AsyncClient, LocalProtocolError, RoomSendResponse

from bot.adapters.matrix.convert import reply_contents, reply_key, transaction_ids
from bot.adapters.matrix.directory import Aliases
from bot.core.model import Incoming, Place, Reply


class SendFailed(RuntimeError):
    """The homeserver refused a message (the bot is not in the room, or it is forbidden)."""


async def send_reply(
    client: AsyncClient,
    aliases: Aliases,
    place: Place,
    reply: Reply,
    reply_to: Incoming | None,
    key: str | None,
) -> str:
    """Post ``reply`` in ``place`` (a room id or alias); ``key`` makes a resend the same events.

    Returns the id of the first event.
    """
    target = reply_to.id if reply_to and reply_to.id else None
    key = key or (reply_key(target) if target else uuid.uuid4().hex)
    contents = reply_contents(reply, target)
    room_id = aliases.room_id(place.id)
    if room_id is None:
        raise SendFailed(f"{place.id} is not an alias the config named at start-up")
    ids = [
        await _send_one(client, room_id, content, txn)
        for content, txn in zip(contents, transaction_ids(key, len(contents)), strict=True)
    ]
    return ids[0]


async def _send_one(client: AsyncClient, room_id: str, content: dict[str, Any], txn: str) -> str:
    """Send one event (nio itself waits out rate limits and resends the same txn)."""
    try:
        response = await client.room_send(
            room_id, "m.room.message", content, tx_id=txn, ignore_unverified_devices=True
        )
    except LocalProtocolError as problem:
        raise SendFailed(f"cannot send to {room_id}: {problem}") from None
    if not isinstance(response, RoomSendResponse):
        raise SendFailed(f"{room_id} refused the message: {response.message}")
    return str(response.event_id)
