"""The homeserver goes away for 20 s and comes back: the bot carries on, nothing is lost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from nio import RoomMessageNotice

from tests.matrix.conftest import CITATION, Bots, People, add_bot
from tests.matrix.homeserver import Homeserver

OUTAGE_SECONDS = 20
STARTING = "Starting now: Vigil at the IOM office"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Homeserver]:
    """A homeserver of this test's own, since the test stops it."""
    own = Homeserver(tmp_path / "synapse")
    own.start()
    yield own
    own.stop()


async def test_bot_answers_and_reminds_after_the_homeserver_restarts(
    server: Homeserver, people: People, bots: Bots, record_property: pytest.RecordProperty
) -> None:
    alice = await people.new("alice")
    room = await alice.create_room([])
    bot = await bots.start([alice.user_id], channels={"main": room}, home_rooms=(room,))
    await add_bot(alice, room, bot)
    added = await alice.ask(
        room, '!event add "Vigil at the IOM office" in 5 seconds remind:start channels:main'
    )
    assert added.body.startswith("Added: #1")

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

    def reminders() -> list[RoomMessageNotice]:
        return [e for _, e in alice.seen if isinstance(e, RoomMessageNotice) and STARTING in e.body]

    (reminder,) = await alice.until(reminders, "the reminder due during the outage")
    await alice.ask(room, "!events")
    await asyncio.sleep(3)
    assert len(reminders()) == 1
    (row,) = await bot.app.events.deliveries.for_event(1)
    assert row.state in ("sent", "late") and row.message_id == reminder.event_id
