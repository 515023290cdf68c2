"""Property: whatever roles change where, only someone the model makes admin ever edits a fact.

Two Matrix rooms (one a home room) and two Discord servers (one a home server), as nio and
discord.py parse them from the platforms' JSON, through the adapters' conversion and the
whole bot on a real database. On Discord a fact is edited typed or picked from the slash
command menu, and a ✅ reaction on an event post calls going/notgoing with the reacting
member's roles, which are the model's too. The model is written out here on its own.
Many more cases: CAMPAIGN_BOT_HYPOTHESIS=full python -m pytest tests/test_authority_properties.py
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nio import Event, MatrixRoom, SyncResponse

from bot.adapters.discord import slash
from bot.adapters.discord.convert import incoming_command, incoming_message
from bot.adapters.discord.reactions import Rsvps
from bot.adapters.discord.roles import RoleMap
from bot.adapters.matrix.authority import RoomAuthority
from bot.adapters.matrix.convert import incoming_from
from bot.app import App
from bot.config import LimitSettings, MatrixSettings, RoleSettings, Settings
from bot.core.model import Incoming, Person, Place, Reply, Role
from bot.render.text import to_plain
from tests.discord_offline import SLOTS, OfflineDiscord

FULL = os.environ.get("CAMPAIGN_BOT_HYPOTHESIS") == "full"
PROFILE = settings(
    max_examples=3000 if FULL else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOME, OTHER = "!home:example.org", "!other:example.org"
PEOPLE = ["ann", "ben", "mal", "listed"]
MATRIX = {name: f"@{name}:example.org" for name in PEOPLE}
REFUSED = "Only admins can edit facts."
_notes = itertools.count(1)
_ids = itertools.count(1)


# --- Matrix: what happens in the two rooms, and what the model says about it ---------------

HOW = ["state", "timeline state", "timeline, no state_key", "decrypted"]
matrix_steps = st.one_of(
    st.tuples(st.just("power"), st.sampled_from([HOME, OTHER]), st.sampled_from(PEOPLE),
              st.sampled_from([0, 50, 99, 100, 150]), st.sampled_from(HOW)),
    st.tuples(st.just("create"), st.sampled_from([HOME, OTHER]), st.sampled_from(PEOPLE),
              st.just(0), st.sampled_from(HOW[2:])),
    st.tuples(st.just("edit"), st.sampled_from([HOME, OTHER]), st.sampled_from(PEOPLE),
              st.just(0), st.just("")),
)  # fmt: skip


def event(kind: str, sender: str, content: dict[str, Any], how: str) -> dict[str, Any]:
    """An event's JSON as a homeserver sends it (state events carry a state_key)."""
    source = {"type": kind, "sender": sender, "content": content,
              "event_id": f"$e{next(_ids)}", "origin_server_ts": 1}  # fmt: skip
    return source if how == "timeline, no state_key" else {**source, "state_key": ""}


def sync(room: str, state: list[dict[str, Any]], timeline: list[dict[str, Any]]) -> SyncResponse:
    """A sync response for one room, parsed by nio."""
    data = {"next_batch": f"s{next(_ids)}", "rooms": {"join": {room: {
        "state": {"events": state},
        "timeline": {"events": timeline, "limited": False, "prev_batch": "p"}}}}}  # fmt: skip
    response = SyncResponse.from_dict(data)
    assert isinstance(response, SyncResponse)
    return response


def decrypted(room: str, source: dict[str, Any]) -> Any:
    """What nio puts in the timeline for a megolm event whose plaintext is ``source``."""
    found = Event.parse_decrypted_event({**source, "room_id": room})
    found.decrypted = True
    return found


@dataclass
class MatrixModel:
    """Each room's real creator and power levels; admin only by [roles] or in the home room."""

    version: str
    levels: dict[str, dict[str, int]] = field(default_factory=dict)

    def admin(self, room: str, user: str) -> bool:
        if user == MATRIX["listed"]:
            return True
        if room != HOME:
            return False
        if user == MATRIX["ann"] and self.version == "12":
            return True
        return self.levels[room].get(user, 0) >= 100


async def matrix_run(app: App, steps: list[tuple[str, str, str, int, str]], version: str) -> None:
    """Apply ``steps`` through the adapter's conversion; every edit must follow the model."""
    settings = MatrixSettings("https://m", "@bot:example.org", home_rooms=(HOME,))
    authority = RoomAuthority(settings)
    model = MatrixModel(version)
    ann = MATRIX["ann"]
    for room in (HOME, OTHER):
        initial = {ann: 100} if version != "12" else {}
        model.levels[room] = dict(initial)
        create = event("m.room.create", ann, {"room_version": version}, "state")
        power = event("m.room.power_levels", ann, {"users": initial}, "state")
        authority.note(sync(room, [create, power], []))
    for action, room, name, level, how in steps:
        user = MATRIX[name]
        if action == "edit":
            await matrix_edit(app, authority, room, user, model.admin(room, user))
            continue
        if action == "power":
            users = {**model.levels[room], user: level}
            source = event("m.room.power_levels", ann, {"users": users}, how)
            if how in ("state", "timeline state"):
                model.levels[room] = users
        else:
            content = {"room_version": "12", "additional_creators": [user]}
            source = event("m.room.create", user, content, how)
        state, timeline = ([source], []) if how == "state" else ([], [source])
        response = sync(room, state, timeline)
        if how == "decrypted":
            response.rooms.join[room].timeline.events[:] = [decrypted(room, source)]
        authority.note(response)


async def matrix_edit(
    app: App, authority: RoomAuthority, room: str, user: str, admin: bool
) -> None:
    """``user`` edits fact #1 in ``room``: accepted exactly when the model makes them admin."""
    body = f'!fact edit 1 note:"n{next(_notes)}"'
    content = {"msgtype": "m.text", "body": body}
    message = Event.parse_event({"type": "m.room.message", "sender": user, "content": content,
                                 "event_id": f"$m{next(_ids)}", "origin_server_ts": 1})  # fmt: skip
    here = MatrixRoom(room, "@bot:example.org")
    incoming = incoming_from(here, message, authority.claims(room, user))
    await expect(app, incoming, admin, f"{user} in {room}")


# --- Discord: two servers whose roles change, members holding any of them ------------------

slot_sets = st.frozensets(st.sampled_from(list(SLOTS))).map(lambda s: ",".join(sorted(s)))
discord_steps = st.one_of(
    st.tuples(st.just("rename"), st.sampled_from([0, 1]), st.sampled_from(list(SLOTS)),
              st.sampled_from(["Admins", "Organisers", "Helpers", "<admin id>"]), st.just(False)),
    st.tuples(st.just("administrator"), st.sampled_from([0, 1]), st.sampled_from(list(SLOTS)),
              st.just(""), st.booleans()),
    st.tuples(st.sampled_from(["edit", "slash"]), st.sampled_from([0, 1]),
              st.sampled_from(PEOPLE), slot_sets, st.just(False)),
    st.tuples(st.just("react"), st.sampled_from([0, 1]), st.sampled_from(PEOPLE), slot_sets,
              st.booleans()),
)  # fmt: skip
ORGANISER = Person.given("console:org", "org", Role.ORGANISER, "the test")
EVENT = 1


def discord_admin(world: OfflineDiscord, guild: int, person: str, slots: list[str]) -> bool:
    """The model: listed by id, or in the home server the Administrator permission, the admin
    role by its id, or a role named Admins when no other role of that server is named so."""
    if person == "listed":
        return True
    if guild != 0:
        return False
    held = [world.role(guild, slot) for slot in slots]
    if person == world.owner_name(guild) or any(role["permissions"] == "8" for role in held):
        return True
    if any(role["id"] == world.role(0, "admins")["id"] for role in held):
        return True
    named = [slot for slot in SLOTS if world.role(guild, slot)["name"] == "Admins"]
    return len(named) == 1 and named[0] in slots


async def discord_run(app: App, steps: list[tuple[str, int, str, str, bool]]) -> None:
    """Apply ``steps`` to two servers as discord.py parses them; each edit must follow the model."""
    world = await OfflineDiscord.start(PEOPLE)
    admin_id = world.role(0, "admins")["id"]
    app.authority.admins |= {f"discord:{world.user_id('listed')}"}
    roles = RoleMap([f"discord-role:{admin_id}", "discord-role:Admins"], (), [world.guild_id(0)])
    rsvps = Rsvps(roles)
    post = str(next(_ids))
    rsvps.remember(post, replace(Reply.say("Starting now: Picket"), about_event=EVENT))
    menu = slash.by_slash_name(app.catalog.specs())["fact-edit"].name
    try:
        for action, guild, what, value, flag in steps:
            if action == "rename":
                world.update_role(guild, what, name=admin_id if value == "<admin id>" else value)
            elif action == "administrator":
                world.update_role(guild, what, permissions="8" if flag else "0")
            else:
                slots = [slot for slot in value.split(",") if slot]
                admin = discord_admin(world, guild, what, slots)
                who = f"{what} in server {guild} with {slots} ({action})"
                if action == "edit":
                    text = f'!fact edit 1 note:"n{next(_notes)}"'
                    incoming = incoming_message(world.message(guild, what, slots, text), roles)
                    await expect(app, incoming, admin, who)
                elif action == "slash":
                    options = {"id": 1, "note": f"n{next(_notes)}"}
                    picked = world.interaction(guild, what, slots, "fact-edit", options)
                    values = slash.option_values(picked.data or {})
                    await expect(app, incoming_command(picked, menu, values, roles), admin, who)
                else:
                    reacted = world.reaction(guild, what, slots, post, removed=flag)
                    found = await rsvps.incoming(world.client, reacted)
                    # On a removal Discord sends no member: only [roles] can make an admin.
                    admin = what == "listed" if flag else admin
                    await expect_rsvp(app, found, "notgoing" if flag else "going", admin, who)
    finally:
        await world.close()


async def add_event(app: App) -> None:
    """Event #1, added by an organiser, for reactions to its post to be about."""
    added = await app.answer(
        Incoming('!event add "Picket" saturday 2pm', ORGANISER, Place("console", "console"))
    )
    assert added is not None and to_plain(added).startswith(f"Added: #{EVENT} "), added


async def expect_rsvp(
    app: App, incoming: Incoming | None, command: str, admin: bool, who: str
) -> None:
    """A ✅ reaction calls ``command`` (going, or notgoing when taken away) for its post's
    event and nothing else, with the reacting member's roles as the model has them."""
    assert incoming is not None and incoming.invocation is not None, who
    called = incoming.invocation
    assert (called.command, dict(called.values)) == (command, {"id": EVENT}), who
    assert (app.authority.resolve(called.author).role is Role.ADMIN) is admin, who
    reply = await app.answer(incoming)
    assert reply is not None and to_plain(reply).startswith("Thanks"), (who, reply)


# --- the bot, and the check ------------------------------------------------------------------


async def expect(app: App, incoming: Any, admin: bool, who: str) -> None:
    """Answer ``incoming`` (an edit of fact #1) and check it was accepted exactly for an admin."""
    reply = await app.answer(incoming)
    assert reply is not None
    text = to_plain(reply)
    if admin:
        assert text.startswith("Changed #1: note:"), (who, text)
    else:
        assert text == REFUSED, (who, text)


@pytest.fixture
async def group_app(tmp_path: Path) -> AsyncIterator[App]:
    """The bot on a real database, with [roles] naming one Matrix person (Discord's: below),
    and event #1 (reactions on Discord are about it)."""
    roles = RoleSettings(admins=(MATRIX["listed"],))
    # Thousands of commands from a few people are the point: no rate limits (test_limits.py).
    unlimited = LimitSettings(person=0, room=0)
    bot = await App.open(Settings(roles=roles, limits=unlimited), tmp_path / "bot.db")
    await add_event(bot)
    yield bot
    await bot.close()


@PROFILE
@given(steps=st.lists(matrix_steps, max_size=25), version=st.sampled_from(["10", "12"]))
async def test_matrix_edits_only_from_whom_the_model_makes_admin(
    group_app: App, steps: list[tuple[str, str, str, int, str]], version: str
) -> None:
    every_edit = [("edit", room, name, 0, "") for room in (HOME, OTHER) for name in PEOPLE]
    await matrix_run(group_app, [*steps, *every_edit], version)


@PROFILE
@given(steps=st.lists(discord_steps, max_size=25))
async def test_discord_edits_only_from_whom_the_model_makes_admin(
    group_app: App, steps: list[tuple[str, int, str, str, bool]]
) -> None:
    await discord_run(group_app, steps)
