"""Attacks on authority over a real Synapse (issue 11): each must leave the attacker a member.

Power counts only in the group's home rooms, and only as the rooms' real state says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import RoomMemberEvent, RoomPutAliasResponse

from tests.admin_helpers import snapshot
from tests.matrix.clients import ChatUser
from tests.matrix.conftest import (
    Bots,
    People,
    RunningBot,
    add_bot,
    group_room,
    token_env,
    unique,
)
from tests.matrix.homeserver import Homeserver
from tests.matrix.process import BotProcess, write_config
from tests.matrix.proxy import RecordingProxy
from tests.matrix.test_reminders import posts
from tests.sql import rows

REFUSED = "Only admins can edit facts."
MEMBER = "member: everyone is a member"
NOT_HOME = "here, but this room is not one of the group's home rooms"


async def role_line(tester: ChatUser, room: str) -> str:
    """The first line of the bot's answer to !whoami."""
    return str((await tester.ask(room, "!whoami")).body).splitlines()[0]


async def cannot_delete(tester: ChatUser, room: str, bot: RunningBot) -> None:
    """``tester`` tries to delete fact #1: refused, and nothing in the database changes."""
    before = await snapshot(bot.app)
    assert (await tester.ask(room, "!fact delete 1")).body == REFUSED
    assert await snapshot(bot.app) == before


async def test_fake_create_and_power_events_give_a_member_nothing(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice", encrypted=True)
    mallory = await people.new("mallory", encrypted=True)
    sealed = await group_room(alice, mallory, encrypted=True)
    plain = await group_room(alice, mallory)
    bot = await bots.start([alice.user_id], home_rooms=(sealed, plain))
    await add_bot(alice, sealed, bot)
    await add_bot(alice, plain, bot)
    # Mallory's client encrypts in the plain room too (the bot's nio decrypts any megolm event).
    mallory.client.rooms[plain].encrypted = True
    for room in (sealed, plain):
        assert (await role_line(mallory, room)).startswith(MEMBER)  # shares mallory's keys

    create = {"room_version": "12", "additional_creators": [mallory.user_id]}
    power = {"users": {mallory.user_id: 100}, "users_default": 100}
    for room in (sealed, plain):
        await mallory.send_fake_state(room, "m.room.create", create)
        await mallory.send_fake_state(room, "m.room.power_levels", power)
        # The same as plain timeline events without a state_key (Synapse refuses both today).
        for kind, content in (("m.room.create", create), ("m.room.power_levels", power)):
            await mallory.send_raw(room, kind, content)

    for room in (sealed, plain):
        assert (await role_line(mallory, room)).startswith(MEMBER)
        await cannot_delete(mallory, room, bot)
    assert await role_line(alice, sealed) == f"admin: room creator in home room {sealed}"


async def test_a_stranger_s_own_room_on_an_allowed_server_gives_nothing(
    people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    stranger = await people.new("stranger")
    home = await group_room(alice)
    server = stranger.user_id.partition(":")[2]
    bot = await bots.start([], allow_servers=(server,), home_rooms=(home,))
    own = await stranger.create_room([bot.user_id])
    await stranger.wait_member(own, bot.user_id, "join")
    await stranger.until(lambda: own in [p.id for p in bot.adapter.places()], "the bot listening")
    assert await role_line(stranger, own) == f"member: room creator {NOT_HOME}"
    await cannot_delete(stranger, own, bot)


async def a_trap_room(
    people: People, bots: Bots
) -> tuple[ChatUser, ChatUser, str, RunningBot, str]:
    """Alice (allowed inviter) with her home room and the bot; Mallory's room, Alice power 100."""
    alice = await people.new("alice")
    mallory = await people.new("mallory")
    home = await group_room(alice)
    bot = await bots.start([alice.user_id], home_rooms=(home,))
    trap = await group_room(mallory, alice, power={alice.user_id: 100})
    return alice, mallory, home, bot, trap


async def test_the_creator_of_a_room_an_allowed_inviter_joined_gets_nothing(
    people: People, bots: Bots
) -> None:
    alice, mallory, _, bot, trap = await a_trap_room(people, bots)
    await mallory.client.room_invite(trap, bot.user_id)
    await mallory.wait_member(trap, bot.user_id, "leave")  # mallory may not invite the bot
    await add_bot(alice, trap, bot)  # alice may
    assert await role_line(mallory, trap) == f"member: room creator {NOT_HOME}"
    assert await role_line(alice, trap) == f"member: power 100 {NOT_HOME}"
    await cannot_delete(mallory, trap, bot)
    await cannot_delete(alice, trap, bot)


async def test_power_in_a_room_that_is_not_home_cannot_change_its_language(
    people: People, bots: Bots
) -> None:
    # The room's language is what every answer and reminder there is said in: an organiser's.
    alice, mallory, home, bot, trap = await a_trap_room(people, bots)
    await add_bot(alice, trap, bot)
    refused = "Only organisers and admins can change the language here."
    for tester in (mallory, alice):  # the room's creator, and power 100 there
        assert (await tester.ask(trap, "!language fr")).body == refused
        assert (await tester.ask(trap, "!language default")).body == refused
    assert str((await mallory.ask(trap, "!language")).body).startswith("Here I speak English.")
    await add_bot(alice, home, bot)
    assert (await alice.ask(home, "!language fr")).body == "Désormais, je parle français ici."
    languages = await rows(bot.app.database, "SELECT room, language FROM room_languages")
    assert [tuple(row) for row in languages] == [(home, "fr")]


async def test_v12_room_ids_and_aliases_wherever_a_room_is_named(
    homeserver: Homeserver, people: People, tmp_path: Path, processes: list[BotProcess]
) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    room = await group_room(owner, moderator, power={moderator.user_id: 50})
    assert room.startswith("!") and ":" not in room, "Synapse makes room version 12 ids"
    alias = f"#{unique('campaign')}:{owner.user_id.partition(':')[2]}"
    assert isinstance(await owner.client.room_put_alias(alias, room), RoomPutAliasResponse)
    account = await homeserver.register(unique("bot"))
    tail = f'[channels.main]\nmatrix = "{room}"\n[channels.mirror]\nmatrix = "{alias}"\n'
    rooms = {"allow_rooms": f'["{room}"]', "home_rooms": f'["{alias}"]'}
    config = write_config(tmp_path, homeserver.url, account.user_id, [], tail=tail, **rooms)
    bot = BotProcess(config, token_env(account))
    processes.append(bot)
    bot.start()
    await bot.ready()
    assert f"matrix.home_rooms: {alias} is {room}" in bot.output()
    await owner.client.room_invite(room, account.user_id)  # no allowed inviter: an allowed room
    await owner.wait_member(room, account.user_id, "join")
    assert await role_line(moderator, room) == f"organiser: power 50 in home room {alias}"
    text = '!event add "Vigil at the IOM office" in 3 seconds remind:start channels:main,mirror'
    assert (await moderator.ask(room, text)).body.startswith("Added: #1")
    starting = "Starting now: Vigil at the IOM office"
    await owner.until(lambda: len(posts(owner, room, starting)) == 2, "one post per channel")
    assert "Only [roles] gives roles" not in bot.output()


def membership(tester: ChatUser, room: str, user_id: str) -> str:
    """``user_id``'s latest membership of ``room`` that ``tester`` saw, other than invite."""
    seen = [
        event.membership
        for where, event in tester.seen
        if where == room and isinstance(event, RoomMemberEvent) and event.state_key == user_id
    ]
    return next((found for found in reversed(seen) if found != "invite"), "")


def forged_invite(bot: str, sender: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Put a stripped invite of ``bot`` from ``sender`` first in each invited room's state.

    A remote homeserver may put any unsigned stripped event in an invite's room state, and
    Synapse puts the real invite after them (MSC4319); one homeserver here, so the wire does.
    """
    stripped = {"type": "m.room.member", "state_key": bot, "sender": sender,
                "content": {"membership": "invite"}}  # fmt: skip

    def rewrite(sync: dict[str, Any]) -> dict[str, Any]:
        for room in sync.get("rooms", {}).get("invite", {}).values():
            room["invite_state"]["events"].insert(0, dict(stripped))
        return sync

    return rewrite


async def test_a_forged_stripped_invite_before_the_real_one_lets_nobody_in(
    homeserver: Homeserver, people: People, bots: Bots
) -> None:
    alice = await people.new("alice")
    mallory = await people.new("mallory")
    account = await homeserver.register(unique("bot"))
    proxy = RecordingProxy(homeserver.url, forged_invite(account.user_id, alice.user_id))
    await proxy.start()
    try:
        await bots.start([alice.user_id], account=account, homeserver=proxy.url)
        trap = await mallory.create_room([account.user_id])
        invited = await alice.create_room([account.user_id])
        await alice.wait_member(invited, account.user_id, "join")
        await mallory.until(lambda: membership(mallory, trap, account.user_id), "an answer")
        assert membership(mallory, trap, account.user_id) == "leave"  # the inviter is mallory
    finally:
        await bots.close()
        await proxy.stop()
