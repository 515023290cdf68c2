"""The homeserver goes away for 20 s and comes back: the bot carries on."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.matrix.conftest import CITATION, Bots, People, room_with_bot
from tests.matrix.homeserver import Homeserver

OUTAGE_SECONDS = 20


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Homeserver]:
    """A homeserver of this test's own, since the test stops it."""
    own = Homeserver(tmp_path / "synapse")
    own.start()
    yield own
    own.stop()


async def test_bot_answers_again_after_the_homeserver_restarts(
    server: Homeserver, people: People, bots: Bots, record_property: pytest.RecordProperty
) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    await alice.ask(room, "!iom")

    await server.astop()
    await asyncio.sleep(OUTAGE_SECONDS)
    assert not bot.task.done(), "the bot gave up during the outage"
    await server.astart()
    back = time.monotonic()
    asked = await alice.say(room, "!facts varrp")
    reply = await alice.reply(asked)
    recovery = time.monotonic() - back
    record_property("seconds_to_first_answer_after_restart", round(recovery, 2))
    print(f"first answer {recovery:.2f} s after Synapse answered again")
    assert CITATION in reply.body
    assert len(alice.replies_to(asked)) == 1
