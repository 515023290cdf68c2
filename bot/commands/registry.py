"""Declarative commands: name, aliases, typed parameters, the role they need and their help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from bot.commands.params import Param, Placement, check_declaration
from bot.core.model import Invocation, Person, Place, Reply, Role
from bot.i18n.language import ENGLISH, N_, Language

T = TypeVar("T")

Hint = str | Callable[[Language, str], str]
"""Words for a mistake (a message id), or a function from the language and prefix to them."""

ONLY = {
    Role.MEMBER: N_("Anyone can use this command."),
    Role.ORGANISER: N_("Only organisers can use this command."),
    Role.ADMIN: N_("Only admins can use this command."),
}


@dataclass(frozen=True)
class Context:
    """What a handler gets: the invocation with its typed values, the configured prefix and
    the language to answer in."""

    invocation: Invocation
    prefix: str
    lang: Language = ENGLISH

    @property
    def person(self) -> Person:
        """Who called the command."""
        return self.invocation.author

    @property
    def place(self) -> Place:
        """Where it was called."""
        return self.invocation.place

    @property
    def direct(self) -> bool:
        """Whether only the caller reads the answer (a direct conversation)."""
        return self.invocation.direct

    def __getitem__(self, param: Param[T]) -> T:
        """The value of a required parameter (or a flag: False when not given)."""
        values = self.invocation.values
        if param.name in values:
            return cast(T, values[param.name])
        if param.placement is Placement.FLAG:
            return cast(T, False)
        raise KeyError(f"{param.name} was not given")

    def get(self, param: Param[T]) -> T | None:
        """The value of an optional parameter, or None when it was not given."""
        return cast(T | None, self.invocation.values.get(param.name))

    def __contains__(self, param: Param[Any]) -> bool:
        """Whether ``param`` was given."""
        return param.name in self.invocation.values


Handler = Callable[[Context], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    """One command as people type it (``name`` may be two words, as in ``fact add``).

    ``summary``, ``denied`` and a text ``hint`` are message ids (marked with ``N_``), said in
    the language of each answer; so may ``example`` be, when it has words to translate.
    ``hint`` is said when the words after the name do not fit its word parameters;
    ``private`` marks every answer it gives for the asker's eyes only (a login link).
    """

    name: str
    summary: str
    handler: Handler
    params: tuple[Param[Any], ...] = ()
    example: str = ""
    aliases: tuple[str, ...] = ()
    role: Role = Role.MEMBER
    denied: str = ""
    hint: Hint = ""
    private: bool = False

    def __post_init__(self) -> None:
        check_declaration(self.name, self.params)

    @property
    def usage(self) -> str:
        """How it is typed, without the prefix: ``fact <id>``."""
        return " ".join([self.name, *(param.usage() for param in self.params)])

    @property
    def option_names(self) -> frozenset[str]:
        """The keys it takes as ``key:value``."""
        return frozenset(param.name for param in self.params if param.keyed)

    @property
    def flag_names(self) -> frozenset[str]:
        """The ``--flags`` it takes."""
        return frozenset(p.name for p in self.params if p.placement is Placement.FLAG)

    def refusal(self, lang: Language = ENGLISH) -> str:
        """What someone without the needed role is told."""
        return lang._(self.denied or ONLY[self.role])

    def mistake(self, prefix: str, lang: Language = ENGLISH) -> str:
        """What to say when the words do not fit ('' when nothing particular)."""
        if callable(self.hint):
            return self.hint(lang, prefix)
        return lang._(self.hint) if self.hint else ""

    def nothing_after(self, prefix: str, lang: Language = ENGLISH) -> str:
        """What to say when words follow a command that takes none."""
        said = self.mistake(prefix, lang)
        return said or lang._("{command} takes nothing after it.", command=prefix + self.name)


class Registry:
    """All commands by name and alias, in the order they were added."""

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self._by_name: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        """Register ``command`` under its name and aliases."""
        for name in (command.name, *command.aliases):
            if name in self._by_name:
                raise ValueError(f"command name {name!r} is registered twice")
            self._by_name[name] = command
        self._commands.append(command)

    def add_all(self, commands: Iterable[Command]) -> None:
        """Register several commands."""
        for command in commands:
            self.add(command)

    def find(self, words: list[str]) -> tuple[Command, int] | None:
        """The command named by the first one or two ``words`` and how many words it used."""
        lowered = [word.lower() for word in words[:2]]
        if len(lowered) == 2 and (command := self._by_name.get(" ".join(lowered))):
            return command, 2
        if lowered and (command := self._by_name.get(lowered[0])):
            return command, 1
        return None

    def get(self, name: str) -> Command | None:
        """The command with this exact name or alias."""
        return self._by_name.get(name.lower())

    def names(self) -> list[str]:
        """Every name and alias people can type."""
        return list(self._by_name)

    def commands(self) -> list[Command]:
        """Every command in the order added."""
        return list(self._commands)
