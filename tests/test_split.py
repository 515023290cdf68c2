"""Splitting a long reply into messages under the platform limit, between blocks."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Citation, Line, Quote, Reply, Style
from bot.render.split import MESSAGE_LIMIT, split_reply
from bot.render.text import to_markdown, to_plain

SOURCE = Citation("Andrea D'Cruz", "A fake friend", "Red Pepper")


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_a_short_reply_is_one_message() -> None:
    reply = Reply.say("hello")
    assert split_reply(reply) == [reply]


def test_many_quotes_are_split_between_quotes_with_the_footer_last() -> None:
    quotes = tuple(Quote(n, f"quote number {n} " + "word " * 60) for n in range(30))
    reply = Reply((Line("Heading", Style.HEADING), *quotes), footer=SOURCE)
    parts = split_reply(reply)
    assert len(parts) > 1
    assert all(len(to_markdown(part)) <= MESSAGE_LIMIT for part in parts)
    assert [b for part in parts for b in part.blocks] == list(reply.blocks)
    assert parts[-1].footer == SOURCE and all(p.footer is None for p in parts[:-1])
    assert squeezed("".join(to_plain(p) for p in parts)) == squeezed(to_plain(reply))


def test_an_oversized_block_becomes_lines_that_fit_even_after_escaping() -> None:
    reply = Reply.oops("_*" * 3000 + " end")
    parts = split_reply(reply, limit=500)
    markdown = [to_markdown(part) for part in parts]
    assert all(len(text) <= 500 for text in markdown)
    assert all(part.error for part in parts)
    assert squeezed("".join(to_plain(p) for p in parts)) == squeezed(to_plain(reply))
    assert markdown[-1].endswith("end")


def test_a_long_quote_is_kept_whole_in_order() -> None:
    quote = Quote(3, "x" * 2500 + " tail", citation=SOURCE)
    parts = split_reply(Reply((quote,)))
    plain = " ".join(to_plain(p) for p in parts)
    assert plain.startswith("#3 “" + "x" * 100) and plain.index("tail”") > 2500
    assert all(len(to_markdown(part)) <= MESSAGE_LIMIT for part in parts)


texts = st.builds(
    lambda piece, times: piece * times,
    st.text(alphabet="ab c_*#@\n<>“", min_size=1, max_size=20),
    st.integers(1, 60),
)
blocks = st.one_of(
    st.builds(Quote, st.integers(1, 999), texts, st.sampled_from([None, SOURCE])),
    st.builds(Line, texts, st.sampled_from(list(Style))),
)
replies = st.builds(
    Reply, st.lists(blocks, max_size=14).map(tuple), st.sampled_from([None, SOURCE]), st.booleans()
)


@settings(max_examples=300, deadline=None)
@given(reply=replies, limit=st.sampled_from([MESSAGE_LIMIT, 800, 600]))
def test_parts_are_as_full_as_they_can_be(reply: Reply, limit: int) -> None:
    parts = split_reply(reply, limit)
    rendered = [to_markdown(part) for part in parts]
    assert all(len(text) <= limit for text in rendered)
    assert all(part.error == reply.error for part in parts)
    if len(parts) == 1:
        assert parts[0] == reply or len(to_markdown(reply)) > limit
        return
    assert parts[-1].footer == reply.footer and all(p.footer is None for p in parts[:-1])
    # Greedy: each part would have overflowed with the next part's first block (or the footer).
    for part, after in pairwise(parts):
        if after.blocks:
            grown = replace(part, blocks=(*part.blocks, after.blocks[0]), footer=None)
        else:
            grown = replace(part, footer=after.footer)
        assert len(to_markdown(grown)) > limit
    if all(len(to_markdown(Reply((block,)))) <= limit for block in reply.blocks):
        assert [b for part in parts for b in part.blocks] == list(reply.blocks)
