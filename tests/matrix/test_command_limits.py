"""Command rate limits over a real Synapse: a flood is answered once, a neighbour still is."""

from __future__ import annotations

from nio import RoomMessageNotice

from bot.config import LimitSettings
from tests.matrix.conftest import CITATION, Bots, People, room_with_bot

# Three commands per person in a window far longer than the test: the fourth is the flood.
LIMITS = LimitSettings(person=3, room=100, window_seconds=3600, cooldown_seconds=3600)
FLOOD = 12


async def test_a_flood_is_answered_once_and_another_person_still_is(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    bob = await people.new("bob")
    bot = await bots.start([alice.user_id], limits=LIMITS)
    room = await room_with_bot(alice, bot, bob)
    flood = [await alice.say(room, "!fact 8") for _ in range(FLOOD)]
    calm = await bob.ask(room, "!facts varrp")
    assert CITATION in calm.body
    for event_id in flood[:4]:
        await alice.reply(event_id)
    # The bot judges commands in timeline order, so once Bob's second command (sent after
    # the whole flood) is answered, every one of Alice's has been judged.
    again = await bob.ask(room, "!iom")
    assert "International Organisation for Migration" in again.body
    replies = [alice.replies_to(event_id) for event_id in flood]
    assert [len(sent) for sent in replies] == [1] * 4 + [0] * (FLOOD - 4)
    assert all("#8" in sent[0].body for sent in replies[:3])
    assert replies[3][0].body.startswith("Slow down, please")
    assert "Slow down" not in calm.body + again.body
    notices = [e for _, e in bob.seen if isinstance(e, RoomMessageNotice)]
    assert [e.sender for e in notices] == [bot.user_id] * 6
