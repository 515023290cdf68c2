"""Helpers for event tests: a bot on a test clock with recording adapters as its platforms."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter, Sent, person
from bot.app import App
from bot.commands.event_texts import refusal
from bot.config import EventSettings, Settings
from bot.core.clock import ManualClock
from bot.core.model import Place, Role
from bot.events.errors import EventError

ORGANISER = person(Role.ORGANISER, "test:olu")


def settings(
    zone: str = "Europe/London",
    channels: dict[str, tuple[Place, ...]] | None = None,
    **events: object,
) -> Settings:
    """Settings with recording-adapter channels ('main' on platform test by default)."""
    return Settings(
        timezone=zone,
        channels=channels or {"main": (Place("test", "room-1", "main"),)},
        events=EventSettings(**events),  # type: ignore[arg-type]
    )


@dataclass
class Bot:
    """A running bot, its test clock and its recording platforms."""

    app: App
    clock: ManualClock
    chats: dict[str, RecordingAdapter]
    seen: int = 0
    reminders: list[Sent] = field(default_factory=list)

    @property
    def chat(self) -> RecordingAdapter:
        """The first platform (commands are typed there)."""
        return next(iter(self.chats.values()))

    async def say(self, text: str, author: object = ORGANISER) -> str:
        """Type a command and return the one reply's text."""
        sent = await self.chat.push(text, author=author)  # type: ignore[arg-type]
        assert len(sent) == 1, [s.text for s in sent]
        return sent[0].text

    async def at(self, when: datetime) -> list[Sent]:
        """Move the clock to ``when``, run the engine, and return the posts it made."""
        self.clock.set(when)
        await self.app.engine.run_due()
        return self.posts()

    def posts(self) -> list[Sent]:
        """Scheduled posts (they carry a key) since the last call."""
        everything = [s for chat in self.chats.values() for s in chat.sent if s.key]
        new, self.seen = everything[self.seen :], len(everything)
        return new


@asynccontextmanager
async def running_bot(
    db: Path,
    start: datetime,
    config: Settings | None = None,
    platforms: tuple[str, ...] = ("test",),
    clock: ManualClock | None = None,
) -> AsyncIterator[Bot]:
    """A bot on ``db`` whose clock starts at ``start``; the engine runs only when asked."""
    clock = clock or ManualClock(start)
    app = await App.open(config or settings(), db, clock=clock, wake=False)
    chats = {name: RecordingAdapter(name) for name in platforms}
    task = asyncio.create_task(app.run(list(chats.values())))
    try:
        for _ in range(1000):
            if len(app.engine.adapters) == len(chats):
                break
            await asyncio.sleep(0.01)
        yield Bot(app, clock, chats)
    finally:
        for chat in chats.values():
            await chat.stop()
        await task
        await app.close()


def utc(*parts: int) -> datetime:
    """A UTC datetime."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


SECOND = timedelta(seconds=1)


@contextmanager
def refused(pattern: str = "") -> Iterator[list[str]]:
    """Expect an events rule to refuse the block in words matching ``pattern`` (put in the list)."""
    said: list[str] = []
    with pytest.raises(EventError) as caught:
        yield said
    said.append(refusal(caught.value))
    assert re.search(pattern, said[0]), said[0]
