"""An in-memory adapter for tests and benchmarks: push a message, read what the bot sent."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.model import Incoming, Invocation, Person, Place, Reply, Role, Via
from bot.core.ports import MessageHandler
from bot.core.said import Said
from bot.render.text import to_markdown, to_plain

TEST_PLACE = Place("test", "room-1", "test room")


@dataclass(frozen=True)
class Sent:
    """One message the bot sent."""

    place: Place
    reply: Reply
    reply_to: Incoming | None
    key: str | None

    @property
    def text(self) -> str:
        """The message as plain text."""
        return to_plain(self.reply)

    @property
    def markdown(self) -> str:
        """The message as Markdown."""
        return to_markdown(self.reply)


def person(role: Role = Role.MEMBER, person_id: str = "test:alice") -> Person:
    """A test person with ``role``."""
    return Person.given(person_id, person_id.split(":")[-1], role, Said("given by the test"))


class RecordingAdapter:
    """Records every send; ``push`` types a message, ``call`` picks a command, both answered."""

    platform = "test"

    def __init__(self, platform: str = "test", *, trusted_local: bool = True) -> None:
        self.platform = platform
        # Like the console by default: tests send many commands, rate limits have their own.
        self.trusted_local = trusted_local
        self.sent: list[Sent] = []
        self._on_message: MessageHandler | None = None
        self._connected = asyncio.Event()
        self._stopped = asyncio.Event()
        self._count = 0

    @property
    def connected(self) -> bool:
        """True between start and stop."""
        return self._connected.is_set() and not self._stopped.is_set()

    async def start(self, on_message: MessageHandler) -> None:
        """Accept pushed messages until stopped."""
        self._on_message = on_message
        self._connected.set()
        await self._stopped.wait()

    async def stop(self) -> None:
        """Stop accepting messages."""
        self._stopped.set()

    async def push(
        self, text: str, *, author: Person | None = None, place: Place = TEST_PLACE
    ) -> list[Sent]:
        """Deliver ``text`` as if typed by ``author`` and return the sends it caused."""
        await self._connected.wait()
        assert self._on_message is not None
        self._count += 1
        before = len(self.sent)
        incoming = Incoming(text, author or person(), place, id=f"m{self._count}")
        await self._on_message(incoming)
        return self.sent[before:]

    async def call(
        self,
        command: str,
        values: Mapping[str, object],
        *,
        author: Person | None = None,
        place: Place = TEST_PLACE,
    ) -> list[Sent]:
        """Deliver ``command`` with ``values`` as if picked from a menu; return the sends."""
        await self._connected.wait()
        assert self._on_message is not None
        self._count += 1
        before = len(self.sent)
        called = Invocation(command, values, author or person(), place)
        await self._on_message(Incoming.invoked(called, Via.MENU, f"i{self._count}"))
        return self.sent[before:]

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Record the send."""
        self.sent.append(Sent(place, reply, reply_to, key))
        return f"sent-{len(self.sent)}"
