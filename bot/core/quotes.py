"""What a quote carries in a reply (its citation, a translation) and the words around it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.core.dates import as_of, long_date


@dataclass(frozen=True)
class Citation:
    """Where a quote comes from."""

    author: str
    title: str
    publication: str
    published: date | None = None
    url: str = ""

    def text(self, written: Callable[[date], str] = long_date) -> str:
        """The citation in its one fixed form, without the leading dash (dates ``written``)."""
        parts = [self.author, f"'{self.title}'", self.publication]
        if self.published is not None:
            parts.append(written(self.published))
        line = ", ".join(part for part in parts if part and part != "''")
        return f"{line} {self.url}".rstrip() if self.url else line


@dataclass(frozen=True)
class Translation:
    """An admin's translation of a quote: shown above the original, ``label``led as one."""

    text: str
    label: str


@dataclass(frozen=True)
class Quote:
    """A verbatim quote with its id and, unless the reply cites once at the foot, its source.

    ``translation``, when given, is shown first, labelled; the quote stays beneath it, whole.
    """

    fact_id: int
    text: str
    citation: Citation | None = None
    as_of: date | None = None
    note: str = ""
    topics: tuple[str, ...] = ()
    unverified: bool = False
    full: bool = False
    translation: Translation | None = None


def english_as_of(day: date, full: bool) -> str:
    """'as of 2008' (``full``: 'as of 11 December 2008')."""
    return as_of(day, full=full)


@dataclass(frozen=True)
class Wording:
    """The words renderers put around quotes, and the reading direction, of a reply's language.

    The command layer fills it from the language's catalog; the defaults are the English
    source. ``as_of`` writes a figure's date ('as of 2008'), ``long_date`` a citation's.
    """

    language: str = "en"
    right_to_left: bool = False
    note: str = "Note:"
    topics: str = "Topics:"
    topics_title: str = "Topics"
    unverified: str = "unverified"
    unverified_line: str = "Unverified: not confirmed word for word in a stored source text."
    unverified_title: str = "Unverified"
    unverified_field: str = "Not confirmed word for word in a stored source text."
    original: str = "Original:"
    nothing: str = "(nothing to show)"
    as_of: Callable[[date, bool], str] = english_as_of
    long_date: Callable[[date], str] = long_date


ENGLISH_WORDING = Wording()
