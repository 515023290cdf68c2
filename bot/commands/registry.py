"""Declarative commands: name, aliases, options, the role they need and their help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from bot.commands.parsing import Args
from bot.core.model import Incoming, Person, Place, Reply, Role


@dataclass(frozen=True)
class Context:
    """What a handler gets: the message, who sent it, where, and its parsed arguments."""

    incoming: Incoming
    args: Args
    prefix: str

    @property
    def person(self) -> Person:
        """The sender."""
        return self.incoming.author

    @property
    def place(self) -> Place:
        """Where the command was typed."""
        return self.incoming.place


Handler = Callable[[Context], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    """One command as people type it (``name`` may be two words, as in ``fact add``)."""

    name: str
    summary: str
    usage: str
    handler: Handler
    example: str = ""
    aliases: tuple[str, ...] = ()
    role: Role = Role.MEMBER
    denied: str = ""
    options: frozenset[str] = field(default_factory=frozenset)
    flags: frozenset[str] = field(default_factory=frozenset)

    def refusal(self) -> str:
        """What someone without the needed role is told."""
        return self.denied or f"Only {self.role.label}s can use this command."


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
