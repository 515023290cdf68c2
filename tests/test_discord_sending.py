"""Sends with an idempotency key, and bounded concurrency when many go out at once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.core.model import Place, Reply
from tests.discord_fake.fixtures import Starter, discord_settings
from tests.discord_fake.server import FakeDiscord


async def test_a_resend_with_the_same_key_is_one_message(start_bot: Starter) -> None:
    bot = await start_bot()
    place = Place("discord", bot.channel_id, "general")
    first = await bot.adapter.send(place, Reply.say("Picket at noon"), key="delivery-1-discord")
    again = await bot.adapter.send(place, Reply.say("Picket at noon"), key="delivery-1-discord")
    other = await bot.adapter.send(place, Reply.say("Picket at noon"), key="delivery-2-discord")
    assert first == again != other
    assert len(bot.fake.posts) == 2 and len(bot.fake.attempts) == 3
    nonces = [attempt["nonce"] for attempt in bot.fake.attempts]
    assert nonces[0] == nonces[1] != nonces[2]
    assert all(attempt["enforce_nonce"] for attempt in bot.fake.attempts)
    assert all(len(nonce) <= 25 for nonce in nonces)


async def test_many_sends_at_once_stay_within_the_bound(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    base = discord_settings(fake)
    assert base.discord is not None
    settings = replace(base, discord=replace(base.discord, max_concurrent_sends=2))
    bot = await start_bot(settings)
    fake.post_delay = 0.05
    # One reminder fanned out to twelve channels (discord.py itself serialises one channel).
    places = [Place("discord", fake.new_id(), f"channel {n}") for n in range(12)]
    sends = [bot.adapter.send(place, Reply.say("Picket at noon"), key="k") for place in places]
    ids = await asyncio.gather(*sends)
    assert len(set(ids)) == 12 and len({post.channel_id for post in fake.posts}) == 12
    assert 1 <= fake.most_in_flight <= 2
