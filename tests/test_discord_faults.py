"""Discord misbehaving: foreign servers, rate limits, dropped sockets, a refused content intent."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.adapters.discord.adapter import CONTENT_INTENT_HELP
from tests.discord_fake.fixtures import Starter
from tests.discord_fake.gateway import MESSAGE_CONTENT
from tests.discord_fake.server import FakeDiscord, RateLimit


async def test_a_server_not_on_the_allow_list_is_left(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    elsewhere = fake.add_guild("Elsewhere")
    bot = await start_bot()
    await fake.wait_for(lambda: elsewhere["id"] in fake.left)
    assert fake.left == [elsewhere["id"]]
    assert set(fake.synced) == {bot.guild["id"]}


async def test_a_rate_limited_reply_arrives_after_the_wait(start_bot: Starter) -> None:
    bot = await start_bot()
    limit = RateLimit("/channels/", retry_after=0.4)
    bot.fake.rate_limits.append(limit)
    post = await bot.ask("!iom")
    assert len(limit.hits) == 1
    assert post.at - limit.hits[0] >= limit.retry_after
    assert len(bot.fake.posts) == 1 and len(bot.fake.attempts) == 1


async def test_after_a_dropped_socket_the_bot_resumes_and_answers(start_bot: Starter) -> None:
    bot = await start_bot()
    await bot.fake.gateway.drop()
    post = await bot.ask("!facts varrp")
    assert post.embeds[0]["title"].startswith("#8")
    assert bot.fake.gateway.resumes == 1
    assert len(bot.fake.gateway.identifies) == 1, "resumed, not identified again"


def intent_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage() == CONTENT_INTENT_HELP]


async def test_refused_content_intent_is_logged_and_slash_commands_work(
    start_bot: Starter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.gateway.refuse_content_intent = True
    bot = await start_bot()
    first, second = fake.gateway.identifies
    assert first & MESSAGE_CONTENT and not second & MESSAGE_CONTENT
    assert len(intent_lines(caplog)) == 1
    await fake.say(bot.guild, bot.user(), "!iom")
    callback = await bot.slash("iom", {})
    assert callback["data"]["embeds"][0]["title"].startswith("#1")
    await asyncio.sleep(0)
    assert fake.posts == [] and len(intent_lines(caplog)) == 1


async def test_blank_content_is_logged_once(
    start_bot: Starter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake.gateway.blank_content = True
    bot = await start_bot()
    await fake.say(bot.guild, bot.user(), "!iom")
    await fake.say(bot.guild, bot.user(), "!facts varrp")
    callback = await bot.slash("facts", {"topic": "varrp"})
    assert callback["data"]["embeds"]
    await fake.wait_for(lambda: intent_lines(caplog))
    assert len(intent_lines(caplog)) == 1 and fake.posts == []


async def test_the_adapter_reports_its_connection_for_the_health_check(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    assert bot.adapter.connected
    await bot.adapter.stop()
    await asyncio.wait_for(bot.task, 15)
    assert not bot.adapter.connected
