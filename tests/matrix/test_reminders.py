"""Events and reminders in Matrix rooms: scheduled by organisers, posted once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from nio import RoomMessageNotice

from tests.matrix.clients import ChatUser
from tests.matrix.conftest import Bots, People, add_bot, token_env, unique
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config

STARTING = "Starting now: Vigil at the IOM office"
ADD = '!event add "Vigil at the IOM office" in {} seconds remind:start channels:main'


def posts(user: ChatUser, room_id: str, start: str) -> list[RoomMessageNotice]:
    """The bot's notices in ``room_id`` whose body starts with ``start``."""
    return [
        event
        for room, event in user.seen
        if room == room_id and isinstance(event, RoomMessageNotice) and event.body.startswith(start)
    ]


async def settle(user: ChatUser, room_id: str) -> None:
    """Let anything still on its way arrive: one more command round trip, then a pause."""
    await user.ask(room_id, "!events")
    await asyncio.sleep(3)


async def test_an_organiser_schedules_and_the_reminder_arrives_once(
    people: People, bots: Bots
) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    member = await people.new("member")
    room = await owner.create_room(
        [moderator.user_id, member.user_id], power={moderator.user_id: 50}
    )
    await moderator.join(room)
    await member.join(room)
    bot = await bots.start([owner.user_id], channels={"main": room}, home_rooms=(room,))
    await add_bot(owner, room, bot)

    refused = await member.ask(room, ADD.format(3))
    assert refused.body == "Only organisers can schedule events."
    added = await moderator.ask(room, ADD.format(3))
    assert added.body.startswith("Added: #1 Vigil at the IOM office")
    (reminder,) = await owner.until(lambda: posts(owner, room, STARTING), "the reminder")
    content = reminder.source["content"]
    assert content["msgtype"] == "m.notice" and content["m.mentions"] == {}
    assert "m.relates_to" not in content
    await settle(owner, room)
    assert len(posts(owner, room, STARTING)) == 1
    (row,) = await bot.app.events.deliveries.for_event(1)
    assert row.state == "sent" and row.message_id == reminder.event_id


@pytest.mark.parametrize("kill_at", [-1.0, 0.0, 0.4])
async def test_reminder_arrives_once_when_the_bot_is_killed_around_due_time(
    homeserver: Homeserver,
    people: People,
    tmp_path: Path,
    processes: list[BotProcess],
    kill_at: float,
) -> None:
    owner = await people.new("owner")
    room = await owner.create_room([])
    account = await homeserver.register(unique("bot"))
    tail = f'[channels.main]\nmatrix = "{room}"\n'
    home = f'["{room}"]'
    config = write_config(
        tmp_path, homeserver.url, account.user_id, [owner.user_id], tail=tail, home_rooms=home
    )
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    await owner.client.room_invite(room, account.user_id)
    await owner.wait_member(room, account.user_id, "join")
    await owner.ask(room, "!iom")

    asked = time.monotonic()
    added = await owner.ask(room, ADD.format(5))
    assert added.body.startswith("Added: #1")
    await asyncio.sleep(max(0.0, asked + 5 + kill_at - time.monotonic()))
    bot.kill()
    await asyncio.sleep(1)
    bot.start()
    await bot.ready()
    await owner.until(lambda: posts(owner, room, STARTING), "the reminder")
    await settle(owner, room)
    assert len(posts(owner, room, STARTING)) == 1


async def test_reminder_missed_past_grace_is_reported_once(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    owner = await people.new("owner")
    room = await owner.create_room([])
    organisers = await owner.create_room([])
    account = await homeserver.register(unique("bot"))
    tail = (
        f'[channels.main]\nmatrix = "{room}"\n'
        f'[channels.organisers]\nmatrix = "{organisers}"\n'
        '[events]\norganisers_channel = "organisers"\ngrace = "2s"\n'
    )
    home = f'["{room}"]'
    config = write_config(
        tmp_path, homeserver.url, account.user_id, [owner.user_id], tail=tail, home_rooms=home
    )
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    for room_id in (room, organisers):
        await owner.client.room_invite(room_id, account.user_id)
        await owner.wait_member(room_id, account.user_id, "join")
    added = await owner.ask(room, ADD.format(5))
    assert added.body.startswith("Added: #1")
    bot.kill()
    await asyncio.sleep(5 + 2 + 3)
    bot.start()
    await bot.ready()
    missed = "1 reminder came due while the bot was offline and was not posted:"
    (report,) = await owner.until(lambda: posts(owner, organisers, missed), "the report")
    assert "- event #1, " in report.body and "in main (matrix)" in report.body
    await settle(owner, room)
    assert len(posts(owner, organisers, missed)) == 1
    assert posts(owner, room, STARTING) == []
