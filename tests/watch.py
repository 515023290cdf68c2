"""Watching the invocations a router runs, without changing what it does with them."""

from __future__ import annotations

import pytest

from bot.commands.registry import Command
from bot.commands.router import Router
from bot.core.model import Invocation, Reply


def watch_invocations(router: Router, monkeypatch: pytest.MonkeyPatch) -> list[Invocation]:
    """Every invocation ``router`` runs from now on, in order (each still runs as before)."""
    seen: list[Invocation] = []
    run = router.invoke

    async def recorded(command: Command, invocation: Invocation) -> Reply:
        seen.append(invocation)
        return await run(command, invocation)

    monkeypatch.setattr(router, "invoke", recorded)
    return seen
