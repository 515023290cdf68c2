"""A command's parameters, declared once: how each is read, written in usage and offered in menus.

A ``Kind`` is one kind of value (a fact id, a date, a topic): how text becomes the value,
how it is written in a usage line, and what a native menu offers for it. A ``Param`` puts a
kind in a command: one word in its place, the words to the end, a ``key:value`` option or a
``--flag``. The router reads every parameter once; handlers get typed values.

After maubot's ``@command.argument`` (usage written from the declaration) and discord.py's
app-command transformers (a kind knows its option type, bounds and autocomplete).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar, Unpack

from bot.core.menus import ValueType
from bot.i18n.language import N_, Language

T = TypeVar("T")


class Placement(enum.Enum):
    """Where a parameter is written after the command's name."""

    WORD = "word"
    WORDS = "words"
    OPTION = "option"
    FLAG = "flag"


def _never(text: str) -> bool:
    """No word looks like this kind (the default of ``Kind.looks_like``)."""
    return False


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of value: read from text, written in usage, offered in menus.

    ``read`` takes the text and the language of the answer (times are read in it) and
    raises UsageError (or UserError) with the words for text that is not one.
    ``description`` is a message id. ``shape`` is how a value is written in usage
    (``YYYY-MM-DD``); ``quoted`` kinds are written in quotes. ``looks_like`` says whether a
    word is meant as one, so an optional parameter after the words to the end can take the
    last word (a page number).
    """

    read: Callable[[str, Language], T]
    description: str
    shape: str = ""
    quoted: bool = False
    type: ValueType = ValueType.TEXT
    suggest: str = ""
    minimum: int | None = None
    maximum: int | None = None
    looks_like: Callable[[str], bool] = _never


def _yes(text: str, lang: Language) -> bool:
    """A flag that is given is on."""
    return True


SWITCH: Kind[bool] = Kind(_yes, N_("yes to switch it on"), type=ValueType.YES_NO)


@dataclass(frozen=True)
class Param(Generic[T]):
    """One parameter of a command.

    ``missing`` is what to say when a required one is not given; ``about`` describes it in
    menus (the kind's description otherwise); both are message ids. ``keyword`` lets a word
    parameter also be written ``name:value``.
    """

    name: str
    kind: Kind[T]
    placement: Placement
    required: bool = True
    missing: str = ""
    shape: str = ""
    about: str = ""
    keyword: bool = False

    @property
    def positional(self) -> bool:
        """Whether it is written in its place among the words."""
        return self.placement in (Placement.WORD, Placement.WORDS)

    @property
    def keyed(self) -> bool:
        """Whether it may be written ``name:value``."""
        return self.placement is Placement.OPTION or self.keyword

    def usage(self) -> str:
        """How the parameter is written in a usage line: ``<id>``, ``[page]``, ``[as-of:...]``."""
        if self.placement is Placement.FLAG:
            return f"[--{self.name}]"
        if self.placement is Placement.OPTION:
            value = self.shape or self.kind.shape or ('"..."' if self.kind.quoted else "")
            written = f"{self.name}:{value or f'<{self.name}>'}"
            return written if self.required else f"[{written}]"
        if not self.required:
            return f"[{self.name}]"
        written = self.shape or f"<{self.name}>"
        return f'"{written}"' if self.kind.quoted and not self.shape else written


class Details(TypedDict, total=False):
    """What a declaration may say besides the name and kind (see ``Param``)."""

    required: bool
    missing: str
    shape: str
    about: str


def word(name: str, kind: Kind[T], **details: Unpack[Details]) -> Param[T]:
    """One word (or one quoted string) in its place; required unless said otherwise."""
    return Param(name, kind, Placement.WORD, **details)


def words(
    name: str, kind: Kind[T], *, keyword: bool = False, **details: Unpack[Details]
) -> Param[T]:
    """The words from here to the end (less any word parameters declared after it)."""
    return Param(name, kind, Placement.WORDS, keyword=keyword, **details)


def option(name: str, kind: Kind[T], **details: Unpack[Details]) -> Param[T]:
    """A ``name:value`` option, anywhere after the command's name; optional unless said."""
    details.setdefault("required", False)
    return Param(name, kind, Placement.OPTION, **details)


def flag(name: str, about: str) -> Param[bool]:
    """A ``--name`` flag, anywhere after the command's name; off unless given."""
    return Param(name, SWITCH, Placement.FLAG, required=False, about=about)


def check_declaration(name: str, params: tuple[Param[Any], ...]) -> None:
    """Refuse parameters the router could not read unambiguously (a programming mistake)."""
    names = [param.name for param in params]
    if len(set(names)) != len(names):
        raise ValueError(f"{name}: a parameter name is declared twice: {names}")
    placed = [param for param in params if param.positional]
    rest = [index for index, param in enumerate(placed) if param.placement is Placement.WORDS]
    if len(rest) > 1:
        raise ValueError(f"{name}: only one parameter may take the words to the end")
    for param in placed[rest[0] + 1 :] if rest else []:
        if not param.required and param.kind.looks_like is _never:
            raise ValueError(f"{name}: optional {param.name} after the words needs looks_like")
    for param in placed[: rest[0] if rest else len(placed)]:
        if not param.required and any(later.required for later in placed[placed.index(param) :]):
            raise ValueError(f"{name}: optional {param.name} comes before a required word")
