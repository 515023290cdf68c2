"""Roles from power levels in the group's home rooms, and invites only from the allow-list."""

from __future__ import annotations

from bot.app import App
from bot.commands.registry import Command, Context
from bot.core.model import Reply, Role
from tests.matrix.clients import ChatUser
from tests.matrix.conftest import Bots, People, add_bot, group_room


def add_audit(app: App) -> None:
    """!audit: an admin-only probe."""

    async def audit(ctx: Context) -> Reply:
        return Reply.say("audited")

    probe = Command("audit", "An admin-only probe.", audit, role=Role.ADMIN)
    app.router.registry.add(probe)


async def role_line(tester: ChatUser, room: str) -> str:
    """The first line of the bot's answer to !whoami."""
    return str((await tester.ask(room, "!whoami")).body).splitlines()[0]


async def test_power_levels_in_a_home_room_give_roles(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    member = await people.new("member")
    listed = await people.new("listed")
    room = await group_room(owner, moderator, member, listed, power={moderator.user_id: 50})
    bot = await bots.start([owner.user_id], admins=(listed.user_id,), home_rooms=(room,))
    add_audit(bot.app)
    await add_bot(owner, room, bot)

    assert ":" not in room, "Synapse makes room version 12 rooms: ids without a server"
    assert await role_line(owner, room) == f"admin: room creator in home room {room}"
    assert await role_line(moderator, room) == f"organiser: power 50 in home room {room}"
    assert (await role_line(member, room)).startswith("member: everyone is a member")
    assert await role_line(listed, room) == "admin: listed in [roles] admins"

    async def body(tester: ChatUser, text: str) -> str:
        return str((await tester.ask(room, text)).body)

    assert await body(owner, "!audit") == "audited"
    assert await body(listed, "!audit") == "audited"
    assert await body(moderator, "!audit") == "Only admins can use this command."
    assert await body(member, "!audit") == "Only admins can use this command."


async def test_power_levels_in_an_older_room_version(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    room = await group_room(owner, moderator, power={moderator.user_id: 50}, version="10")
    bot = await bots.start([owner.user_id], home_rooms=(room,))
    await add_bot(owner, room, bot)
    assert await role_line(owner, room) == f"admin: power 100 in home room {room}"
    assert await role_line(moderator, room) == f"organiser: power 50 in home room {room}"


async def test_power_thresholds_are_configurable(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    helper = await people.new("helper")
    room = await group_room(owner, helper, power={helper.user_id: 10})
    bot = await bots.start([owner.user_id], home_rooms=(room,), organiser_power=10, admin_power=50)
    await add_bot(owner, room, bot)
    assert await role_line(helper, room) == f"organiser: power 10 in home room {room}"


async def test_invites_only_from_the_allow_list(people: People, bots: Bots) -> None:
    friend = await people.new("friend")
    stranger = await people.new("stranger")
    bot = await bots.start([friend.user_id])
    refused = await stranger.create_room([bot.user_id])
    await stranger.wait_member(refused, bot.user_id, "leave")
    accepted = await friend.create_room([bot.user_id])
    await friend.wait_member(accepted, bot.user_id, "join")
    assert (await friend.ask(accepted, "!iom")).sender == bot.user_id


async def test_invites_allowed_by_server(people: People, bots: Bots) -> None:
    anyone = await people.new("anyone")
    bot = await bots.start([], allow_servers=(anyone.user_id.partition(":")[2],))
    room = await anyone.create_room([bot.user_id])
    await anyone.wait_member(room, bot.user_id, "join")


async def test_invites_allowed_by_room(people: People, bots: Bots) -> None:
    anyone = await people.new("anyone")
    allowed = await anyone.create_room([])
    other = await anyone.create_room([])
    bot = await bots.start([], allow_rooms=(allowed,))
    await anyone.client.room_invite(other, bot.user_id)
    await anyone.wait_member(other, bot.user_id, "leave")
    await anyone.client.room_invite(allowed, bot.user_id)
    await anyone.wait_member(allowed, bot.user_id, "join")


async def test_only_home_room_admins_edit_facts(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    member = await people.new("member")
    room = await group_room(owner, moderator, member, power={moderator.user_id: 50})
    bot = await bots.start([owner.user_id], home_rooms=(room,))
    await add_bot(owner, room, bot)
    add = (
        "!fact add varrp “It arranges transport ‘to the home doorstep’” source:a-fake-friend"
        " --duplicate"
    )

    for someone in (member, moderator):
        refused = await someone.ask(room, add)
        assert refused.body == "Only admins can edit facts."
        refused = await someone.ask(room, '!fact edit 8 note:"Figures from 2008."')
        assert refused.body == "Only admins can edit facts."

    added = await owner.ask(room, add)
    assert added.body.startswith("Added #")
    assert "— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008" in added.body
    fact_id = added.body.removeprefix("Added #").split(" ")[0]
    edited = await owner.ask(room, f'!fact edit {fact_id} note:"Said in 2008."')
    assert edited.body.startswith(f"Changed #{fact_id}: note: (none) → “Said in 2008.”")
    shown = await member.ask(room, f"!fact {fact_id}")
    assert "Note: Said in 2008." in shown.body
    history = await owner.ask(room, f"!fact history {fact_id}")
    assert owner.user_id in history.body
