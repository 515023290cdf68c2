"""Every admin command refuses members and organisers politely, and works for admins."""

from __future__ import annotations

import logging

import pytest

from bot.adapters.recording import RecordingAdapter, person
from bot.app import App
from bot.core.model import Role
from tests.admin_helpers import MEMBER, say, snapshot

# One valid use of every admin command, run in this order against a fresh database.
ADMIN_USES = [
    ("source add", '!source add "Another" author:"A" publication:"P" date:2020-01-01'),
    (
        "fact add",
        "!fact add varrp “It arranges transport ‘to the home doorstep’” source:a-fake-friend"
        " --duplicate",
    ),
    ("fact edit", '!fact edit 23 note:"Added in a test."'),
    ("fact translate", '!fact translate 23 fr "Il organise le transport « jusqu’à la porte »"'),
    ("fact history", "!fact history 23"),
    ("fact undo", "!fact undo 23"),
    ("fact delete", "!fact delete 23"),
    ("fact restore", "!fact restore 23"),
    ("topic alias", "!topic alias varrp assisted return"),
    ("topic unalias", "!topic unalias assisted return"),
    ("topic rename", "!topic rename iau gmiau-refusal"),
    ("topic history", "!topic history gmiau-refusal"),
    ("topic undo", "!topic undo gmiau-refusal"),
    ("web login", "!web login"),
]
EDIT = "Only admins can edit facts."
TOPICS = "Only admins can change topics."
DENIED = {
    "source add": "Only admins can add sources.",
    "fact add": EDIT,
    "fact edit": EDIT,
    "fact translate": EDIT,
    "fact delete": EDIT,
    "fact restore": EDIT,
    "fact undo": EDIT,
    "fact history": "Only admins can see the history of a fact.",
    **{f"topic {name}": TOPICS for name in ("alias", "unalias", "rename", "history", "undo")},
    "web login": "Only admins can log in to the web editor.",
}


def test_every_admin_command_is_covered(app: App) -> None:
    admin_commands = {c.name for c in app.router.registry.commands() if c.role is Role.ADMIN}
    assert admin_commands == {name for name, _ in ADMIN_USES} == set(DENIED)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORGANISER])
@pytest.mark.parametrize(("name", "text"), ADMIN_USES)
async def test_members_and_organisers_are_refused_and_nothing_changes(
    app: App,
    chat: RecordingAdapter,
    caplog: pytest.LogCaptureFixture,
    role: Role,
    name: str,
    text: str,
) -> None:
    before = await snapshot(app)
    who = person(role, "test:mallory")
    with caplog.at_level(logging.INFO, logger="bot.commands.router"):
        reply = await say(chat, text, who)
    assert reply == DENIED[name]
    assert await snapshot(app) == before
    assert any("test:mallory" in r.getMessage() and name in r.getMessage() for r in caplog.records)


async def test_admins_may_use_every_admin_command(chat: RecordingAdapter) -> None:
    for name, text in ADMIN_USES:
        reply = await say(chat, text)
        assert not reply.startswith("Only admins"), (name, reply)
        assert "Usage:" not in reply and "went wrong" not in reply, (name, reply)


async def test_help_shows_members_only_what_they_can_use(app: App, chat: RecordingAdapter) -> None:
    member_help = await say(chat, "!help", MEMBER)
    admin_help = await say(chat, "!help")
    for command in app.router.registry.commands():
        line = f"!{command.usage} — {command.summary}"
        assert line in admin_help
        assert (line in member_help) == (command.role is Role.MEMBER), command.name
    assert "Admin commands:" in admin_help and "Admin commands:" not in member_help


async def test_help_on_an_admin_command(chat: RecordingAdapter) -> None:
    shown = await say(chat, "!help fact edit")
    assert "Who: admins only (admin command)" in shown
    assert "Usage: !fact edit <id>" in shown and "Example: !fact edit 8" in shown
    assert await say(chat, "!help fact edit", MEMBER) == (
        "!fact edit is for admins only. See !help for what you can use."
    )
    assert "(admin command)" not in await say(chat, "!help facts")
