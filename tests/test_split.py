"""The one rule every platform splits by: measured pieces packed in order, as full as can be."""

from __future__ import annotations

import sys
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.split import Piece, cut, measure

pieces = st.lists(
    st.builds(Piece, st.integers(0, 300), st.integers(0, 4), st.integers(1, 3), st.booleans()),
    max_size=30,
)
limits = st.sampled_from([100, 300, 600])
slot_limits = st.sampled_from([sys.maxsize, 3, 10])


def fits(items: list[Piece], run: range, limit: int, slots: int) -> bool:
    size, used = measure(items, run)
    return size <= limit and used <= slots


def chain(items: list[Piece], index: int) -> range:
    """The piece at ``index`` with the pieces glued to it on both sides."""
    start, end = index, index + 1
    while start > 0 and items[start].glued:
        start -= 1
    while end < len(items) and items[end].glued:
        end += 1
    return range(start, end)


def first_unit(items: list[Piece], start: int, limit: int, slots: int) -> range:
    """What must go to the next message together: a whole glued chain when it fits."""
    whole = chain(items, start)
    if whole.start == start and fits(items, whole, limit, slots):
        return whole
    return range(start, start + 1)


def test_nothing_to_cut_is_no_message() -> None:
    assert cut([], 10) == []


def test_a_piece_too_big_goes_alone_and_the_rest_packs_around_it() -> None:
    items = [Piece(4), Piece(20, gap=1), Piece(3, gap=1), Piece(3, gap=1)]
    assert cut(items, 10) == [range(0, 1), range(1, 2), range(2, 4)]


def test_glued_pieces_move_together_unless_they_cannot_fit_together() -> None:
    loose = [Piece(6), Piece(3), Piece(3)]
    assert cut(loose, 10) == [range(0, 2), range(2, 3)]
    glued = [Piece(6), Piece(3), Piece(3, glued=True)]
    assert cut(glued, 10) == [range(0, 1), range(1, 3)]
    too_big = [Piece(6), Piece(3), Piece(9, glued=True)]
    assert cut(too_big, 10) == [range(0, 2), range(2, 3)]


def test_slots_are_counted_like_size() -> None:
    assert cut([Piece(1, slots=2)] * 5, 100, slots=4) == [range(0, 2), range(2, 4), range(4, 5)]


@settings(max_examples=500, deadline=None)
@given(items=pieces, limit=limits, slots=slot_limits)
def test_runs_are_in_order_within_the_limits_and_as_full_as_they_can_be(
    items: list[Piece], limit: int, slots: int
) -> None:
    runs = cut(items, limit, slots)
    # Nothing lost, nothing reordered, no empty message.
    assert [index for run in runs for index in run] == list(range(len(items)))
    assert all(len(run) for run in runs)
    # Within the limits, except one piece too big for any message.
    for run in runs:
        assert fits(items, run, limit, slots) or len(run) == 1
    # Glued pieces share a message unless together they are too big for one.
    for after in runs[1:]:
        if items[after.start].glued:
            assert not fits(items, chain(items, after.start), limit, slots)
    # Greedy: each message would overflow with what comes first in the next.
    for run, after in pairwise(runs):
        unit = first_unit(items, after.start, limit, slots)
        assert not fits(items, range(run.start, unit.stop), limit, slots)
