"""A Matrix room set to Arabic: answers in Arabic whose HTML blocks each find their direction."""

from __future__ import annotations

import re

from bot.core.bidi import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from tests.matrix.conftest import Bots, People, add_bot, group_room, room_with_bot
from tests.matrix.test_aliases import new_alias, point
from tests.matrix.test_reminders import ADD, STARTING, posts, settle


async def test_an_arabic_room_answers_in_arabic_with_every_block_dir_auto(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    bot = await bots.start([alice.user_id], admins=(alice.user_id,))
    room = await room_with_bot(alice, bot)
    set_here = (await alice.ask(room, "!language ar")).source["content"]
    assert set_here["body"] == "من الآن فصاعدًا أتحدث العربية هنا."
    assert set_here["formatted_body"] == '<p dir="auto">من الآن فصاعدًا أتحدث العربية هنا.</p>'
    content = (await alice.ask(room, "!facts varrp")).source["content"]
    html = content["formatted_body"]
    blocks = re.findall(r"<(p|blockquote)\b([^>]*)>", html)
    assert len(blocks) > 10
    assert all(attributes == ' dir="auto"' for _, attributes in blocks), blocks
    assert "حقائق، الصفحة 1 من 2" in content["body"]
    quote = "“IOM UK runs two ‘voluntary’ return programmes"
    # The English quote keeps its own direction inside the Arabic answer, whole.
    assert f"#8 {FIRST_STRONG_ISOLATE}{quote}" in content["body"]
    assert f"{POP_DIRECTIONAL_ISOLATE} (في 2008)" in content["body"]
    assert "التالي:" in content["body"]


async def test_a_channel_named_by_alias_gets_its_reminders_in_the_room_language(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    group = await group_room(alice)
    alias = new_alias(alice)
    await point(alice, alias, group)
    bot = await bots.start([alice.user_id], admins=(alice.user_id,), channels={"main": alias})
    await add_bot(alice, group, bot)
    assert (await alice.ask(group, ADD.format(8))).body.startswith("Added: #1")
    # The language is kept under the room's id; the config names the channel by its alias.
    assert (await alice.ask(group, "!language fr")).body == "Désormais, je parle français ici."
    french = "Ça commence : Vigil at the IOM office"
    await alice.until(lambda: posts(alice, group, french), "the reminder, in French")
    await settle(alice, group)
    assert posts(alice, group, STARTING) == []
