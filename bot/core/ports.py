"""Contracts between the core and the outside: chat adapters and the clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.core.menus import CommandSpec, Suggest
from bot.core.model import Incoming, Place, Reply
from bot.core.said import Said

MessageHandler = Callable[[Incoming], Awaitable[None]]


class ChatAdapter(Protocol):
    """A connection to one chat platform."""

    platform: str

    async def start(self, on_message: MessageHandler) -> None:
        """Connect and deliver every incoming message to ``on_message``."""

    async def stop(self) -> None:
        """Disconnect cleanly."""

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Post ``reply`` in ``place``; ``key`` makes a resend the same post. Returns its id."""
        ...


@runtime_checkable
class ReportsConnection(Protocol):
    """An adapter that knows whether it is connected now (the health check reads it)."""

    @property
    def connected(self) -> bool:
        """True while the platform connection is up."""
        ...


@runtime_checkable
class TrustedLocal(Protocol):
    """An adapter for one trusted person at this machine: a terminal, an in-process rig.

    Rate limits keep a flood from drowning a shared room; they never count its commands.
    """

    trusted_local: bool


@runtime_checkable
class PrivateReplies(Protocol):
    """An adapter that gives a private reply (``Reply.private``) where only the asker reads it.

    Asked in a shared room, it answers in a direct message or a reply only the asker sees,
    and leaves a short note in the room. Other adapters get private answers only where the
    conversation is direct.
    """

    delivers_privately: bool


class Clock(Protocol):
    """The current time, so tests can move it without sleeping."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


@runtime_checkable
class CommandMenu(Protocol):
    """An adapter that also offers the commands in a native menu (Discord slash commands)."""

    def offer_commands(self, commands: Sequence[CommandSpec], suggest: Suggest) -> None:
        """Use ``commands`` for the menu and ``suggest`` for argument autocompletion."""


EventOfPost = Callable[[str, str], Awaitable[int | None]]
"""``await event_of_post(platform, message_id)``: the event a post of the bot's is about."""


@runtime_checkable
class NamesRooms(Protocol):
    """An adapter whose config may name a room otherwise than by its id (a Matrix #alias)."""

    def room_id(self, room: str) -> str:
        """The id of ``room`` (``room`` itself when it is an id or a name not known)."""
        ...


@runtime_checkable
class ReactionRsvp(Protocol):
    """An adapter that turns reactions on event posts into !going / !notgoing."""

    def use_event_lookup(self, event_of_post: EventOfPost) -> None:
        """Find the event a reacted-to post is about with ``event_of_post``."""


Explain = Callable[[Place, Said], Awaitable[Reply]]
"""``await explain(place, said)``: ``said`` as an answer in the language spoken in ``place``."""


@runtime_checkable
class SpeaksUnasked(Protocol):
    """An adapter with words of its own for a room (a message it could not read)."""

    def use_words(self, explain: Explain) -> None:
        """Put those words into the room's language with ``explain``."""
