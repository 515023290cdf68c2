"""Words said outside the command layer (a claim's reason, say), put into words there."""

from __future__ import annotations

from collections.abc import Callable


class Said:
    """An English sentence with ``{name}`` places and their values (text, numbers or Said).

    ``str()`` gives it in English, the source language; the command layer gives it in the
    reader's language. ``Said("...")`` is marked for the catalogs like ``_("...")``.
    """

    __slots__ = ("text", "values")

    def __init__(self, text: str, /, **values: object) -> None:
        self.text = text
        self.values = values

    def filled(self, **values: object) -> Said:
        """The same sentence with more values."""
        return type(self)(self.text, **(self.values | values))

    def words(self, say: Callable[[str], str] = str) -> str:
        """The sentence with its text put by ``say`` (English by default), values filled in."""
        filled = {name: _value(value, say) for name, value in self.values.items()}
        return say(self.text).format(**filled)

    def __str__(self) -> str:
        return self.words()

    def __repr__(self) -> str:
        return f"Said({self.text!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        """Equal to the same words: another Said, or its English as text."""
        if isinstance(other, Said | str):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def _value(value: object, say: Callable[[str], str]) -> str:
    """One value as text: a Said said the same way, anything else as it is."""
    return value.words(say) if isinstance(value, Said) else str(value)


def spoken(text: str | Said, say: Callable[[str], str] = str) -> str:
    """``text`` as words: a Said put by ``say``, plain text as it is (a name, an id)."""
    return text.words(say) if isinstance(text, Said) else text
