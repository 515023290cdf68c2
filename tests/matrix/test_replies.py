"""Commands in a real Matrix room: each answered once, as an m.notice replying to the command."""

from __future__ import annotations

import html
import re

from nio import RoomMessageNotice

from tests.matrix.conftest import CITATION, Bots, People, room_with_bot


def visible(formatted: str) -> str:
    """What a reader sees of an HTML body: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", formatted))


async def test_fact_commands_reply_as_cited_notices(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    for command, expected in [
        ("!iom", "The International Organisation for Migration (IOM)"),
        ("!facts varrp", "Voluntary Assisted Return and Reintegration Programme (VARRP)"),
        ("!facts search waiver", "sign a waiver"),
    ]:
        asked = await alice.say(room, command)
        reply = await alice.reply(asked)
        content = reply.source["content"]
        assert content["msgtype"] == "m.notice"
        assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": asked}}
        assert content["m.mentions"] == {}
        assert expected in content["body"]
        assert CITATION in content["body"]
        assert content["format"] == "org.matrix.custom.html"
        assert f"<sub>— {CITATION}</sub>" in content["formatted_body"]
        assert '<blockquote dir="auto">' in content["formatted_body"]
        assert expected in visible(content["formatted_body"])
        assert reply.sender == bot.user_id
    notices = [e for _, e in alice.seen if isinstance(e, RoomMessageNotice)]
    assert [e.sender for e in notices] == [bot.user_id] * 3


async def test_help_lists_the_commands(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    asked = await alice.say(room, "!help")
    reply = await alice.reply(asked)
    content = reply.source["content"]
    assert content["msgtype"] == "m.notice"
    assert content["m.relates_to"]["m.in_reply_to"]["event_id"] == asked
    for command in ("!iom", "!facts", "!help"):
        assert command in content["body"]
        assert command in visible(content["formatted_body"])


async def test_ordinary_talk_and_mistakes(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bob = await people.new("bob")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot, bob)
    chatter = await alice.say(room, "see you at the demo @room")
    unknown = await alice.say(room, "!factz varrp")
    reply = await alice.reply(unknown)
    assert "Unknown command '!factz'" in reply.source["content"]["body"]
    assert alice.replies_to(chatter) == []


async def test_user_text_cannot_notify_the_room(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    room = await room_with_bot(alice, bot)
    reply = await alice.ask(room, "!facts @room <b>x</b>")
    content = reply.source["content"]
    assert "@room" not in content["body"]
    assert "@room" not in content["formatted_body"]
    assert "<b>x</b>" not in content["formatted_body"]
    assert "&lt;b&gt;x&lt;/b&gt;" in content["formatted_body"]
    assert content["m.mentions"] == {}


async def test_the_bot_ignores_history_and_its_own_messages(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    first = await bots.start([alice.user_id])
    room = await room_with_bot(alice, first)
    await first.stop()
    old = await alice.say(room, "!iom")
    second = await bots.start([alice.user_id])
    await alice.client.room_invite(room, second.user_id)
    await alice.wait_member(room, second.user_id, "join")
    new = await alice.say(room, "!facts varrp")
    await alice.reply(new)
    assert alice.replies_to(old) == []
    assert len(alice.replies_to(new)) == 1


async def test_the_adapter_reports_its_connection_for_the_health_check(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id])
    assert bot.adapter.connected
    await bot.stop()
    assert not bot.adapter.connected
