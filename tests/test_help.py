"""!help is generated from the registry."""

from __future__ import annotations

from bot.app import App
from bot.core.model import Role
from tests.conftest import Asker


async def test_help_lists_every_command_a_member_can_use(app: App, ask: Asker) -> None:
    text = await ask("!help")
    for command in app.router.registry.commands():
        if command.role is Role.MEMBER:
            assert f"!{command.usage} — {command.summary}" in text


async def test_help_on_one_command(ask: Asker) -> None:
    text = await ask("!help facts")
    assert "Usage: !facts [topic] [page]" in text
    assert "Example: !facts varrp" in text
    assert "Who: everyone" in text
    assert "!topics" in text
    assert await ask("!help !facts") == text


async def test_help_on_a_two_word_command(ask: Asker) -> None:
    assert "Usage: !facts search <words>" in await ask("!help facts search")
