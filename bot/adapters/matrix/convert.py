"""nio rooms and events to the core model, and core replies to Matrix event content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Container
from datetime import UTC, datetime
from typing import Any

from nio import InviteMemberEvent, MatrixRoom, RoomMemberEvent, RoomMessageText

from bot.config import MatrixSettings
from bot.core.model import Claim, Incoming, Person, Place, Reply
from bot.render.matrix_html import MatrixText, to_matrix

PLATFORM = "matrix"
# Matrix caps a whole event at 65,536 bytes; encryption adds about a third
# (base64) and the server adds signatures and hashes, so keep content well under.
MAX_CONTENT_BYTES = 40_000


def person_from(room: MatrixRoom, user_id: str, claims: tuple[Claim, ...]) -> Person:
    """The sender as a Person, with the claims their power in this room makes."""
    name = room.user_name(user_id) or user_id
    return Person(user_id, str(name), claims)


def place_from(room: MatrixRoom) -> Place:
    """The room as a Place."""
    return Place(PLATFORM, room.room_id, str(room.display_name))


def is_edit(event: RoomMessageText) -> bool:
    """Whether the event replaces an earlier message (an edit is not a new command)."""
    relates = event.source.get("content", {}).get("m.relates_to", {})
    return isinstance(relates, dict) and relates.get("rel_type") == "m.replace"


def command_text(event: RoomMessageText) -> str:
    """The text someone typed, without the quoted fallback of a rich reply."""
    body = str(event.body)
    relates = event.source.get("content", {}).get("m.relates_to", {})
    if not (isinstance(relates, dict) and "m.in_reply_to" in relates):
        return body
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    if index and index < len(lines) and not lines[index].strip():
        return "\n".join(lines[index + 1 :])
    return body


def incoming_from(room: MatrixRoom, event: RoomMessageText, claims: tuple[Claim, ...]) -> Incoming:
    """A text message as an Incoming (a room of two is a direct conversation)."""
    return Incoming(
        text=command_text(event),
        author=person_from(room, event.sender, claims),
        place=place_from(room),
        id=str(event.event_id),
        direct=int(room.joined_count) == 2,
        received_at=datetime.fromtimestamp(event.server_timestamp / 1000, UTC),
    )


def content_bytes(content: dict[str, Any]) -> int:
    """The size of ``content`` as JSON, with non-ASCII escaped (the worst case)."""
    return len(json.dumps(content, ensure_ascii=True).encode())


def notice_content(text: MatrixText, reply_to: str | None) -> dict[str, Any]:
    """One m.notice: plain body, HTML body, no mentions, a rich reply when ``reply_to``."""
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": text.body,
        "format": "org.matrix.custom.html",
        "formatted_body": text.html,
        # An empty m.mentions tells clients and servers this message pings nobody.
        "m.mentions": {},
    }
    if reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def reply_contents(
    reply: Reply, reply_to: str | None = None, limit: int = MAX_CONTENT_BYTES
) -> list[dict[str, Any]]:
    """The event contents for ``reply``: one, or several cut between quotes when too big."""
    # The texts add their JSON size to that of an empty notice (see json_size).
    room = limit - content_bytes(notice_content(MatrixText("", ""), reply_to))
    return [notice_content(text, reply_to) for text in to_matrix(reply, room)]


def transaction_ids(key: str, count: int) -> list[str]:
    """The transaction id of each part: the key itself, then ``key.1``, ``key.2``..."""
    return [key if index == 0 else f"{key}.{index}" for index in range(count)]


def reply_key(event_id: str) -> str:
    """The idempotency key of the answer to one event, so a resend is the same answer."""
    return "re-" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


def invite_allowed(
    settings: MatrixSettings, inviter: str, room_id: str, rooms: Container[str]
) -> bool:
    """Whether the allow-list lets ``inviter`` bring the bot into ``room_id`` (``rooms``: by id)."""
    server = inviter.partition(":")[2]
    allowed = inviter in settings.allow_inviters or server in settings.allow_servers
    return allowed or room_id in rooms


def inviter_of(invite_state: list[Any], user_id: str) -> str:
    """Who invited the bot, from an invited room's stripped state.

    The real invite comes last and whole (with its event id); stripped events before it may
    be anyone's unsigned claims (MSC4319), so the last match with an event id wins.
    """
    invites = [
        event
        for event in invite_state
        if isinstance(event, InviteMemberEvent)
        and event.state_key == user_id
        and event.membership == "invite"
    ]
    whole = [event for event in invites if event.source.get("event_id")]
    chosen = (whole or invites)[-1:]
    return str(chosen[0].sender) if chosen else ""


def after_own_join(events: list[Any], user_id: str) -> list[Any]:
    """The events of a newly joined room after the bot's own join: the rest is history."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if (
            isinstance(event, RoomMemberEvent)
            and event.state_key == user_id
            and event.membership == "join"
        ):
            return events[index + 1 :]
    return []
