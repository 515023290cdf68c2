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
class Localised:
    """A command's menu name, summary, and its options' names and descriptions in one language.

    ``language`` is a language code ('fr'); ``options`` maps each option's own name to its
    name and description in that language.
    """

    language: str
    name: str
    summary: str
    options: tuple[tuple[str, str, str], ...] = ()

    def option(self, name: str) -> tuple[str, str] | None:
        """The name and description of the option called ``name`` here, if translated."""
        return next(((n, d) for own, n, d in self.options if own == name), None)


@dataclass(frozen=True)
class CommandSpec:
    """One command: its typed name (``fact add``), help, needed role and parameters.

    ``localised`` says the same in the bot's other languages, for menus that show them;
    ``private``: its answer is for the asker's eyes only (a menu answers it so).
    """

    name: str
    summary: str
    role: Role = Role.MEMBER
    options: tuple[MenuOption, ...] = ()
    localised: tuple[Localised, ...] = ()
    private: bool = False

    def option(self, name: str) -> MenuOption | None:
        """The parameter called ``name``, if the command has one."""
        return next((option for option in self.options if option.name == name), None)


async def no_suggestions(source: str, typed: str) -> list[str]:
    """A Suggest that never suggests anything."""
    return []
