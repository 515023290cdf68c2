"""Roles from room power levels, and invites only from the allow-list."""

from __future__ import annotations

from bot.app import App
from bot.commands.registry import Command, Context
from bot.core.model import Reply, Role
from tests.matrix.clients import ChatUser
from tests.matrix.conftest import Bots, People, room_with_bot


def add_probe_commands(app: App) -> None:
    """!whoami (anyone: says the role the bot sees) and !audit (admins only)."""

    async def whoami(ctx: Context) -> Reply:
        return Reply.say(f"you are {ctx.person.role.label}")

    async def audit(ctx: Context) -> Reply:
        return Reply.say("audited")

    app.router.registry.add_all(
        [
            Command("whoami", "Say your role.", "whoami", whoami),
            Command("audit", "An admin-only probe.", "audit", audit, role=Role.ADMIN),
        ]
    )


async def test_power_levels_give_roles(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    member = await people.new("member")
    listed = await people.new("listed")
    bot = await bots.start([owner.user_id], admins=(listed.user_id,))
    add_probe_commands(bot.app)
    room = await room_with_bot(owner, bot, moderator, member, listed, power={moderator.user_id: 50})

    async def body(tester: ChatUser, text: str) -> str:
        reply = await tester.ask(room, text)
        return str(reply.source["content"]["body"])

    assert await body(owner, "!whoami") == "you are admin"
    assert await body(moderator, "!whoami") == "you are organiser"
    assert await body(member, "!whoami") == "you are member"
    assert await body(listed, "!whoami") == "you are admin"
    assert await body(owner, "!audit") == "audited"
    assert await body(listed, "!audit") == "audited"
    assert await body(moderator, "!audit") == "Only admins can use this command."
    assert await body(member, "!audit") == "Only admins can use this command."


async def test_power_levels_in_an_older_room_version(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    bot = await bots.start([owner.user_id])
    add_probe_commands(bot.app)
    room = await room_with_bot(owner, bot, moderator, power={moderator.user_id: 50}, version="10")
    assert (await owner.ask(room, "!whoami")).source["content"]["body"] == "you are admin"
    assert (await moderator.ask(room, "!whoami")).source["content"]["body"] == "you are organiser"


async def test_power_thresholds_are_configurable(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    helper = await people.new("helper")
    bot = await bots.start([owner.user_id], organiser_power=10, admin_power=50)
    add_probe_commands(bot.app)
    room = await room_with_bot(owner, bot, helper, power={helper.user_id: 10})
    assert (await helper.ask(room, "!whoami")).source["content"]["body"] == "you are organiser"
    assert (await owner.ask(room, "!whoami")).source["content"]["body"] == "you are admin"


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


async def test_only_room_admins_edit_facts(people: People, bots: Bots) -> None:
    owner = await people.new("owner")
    moderator = await people.new("moderator")
    member = await people.new("member")
    bot = await bots.start([owner.user_id])
    room = await room_with_bot(owner, bot, moderator, member, power={moderator.user_id: 50})
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
