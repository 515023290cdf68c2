"""The registry described for native command menus, and the values those menus can suggest."""

from __future__ import annotations

import re

from bot.commands.registry import Command, Registry
from bot.core.catalog import CommandSpec, Param
from bot.core.model import Role
from bot.core.text import topic_key
from bot.facts.store import FactStore

PLACEHOLDER = re.compile(r"^(\[|<)([a-z][a-z0-9_-]*)(\]|>)$")
SUGGESTED = {"topic", "command"}
MAX_SUGGESTIONS = 25


def describe(command: Command) -> CommandSpec:
    """A command as a menu entry: typed parameters from its usage, or one free-text argument.

    Commands that need a role above member, and those whose usage has options or literal
    words, get the generic form: a single ``args`` text taking what would follow the name.
    """
    words = command.usage.split()[len(command.name.split()) :]
    params: list[Param] = []
    simple = command.role is Role.MEMBER and not command.options and not command.flags
    for word in words:
        match = PLACEHOLDER.match(word)
        if not match or (match.group(1) == "[") != (match.group(3) == "]"):
            simple = False
            break
        name = match.group(2)
        params.append(Param(name, name.replace("-", " "), match.group(1) == "<", name in SUGGESTED))
    if simple:
        return CommandSpec(
            command.name, command.summary, command.usage, command.role, tuple(params)
        )
    needs_args = any(word.startswith("<") for word in words)
    generic = Param("args", f"what follows: {command.usage}"[:100], needs_args)
    return CommandSpec(command.name, command.summary, command.usage, command.role, (generic,), True)


class Catalog:
    """Command descriptions and suggestions over one registry and the fact store."""

    def __init__(self, registry: Registry, facts: FactStore) -> None:
        self.registry = registry
        self.facts = facts

    def specs(self) -> list[CommandSpec]:
        """Every registered command, described, in registry order."""
        return [describe(command) for command in self.registry.commands()]

    async def suggest(self, param: str, typed: str) -> list[str]:
        """Topic names and aliases, or command names, that match ``typed`` (best first)."""
        if param == "topic":
            labels = await self.facts.topic_labels()
            if not typed.strip():
                return sorted(set(labels.values()))[:MAX_SUGGESTIONS]
            return ranked(list(labels), typed)
        if param == "command":
            return ranked([c.name for c in self.registry.commands()], typed)
        return []


def ranked(choices: list[str], typed: str) -> list[str]:
    """``choices`` starting with ``typed`` first, then those containing it, each sorted."""
    key = topic_key(typed)
    starts = sorted(c for c in choices if topic_key(c).startswith(key))
    inside = sorted(c for c in choices if key in topic_key(c) and c not in starts)
    return (starts + inside)[:MAX_SUGGESTIONS]
