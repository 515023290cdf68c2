"""Direct messages in the fake: DM channels the bot opens, users who typed there or closed them."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.discord_fake import payloads
from tests.discord_fake.payloads import respond

DM_CHANNEL = 1
# Discord's answer when a user accepts no direct messages from the bot.
CANNOT_MESSAGE_USER = 50007
EPHEMERAL = 1 << 6


def ephemeral(callback: dict[str, Any]) -> bool:
    """Whether an interaction response or follow-up is shown to its user only."""
    data = callback.get("data") or {}
    return bool(int(data.get("flags") or 0) & EPHEMERAL)


class DirectMessages:
    """One DM channel per user, as Discord keeps it; and the users whose DMs are closed."""

    def __init__(self, new_id: Any) -> None:
        self._new_id = new_id
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, str] = {}
        self.closed: set[str] = set()
        self.opened: list[str] = []

    def know(self, user: dict[str, Any]) -> None:
        """Remember a user, so a DM channel with them names them."""
        self.users[str(user["id"])] = user

    def channel(self, user_id: str) -> str:
        """The DM channel with ``user_id`` (the same one every time)."""
        if user_id not in self.channels:
            self.channels[user_id] = self._new_id()
        return self.channels[user_id]

    def user_of(self, channel_id: str) -> str | None:
        """Whose DM channel ``channel_id`` is, if it is one."""
        return next((u for u, c in self.channels.items() if c == channel_id), None)

    def open(self, parts: list[str], body: dict[str, Any]) -> web.Response:
        """POST /users/@me/channels: the DM channel with ``recipient_id``."""
        user_id = str(body.get("recipient_id", ""))
        if user_id not in self.users:
            return respond({"message": "Unknown User", "code": 10013}, 404)
        self.opened.append(user_id)
        data = {"id": self.channel(user_id), "type": DM_CHANNEL, "last_message_id": None,
                "recipients": [self.users[user_id]]}  # fmt: skip
        return respond(data)

    def refusal(self, channel_id: str) -> web.Response | None:
        """Discord's 403 for a message to a user whose DMs are closed, else None."""
        if self.user_of(channel_id) in self.closed:
            data = {"message": "Cannot send messages to this user", "code": CANNOT_MESSAGE_USER}
            return respond(data, 403)
        return None

    def message(self, user: dict[str, Any], message_id: str, content: str) -> dict[str, Any]:
        """MESSAGE_CREATE for ``user`` typing in their DM channel (no guild: a DM)."""
        self.know(user)
        channel_id = self.channel(str(user["id"]))
        return payloads.message(message_id, channel_id, user, content)
