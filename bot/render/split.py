"""The one rule for cutting a reply into messages: pieces measured once, packed in order."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """One rendered piece of a reply, measured in the unit its platform limits.

    ``gap`` is what joining it to the piece before it in the same message adds (a line
    break); ``slots`` is how many of a message's countable places it takes (Discord
    embeds); a ``glued`` piece stays in one message with the piece before it when they fit.
    """

    size: int
    gap: int = 0
    slots: int = 1
    glued: bool = False


def cut(pieces: Sequence[Piece], limit: int, slots: int = sys.maxsize) -> list[range]:
    """``pieces`` as runs in order, each within ``limit`` and ``slots``, each as full as can be.

    A new message starts only when the next piece (with the pieces glued to it) would not
    fit. A piece too big for any message gets one of its own; glued pieces too big to go
    together are packed like loose ones.
    """
    runs: list[range] = []
    start = end = size = used = 0
    for unit, unit_size, unit_slots in _units(pieces, limit, slots):
        grown = size + pieces[unit.start].gap + unit_size
        if end > start and (grown > limit or used + unit_slots > slots):
            runs.append(range(start, end))
            start, size, used = unit.start, unit_size, unit_slots
        else:
            size = grown if end > start else unit_size
            used += unit_slots
        end = unit.stop
    if end > start:
        runs.append(range(start, end))
    return runs


def measure(pieces: Sequence[Piece], run: range) -> tuple[int, int]:
    """The size and slots of the pieces in ``run`` sent together as one message."""
    size = sum(pieces[index].size for index in run)
    size += sum(pieces[index].gap for index in run[1:])
    return size, sum(pieces[index].slots for index in run)


def _units(pieces: Sequence[Piece], limit: int, slots: int) -> Iterator[tuple[range, int, int]]:
    """Each piece with those glued after it (alone if too big together), its size and slots."""
    index = 0
    while index < len(pieces):
        end = index + 1
        while end < len(pieces) and pieces[end].glued:
            end += 1
        unit = range(index, end)
        size, used = measure(pieces, unit) if len(unit) > 1 else (0, 0)
        if len(unit) > 1 and size <= limit and used <= slots:
            yield unit, size, used
        else:
            yield from ((range(i, i + 1), pieces[i].size, pieces[i].slots) for i in unit)
        index = end
