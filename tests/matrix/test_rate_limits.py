"""Synapse's default rate limits: the bot is slowed down but loses nothing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.matrix.conftest import Bots, People, room_with_bot
from tests.matrix.homeserver import Homeserver

# Synapse lets a user send a burst of 10 messages, then one per 5 s.
PER_PERSON = 7


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Homeserver]:
    """A homeserver with Synapse's default rate limits."""
    own = Homeserver(tmp_path / "synapse", default_rate_limits=True)
    own.start()
    yield own
    own.stop()


async def test_default_rate_limits_lose_nothing(
    people: People, bots: Bots, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="nio")
    alice = await people.new("alice")
    bob = await people.new("bob")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, bob)
    asked = await asyncio.gather(
        *(person.say(room, "!facts varrp") for _ in range(PER_PERSON) for person in (alice, bob))
    )
    for event_id in asked:
        await alice.reply(event_id, wait=240)
    assert all(len(alice.replies_to(event_id)) == 1 for event_id in asked)
    assert any("ratelimited" in record.getMessage() for record in caplog.records)
