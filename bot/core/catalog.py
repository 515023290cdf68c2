"""A platform-neutral description of the commands, for platforms with native command menus."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.core.model import Role

Suggest = Callable[[str, str], Awaitable[list[str]]]
"""``await suggest(param, typed)``: values for ``param`` that match what was typed so far."""


@dataclass(frozen=True)
class Param:
    """One argument of a command as a native menu shows it."""

    name: str
    description: str
    required: bool = False
    suggest: bool = False


@dataclass(frozen=True)
class CommandSpec:
    """One command: its typed name (``fact add``), help, needed role and arguments."""

    name: str
    summary: str
    usage: str
    role: Role = Role.MEMBER
    params: tuple[Param, ...] = ()
    generic: bool = False

    def text(self, prefix: str, values: Mapping[str, str]) -> str:
        """The equivalent typed command, e.g. ``!facts varrp 2`` for topic=varrp, page=2."""
        given = [values[p.name].strip() for p in self.params if values.get(p.name, "").strip()]
        words = [self.name]
        for index, value in enumerate(given):
            last = index == len(given) - 1
            words.append(value if last or self.generic else quoted(value))
        return prefix + " ".join(words)


def quoted(value: str) -> str:
    """``value`` wrapped in straight quotes when it has spaces, so it stays one argument."""
    return f'"{value}"' if any(char.isspace() for char in value) else value


async def no_suggestions(param: str, typed: str) -> list[str]:
    """A Suggest that never suggests anything."""
    return []
