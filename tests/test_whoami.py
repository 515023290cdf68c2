"""!whoami and the log of every role decision, through the whole bot on a real database."""

from __future__ import annotations

import logging

import pytest

from bot.adapters.recording import TEST_PLACE, RecordingAdapter
from bot.app import App
from bot.core.authority import Authority
from bot.core.model import Claim, Person, Role

HOME = Claim.at_home(Role.ORGANISER, "power 50", "room", "#campaign:example.org")
AWAY = Claim.elsewhere(Role.ADMIN, "power 100", "room")


async def whoami(chat: RecordingAdapter, person: Person) -> list[str]:
    (sent,) = await chat.push("!whoami", author=person)
    return sent.text.splitlines()


async def test_whoami_says_the_role_where_it_comes_from_and_what_does_not_count(
    chat: RecordingAdapter,
) -> None:
    assert await whoami(chat, Person("@mo:example.org", "mo", (HOME, AWAY))) == [
        "organiser: power 50 in home room #campaign:example.org",
        "Not counted (admin): power 100 here, but this room is not one of the group's home rooms",
        "Your id (for the config's [roles]): @mo:example.org",
    ]
    member = await whoami(chat, Person("@mal:example.org", "mal", (AWAY,)))
    assert member[0] == "member: power 100 here, but this room is not one of the group's home rooms"


def test_the_config_lists_come_first_and_other_claims_stay() -> None:
    authority = Authority(admins=["@ann:example.org"], organisers=["@ann:example.org"])
    ann = authority.resolve(Person("@ann:example.org", "ann", (HOME,)))
    assert ann.role is Role.ADMIN
    assert [claim.reason for claim in ann.claims] == [
        "listed in [roles] admins",
        "listed in [roles] organisers",
        "power 50 in home room #campaign:example.org",
    ]
    bob = Person("@bob:example.org", "bob", (AWAY,))
    assert authority.resolve(bob) is bob and bob.role is Role.MEMBER


async def test_every_allowed_and_refused_edit_is_logged_with_who_where_and_why(
    app: App, chat: RecordingAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    app.authority = Authority(admins=["@ann:example.org"])
    caplog.set_level(logging.INFO, logger="bot.commands.router")
    await chat.push("!fact delete 1", author=Person("@mal:example.org", "mal", (AWAY,)))
    await chat.push("!fact delete 1", author=Person("@ann:example.org", "ann"))
    await chat.push("!facts varrp", author=Person("@ann:example.org", "ann"))
    assert [record.getMessage() for record in caplog.records] == [
        f"refused !fact delete: @mal:example.org in test {TEST_PLACE.id} is member: power 100 "
        "here, but this room is not one of the group's home rooms, needs admin",
        f"allowed !fact delete: @ann:example.org in test {TEST_PLACE.id} is admin: "
        "listed in [roles] admins",
    ]
