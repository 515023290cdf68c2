"""The registry described for native command menus, and the values those menus can suggest."""

from __future__ import annotations

from typing import Any

from bot.commands.params import Param, Placement
from bot.commands.registry import Command, Registry
from bot.core.catalog import CommandSpec, MenuOption
from bot.core.text import topic_key
from bot.facts.store import FactStore

MAX_SUGGESTIONS = 25


def describe(command: Command) -> CommandSpec:
    """A command as a menu entry, each parameter an option of its kind."""
    options = tuple(menu_option(param) for param in command.params)
    return CommandSpec(command.name, command.summary, command.role, options)


def menu_option(param: Param[Any]) -> MenuOption:
    """One parameter as a menu option: its kind's type, bounds and suggestions."""
    kind = param.kind
    return MenuOption(
        param.name,
        param.about or kind.description,
        kind.type,
        param.required and param.placement is not Placement.FLAG,
        kind.suggest,
        kind.minimum,
        kind.maximum,
    )


class Catalog:
    """Command descriptions and suggestions over one registry and the fact store."""

    def __init__(self, registry: Registry, facts: FactStore) -> None:
        self.registry = registry
        self.facts = facts

    def specs(self) -> list[CommandSpec]:
        """Every registered command, described, in registry order."""
        return [describe(command) for command in self.registry.commands()]

    async def suggest(self, source: str, typed: str) -> list[str]:
        """Topic names and aliases, or command names, that match ``typed`` (best first)."""
        if source == "topic":
            labels = await self.facts.topic_labels()
            if not typed.strip():
                return sorted(set(labels.values()))[:MAX_SUGGESTIONS]
            return ranked(list(labels), typed)
        if source == "command":
            return ranked([c.name for c in self.registry.commands()], typed)
        return []


def ranked(choices: list[str], typed: str) -> list[str]:
    """``choices`` starting with ``typed`` first, then those containing it, each sorted."""
    key = topic_key(typed)
    starts = sorted(c for c in choices if topic_key(c).startswith(key))
    inside = sorted(c for c in choices if key in topic_key(c) and c not in starts)
    return (starts + inside)[:MAX_SUGGESTIONS]
