"""A platform-neutral description of the commands, for platforms with native command menus."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core.model import Role

Suggest = Callable[[str, str], Awaitable[list[str]]]
"""``await suggest(source, typed)``: values from ``source`` ("topic", ...) matching ``typed``."""


class ValueType(enum.Enum):
    """What a menu lets people fill in."""

    TEXT = "text"
    WHOLE_NUMBER = "whole number"
    YES_NO = "yes or no"


@dataclass(frozen=True)
class MenuOption:
    """One parameter of a command as a native menu shows it."""

    name: str
    description: str
    type: ValueType = ValueType.TEXT
    required: bool = False
    suggest: str = ""
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class CommandSpec:
    """One command: its typed name (``fact add``), help, needed role and parameters."""

    name: str
    summary: str
    role: Role = Role.MEMBER
    options: tuple[MenuOption, ...] = ()

    def option(self, name: str) -> MenuOption | None:
        """The parameter called ``name``, if the command has one."""
        return next((option for option in self.options if option.name == name), None)


async def no_suggestions(source: str, typed: str) -> list[str]:
    """A Suggest that never suggests anything."""
    return []
