"""A source's text cut into pieces, each marked with the facts that quote it, for its page."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bot.facts.passages import SourceText


@dataclass(frozen=True)
class Piece:
    """A run of the text, the facts quoting it (none: plain text), the facts that start here."""

    text: str
    fact_ids: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()


def pieces(source: SourceText) -> list[Piece]:
    """The whole text in order; where quotes overlap, a piece names every fact quoting it."""
    text = source.text
    cuts = {0, len(text)}
    for passage in source.passages:
        cuts.update((passage.start, passage.end))
    edges = sorted(cuts)
    found: list[Piece] = []
    for start, end in itertools.pairwise(edges):
        covering = tuple(p.fact_id for p in source.passages if p.start <= start and end <= p.end)
        starting = tuple(p.fact_id for p in source.passages if p.start == start)
        found.append(Piece(text[start:end], covering, starting))
    return found
