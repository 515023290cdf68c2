"""Where each quote stands in its source's text, as the verbatim check finds it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.core.text import QUOTE_MARKS, for_matching


def plain_with_positions(text: str) -> tuple[str, list[int]]:
    """``for_matching(text)`` built by hand, with each character's index in ``text``."""
    chars: list[str] = []
    positions: list[int] = []
    pending_space = False
    for index, char in enumerate(text.translate(QUOTE_MARKS)):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            positions.append(index - 1)
            pending_space = False
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions


@dataclass(frozen=True)
class Passage:
    """The characters ``start:end`` of a source's text that fact ``fact_id`` quotes."""

    fact_id: int
    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """A source's text (NFC, as quotes are checked against it) and where each quote stands."""

    text: str
    passages: tuple[Passage, ...]
    missing: tuple[int, ...]


def locate(text: str, quotes: list[tuple[int, str]]) -> SourceText:
    """Find each (fact id, quote) in ``text``: the first place it stands word for word.

    Spacing, dashes and quote marks are compared as the verbatim check compares them;
    a quote that is not there (an unverified fact) is listed in ``missing``.
    """
    original = unicodedata.normalize("NFC", text)
    plain, positions = plain_with_positions(original)
    found: list[Passage] = []
    missing: list[int] = []
    for fact_id, quote in quotes:
        needle = for_matching(quote)
        at = plain.find(needle) if needle else -1
        if at < 0:
            missing.append(fact_id)
            continue
        found.append(Passage(fact_id, positions[at], positions[at + len(needle) - 1] + 1))
    found.sort(key=lambda passage: (passage.start, passage.fact_id))
    return SourceText(original, tuple(found), tuple(missing))
