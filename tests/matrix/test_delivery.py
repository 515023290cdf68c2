"""Nothing lost, nothing doubled: bursts, idempotent sends and long answers."""

from __future__ import annotations

import asyncio

from nio import RoomMessageNotice

from bot.core.model import Incoming, Line, Person, Place, Reply, Style
from bot.core.quotes import Citation, Quote
from tests.matrix.conftest import Bots, People, room_with_bot


async def test_burst_of_100_commands_from_two_people(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bob = await people.new("bob")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, bob)
    commands = ["!facts varrp", "!iom", "!facts waiver", "!fact 8", "!facts search waiver"]
    sends = [
        person.say(room, commands[index % len(commands)])
        for index in range(50)
        for person in (alice, bob)
    ]
    asked = await asyncio.gather(*sends)
    assert len(set(asked)) == 100
    for event_id in asked:
        await alice.reply(event_id, wait=120)
    assert all(len(alice.replies_to(event_id)) == 1 for event_id in asked)
    notices = [e for _, e in alice.seen if isinstance(e, RoomMessageNotice)]
    assert len(notices) == 100


async def test_send_with_a_key_is_one_event(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    place = Place("matrix", room)
    reminder = Reply((Line("Reminder: vigil at 18:00 @room", Style.HEADING),))
    first = await bot.adapter.send(place, reminder, key="delivery-41")
    again = await bot.adapter.send(place, reminder, key="delivery-41")
    other = await bot.adapter.send(place, reminder, key="delivery-42")
    assert first == again
    assert other != first
    await alice.until(
        lambda: any(getattr(e, "event_id", "") == other for _, e in alice.seen), "the last send"
    )
    notices = [e for _, e in alice.seen if isinstance(e, RoomMessageNotice)]
    assert [e.event_id for e in notices] == [first, other]
    assert "@room" not in notices[0].body
    assert "m.relates_to" not in notices[0].source["content"]


async def test_a_send_while_the_bot_connects_waits_for_the_connection(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    first = await bots.start([alice.user_id])
    room = await room_with_bot(alice, first)
    await first.stop()
    again = await bots.start([alice.user_id], account=first.account, wait=False)
    assert not again.adapter.ready.is_set()
    sent = await again.adapter.send(Place("matrix", room), Reply.say("Early reminder"), key="k1")
    early = await alice.until(
        lambda: [e for _, e in alice.seen if getattr(e, "event_id", "") == sent], "the post"
    )
    assert early[0].body == "Early reminder"


async def test_long_answer_is_split_between_quotes(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    asked = await alice.say(room, "not a command, just something to reply to")
    hint = await alice.reply(asked)  # a room of two is direct: the bot answers with a hint
    source = Citation("Andrea D'Cruz", "A fake friend", "Red Pepper")
    quotes = tuple(Quote(n, f"quote {n} " + "x" * 3000, source) for n in range(1, 31))
    big = Reply((Line("Thirty long quotes", Style.HEADING), *quotes), footer=source)
    about = Incoming("", Person(alice.user_id, "alice"), Place("matrix", room), id=asked)
    # Its own key: the hint already used the transaction ids of the reply to ``asked``.
    await bot.adapter.send(Place("matrix", room), big, reply_to=about, key="thirty quotes")
    footer = "— Andrea D'Cruz, 'A fake friend', Red Pepper"
    await alice.until(
        lambda: any(p.body.endswith("\n" + footer) for p in alice.replies_to(asked)), "the footer"
    )
    parts = [part for part in alice.replies_to(asked) if part.event_id != hint.event_id]
    assert len(parts) > 1
    assert parts[0].body.startswith("Thirty long quotes")
    for n in range(1, 31):
        assert sum(f"#{n} “quote {n} " + "x" * 3000 + "”" in part.body for part in parts) == 1
    assert sum(part.body.count(footer) for part in parts) == 31
