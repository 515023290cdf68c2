"""Counted nouns in the bot's answers ('1 fact', '2 facts'): one place, ready for translation."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the form that agrees with it: '1 fact', '1,500 facts', '2 people'.

    ``many`` is the plural when it is not ``one`` + 's' (like gettext's ngettext, so a
    translation can take over here).
    """
    form = one if count == 1 else (many if many is not None else f"{one}s")
    return f"{count:,} {form}"
