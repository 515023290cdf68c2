"""Text normalising shared by lookups and quote verification."""

from __future__ import annotations

import re
import unicodedata

QUOTE_MARKS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)


def topic_key(text: str) -> str:
    """The lookup key of a topic name or alias: case, dashes and spacing ignored."""
    return " ".join(re.sub(r"[-_]+", " ", text.casefold()).split())


def for_matching(text: str) -> str:
    """``text`` with typographic quotes, dashes and whitespace made plain, for verbatim checks."""
    plain = unicodedata.normalize("NFC", text).translate(QUOTE_MARKS)
    return " ".join(plain.split())


def for_duplicates(text: str) -> str:
    """``text`` as repeats are compared: ``for_matching``, no case, no enclosing quote marks."""
    return for_matching(text).casefold().strip("'\" ")


# The length of ``facts.quote_head``, as migrations/0008_quote_heads.sql indexes it.
QUOTE_HEAD = 32


def quote_head(quote: str) -> str:
    """What ``facts.quote_head`` holds for ``quote``: its first characters as repeats compare."""
    return for_duplicates(quote)[:QUOTE_HEAD]
