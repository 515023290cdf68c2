"""The sync loop seen at the wire: answers go out before the next sync; restarts resume."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.matrix.store import SYNC_TOKEN_FILE
from tests.matrix.conftest import CITATION, Bots, People, room_with_bot
from tests.matrix.homeserver import Homeserver
from tests.matrix.proxy import Mark, RecordingProxy


@pytest.fixture
async def proxy(server: Homeserver) -> AsyncIterator[RecordingProxy]:
    """A recording proxy in front of the test homeserver."""
    made = RecordingProxy(server.url)
    await made.start()
    yield made
    await made.stop()


def syncs_started_while_answering(marks: list[Mark], reply_start: Mark) -> list[Mark]:
    """Syncs started after the sync that brought the command, until the reply was sent."""
    before = marks[: marks.index(reply_start)]
    brought = max(i for i, m in enumerate(before) if m.what == "end" and m.path.endswith("/sync"))
    reply_end = next(
        i for i, m in enumerate(marks) if m.what == "end" and m.number == reply_start.number
    )
    return [
        m for m in marks[brought + 1 : reply_end] if m.what == "start" and m.path.endswith("/sync")
    ]


async def test_the_reply_is_sent_before_the_next_sync_starts(
    people: People, bots: Bots, proxy: RecordingProxy
) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id], homeserver=proxy.url)
    room = await room_with_bot(alice, bot)
    for command in ("!iom", "!facts varrp", "!help"):
        reply = await alice.ask(room, command)
        assert reply.sender == bot.user_id
    sends = [m for m in proxy.requests("PUT", "/send/m.room.message/") if m.what == "start"]
    assert len(sends) == 3
    for send in sends:
        assert syncs_started_while_answering(proxy.marks, send) == []


async def test_a_restart_syncs_from_the_saved_token(
    people: People, bots: Bots, proxy: RecordingProxy
) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id], homeserver=proxy.url)
    room = await room_with_bot(alice, bot)
    await alice.ask(room, "!iom")
    # Stopped while it waits in a long poll, having handled every sync that came back (the
    # one it waits in is cancelled with it and never comes back).
    await proxy.until_waiting_in_a_sync()
    await bot.stop()
    saved = (bots.directory / bot.user_id / "matrix" / SYNC_TOKEN_FILE).read_text("utf-8")
    syncs = [m for m in proxy.requests("GET", "/sync") if m.what == "start"]
    assert syncs[0].query.get("since") is None  # a new bot: a full first sync
    assert saved == proxy.sync_tokens()[-1]  # the token of the last sync that came back

    proxy.marks.clear()
    again = await bots.start([alice.user_id], account=bot.account, homeserver=proxy.url)
    first = next(m for m in proxy.requests("GET", "/sync") if m.what == "start")
    assert first.query["since"] == saved
    assert first.query["full_state"] == "true"
    reply = await alice.ask(room, "!facts varrp")
    assert CITATION in reply.body and reply.sender == again.user_id
    await again.stop()
