"""Command rate limits through discord.py and the loopback Discord: one flood, one warning."""

from __future__ import annotations

from dataclasses import replace

from bot.config import LimitSettings
from tests.discord_fake.fixtures import Starter, discord_settings
from tests.discord_fake.server import FakeDiscord

# Three commands per person in a window far longer than the test: the fourth is the flood.
LIMITS = LimitSettings(person=3, room=100, window_seconds=3600, cooldown_seconds=3600)
FLOOD = 12


async def test_a_flood_is_answered_once_and_another_person_still_is(
    fake: FakeDiscord, start_bot: Starter
) -> None:
    bot = await start_bot(replace(discord_settings(fake), limits=LIMITS))
    alice = bot.user("alice")
    flood = [await fake.say(fake.home, alice, "!fact 8") for _ in range(FLOOD)]
    # Bob speaks after the whole flood, in the same channel, and is answered.
    calm = await bot.ask("!facts varrp", user="bob")
    assert "VARRP" in calm.text
    await fake.wait_for(lambda: all(fake.replies_to(m) for m in flood[:4]))
    # discord.py hands messages to the bot in gateway order, so by the time Bob's second
    # command is answered every one of Alice's has been judged.
    again = await bot.ask("!iom", user="bob")
    assert "International Organisation for Migration" in again.text
    replies = [fake.replies_to(message_id) for message_id in flood]
    assert [len(sent) for sent in replies] == [1] * 4 + [0] * (FLOOD - 4)
    assert all("#8" in sent[0].text for sent in replies[:3])
    assert replies[3][0].text.startswith("Slow down, please")
    assert "Slow down" not in calm.text + again.text
    assert len(fake.posts) == 6
