"""Private answers on a real Synapse: !web login asked in a shared room arrives in a direct room.

The link must reach the asker alone (their user id, a room only they and the bot are in), be
refused to anyone the authority model does not make an admin, and work once.
"""

from __future__ import annotations

import json
import stat

from nio import MegolmEvent, RoomMessageNotice

from bot.adapters.matrix.direct import DIRECT_ROOMS_FILE
from bot.commands.private_texts import SENT
from bot.commands.web import LOGIN_DENIED
from tests.matrix.clients import ChatUser
from tests.matrix.conftest import Bots, People, RunningBot, add_bot, group_room
from tests.webkit import LINK, redeem, web_client


def notices(tester: ChatUser, room_id: str) -> list[RoomMessageNotice]:
    """The notices ``tester`` has seen in ``room_id``."""
    return [e for r, e in tester.seen if r == room_id and isinstance(e, RoomMessageNotice)]


def links_seen(tester: ChatUser) -> list[str]:
    """Every login link ``tester`` has read anywhere."""
    return [
        e.body
        for _, e in tester.seen
        if isinstance(e, RoomMessageNotice | MegolmEvent) and LINK.search(getattr(e, "body", ""))
    ]


async def accept_invite(tester: ChatUser, known: set[str]) -> str:
    """Join the first room ``tester`` is invited to that is not in ``known``; its id."""
    invited: list[str] = await tester.until(
        lambda: [r for r in tester.client.invited_rooms if r not in known], "an invite"
    )
    await tester.join(invited[0])
    return invited[0]


async def link_in(tester: ChatUser, room_id: str, count: int = 1) -> RoomMessageNotice:
    """The ``count``-th notice with a login link in ``room_id``, once it has arrived."""

    def linked() -> list[RoomMessageNotice] | None:
        found = [e for e in notices(tester, room_id) if LINK.search(e.body)]
        return found if len(found) >= count else None

    found = await tester.until(linked, f"login link {count} in {room_id}")
    notice: RoomMessageNotice = found[count - 1]
    return notice


Home = tuple[ChatUser, ChatUser, RunningBot, str]


async def home(people: People, bots: Bots, *, encrypted: bool = False) -> Home:
    """Alice (the home room's creator: an admin), Bob (a member) and the bot in that room."""
    alice = await people.new("alice", encrypted=encrypted)
    bob = await people.new("bob", encrypted=encrypted)
    room = await group_room(alice, bob, encrypted=encrypted)
    bot = await bots.start([alice.user_id], home_rooms=(room,))
    await add_bot(alice, room, bot)
    return alice, bob, bot, room


async def test_an_admin_s_login_link_arrives_in_a_direct_room_only(
    people: People, bots: Bots
) -> None:
    alice, bob, bot, room = await home(people, bots)
    note = await alice.ask(room, "!web login")
    assert note.body == SENT
    direct = await accept_invite(alice, {room})
    sent = await link_in(alice, direct)
    assert sent.sender == bot.user_id
    assert "Your login link for the web editor" in sent.body
    assert set(alice.client.rooms[direct].users) == {alice.user_id, bot.user_id}
    assert alice.client.rooms[direct].join_rule == "invite"
    assert alice.client.rooms[direct].history_visibility == "invited"
    await bob.ask(room, "!iom")  # bob has synced past everything the bot sent in the room
    assert links_seen(bob) == [] and list(bob.client.invited_rooms) == []
    assert not any(LINK.search(e.body) for e in notices(alice, room))
    async with web_client(bot.app) as client:
        assert await redeem(client, sent.body) == 303
        assert await redeem(client, sent.body) == 403

    # Asked again, the answer goes to the same room; the mapping is kept for the next run.
    await alice.ask(room, "!web login")
    again = await link_in(alice, direct, 2)
    assert LINK.search(again.body) and again.body != sent.body
    assert list(alice.client.invited_rooms) == []
    saved = bot.adapter.store / DIRECT_ROOMS_FILE
    assert json.loads(saved.read_text()) == {alice.user_id: direct}
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


async def test_a_member_is_refused_in_the_room_and_gets_no_direct_room(
    people: People, bots: Bots
) -> None:
    alice, bob, _, room = await home(people, bots)
    refused = await bob.ask(room, "!web login")
    assert refused.body == LOGIN_DENIED
    await bob.ask(room, "!iom")
    assert list(bob.client.invited_rooms) == [] and set(bob.client.rooms) == {room}
    assert links_seen(bob) == [] and links_seen(alice) == []


async def test_power_in_a_stranger_s_room_gives_no_link(people: People, bots: Bots) -> None:
    alice = await people.new("alice")
    stranger = await people.new("stranger")
    home_room = await group_room(alice)
    server = stranger.user_id.partition(":")[2]
    bot = await bots.start([], allow_servers=(server,), home_rooms=(home_room,))
    own = await stranger.create_room([bot.user_id])
    await stranger.wait_member(own, bot.user_id, "join")
    await stranger.until(lambda: own in [p.id for p in bot.adapter.places()], "the bot listening")
    assert (await stranger.ask(own, "!web login")).body == LOGIN_DENIED
    await stranger.ask(own, "!iom")
    assert list(stranger.client.invited_rooms) == [] and links_seen(stranger) == []


async def test_the_asker_cannot_bring_anyone_into_the_direct_room(
    people: People, bots: Bots
) -> None:
    alice, bob, _, room = await home(people, bots)
    await alice.ask(room, "!web login")
    direct = await accept_invite(alice, {room})
    await link_in(alice, direct)
    invited = await alice.client.room_invite(direct, bob.user_id)
    assert getattr(invited, "status_code", "") == "M_FORBIDDEN", invited
    # Once alice has left, the room is no longer hers alone: the next link opens another.
    # The bot's sync that brings the next command brings the leave with it.
    await alice.client.room_leave(direct)
    assert (await alice.ask(room, "!web login")).body == SENT
    second = await accept_invite(alice, {room, direct})
    assert second != direct
    await link_in(alice, second)
    await bob.ask(room, "!iom")
    assert links_seen(bob) == []


async def test_asked_in_an_encrypted_room_the_direct_room_is_encrypted(
    people: People, bots: Bots
) -> None:
    alice, _, bot, room = await home(people, bots, encrypted=True)
    assert (await alice.ask(room, "!web login")).body == SENT
    direct = await accept_invite(alice, {room})
    sent = await link_in(alice, direct)
    assert sent.decrypted, "sent encrypted, and alice's device had the key"
    assert alice.client.rooms[direct].encrypted
    async with web_client(bot.app) as client:
        assert await redeem(client, sent.body) == 303
