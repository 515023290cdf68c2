"""With `[bot] prefix = "?"`, every help, usage and error reply of every group names its
commands with ?, typed or picked from a menu."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter, Sent, person
from bot.app import App
from bot.config import Settings
from bot.core.model import Incoming, Role
from tests.admin_helpers import ADMIN
from tests.eventkit import settings

MEMBER = person(Role.MEMBER, "test:mo")
MISTAKES = ["--nosuch-flag", "nosuch:option", "²", "a b c d e f g h", '"unclosed']


@pytest.fixture
async def app(db_path: Path) -> AsyncIterator[App]:
    """The bot with ? as its prefix and an announcement channel, on a new database."""
    bot = await App.open(Settings(prefix="?", channels=settings().channels), db_path, wake=False)
    yield bot
    await bot.close()


def check(sent: list[Sent], asked: str) -> str:
    """The one reply's text, which names no command with !."""
    assert len(sent) == 1, (asked, sent)
    text = sent[0].text
    assert "!" not in text, (asked, text)
    return text


async def test_help_names_every_command_with_the_prefix(app: App, chat: RecordingAdapter) -> None:
    listing = check(await chat.push("?help", author=ADMIN), "?help")
    for command in app.router.registry.commands():
        assert f"?{command.usage} — {command.summary}" in listing
        one = check(await chat.push(f"?help {command.name}", author=ADMIN), command.name)
        assert f"Usage: ?{command.usage}" in one and f"?{command.name} — " in one
        if command.role is not Role.MEMBER:
            refused = check(await chat.push(f"?help {command.name}", author=MEMBER), "member")
            assert refused.startswith(f"?{command.name} is for ") and "See ?help" in refused


async def test_every_usage_line_names_the_command_with_the_prefix(
    app: App, chat: RecordingAdapter
) -> None:
    for command in app.router.registry.commands():
        usages = 0
        for mistake in MISTAKES:
            asked = f"?{command.name} {mistake}"
            text = check(await chat.push(asked, author=ADMIN), asked)
            usages += f"\nUsage: ?{command.usage}" in text
        assert usages, f"no mistake showed the usage of ?{command.name}"


async def test_every_refusal_of_a_menu_pick_names_commands_with_the_prefix(
    app: App, chat: RecordingAdapter
) -> None:
    for command in app.router.registry.commands():
        for values in ({}, {p.name: "²" for p in command.params}, {"nosuch": "x"}):
            sent = await chat.call(command.name, values, author=ADMIN)
            if sent and sent[0].reply.error:
                check(sent, f"{command.name} {values}")
        if command.role is not Role.MEMBER:
            check(await chat.call(command.name, {}, author=MEMBER), command.name)


async def test_the_routers_own_answers_name_the_prefix(app: App, chat: RecordingAdapter) -> None:
    assert check(await chat.push("?"), "?") == "Type ?help to see what I can do."
    unknown = check(await chat.push("?fcts varrp"), "?fcts")
    assert unknown == "Unknown command '?fcts'. Did you mean ?facts? Try ?help"
    assert check(await chat.call("nosuch", {}), "nosuch").endswith("Try ?help")
    direct = Incoming("facts", MEMBER, chat.sent[0].place, direct=True)
    reply = await app.answer(direct)
    assert reply is not None and reply.blocks[0].text == "Commands start with ?: try ?help"  # type: ignore[union-attr]
