"""Keeping text of one direction whole inside text of the other (Latin inside Arabic)."""

from __future__ import annotations

import unicodedata

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
LEFT_TO_RIGHT = frozenset({"L"})


def has_direction(text: str, classes: frozenset[str]) -> bool:
    """Whether ``text`` has a character of one of these bidirectional ``classes``."""
    return any(unicodedata.bidirectional(char) in classes for char in text)


def isolated(text: str) -> str:
    """``text`` between U+2068 and U+2069: its direction stays its own inside other text."""
    if not text or text.startswith(FIRST_STRONG_ISOLATE):
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def latin_isolated(text: str) -> str:
    """``text`` isolated when it has left-to-right letters (a citation inside Arabic)."""
    return isolated(text) if has_direction(text, LEFT_TO_RIGHT) else text
