"""Watching the invocations a router runs, without changing what it does with them."""

from __future__ import annotations

import pytest

from bot.commands.registry import Command
from bot.commands.router import Router
from bot.core.model import Invocation, Reply
from bot.i18n.language import Language


def watch_invocations(router: Router, monkeypatch: pytest.MonkeyPatch) -> list[Invocation]:
    """Every invocation ``router`` runs from now on, in order (each still runs as before)."""
    seen: list[Invocation] = []
    run = router.invoke

    async def recorded(command: Command, invocation: Invocation, *language: Language) -> Reply:
        seen.append(invocation)
        return await run(command, invocation, *language)

    monkeypatch.setattr(router, "invoke", recorded)
    return seen
