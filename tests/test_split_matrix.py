"""Matrix replies cut into events: under the byte limit, between blocks, as full as can be."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.matrix.convert import (
    MAX_CONTENT_BYTES,
    content_bytes,
    notice_content,
    reply_contents,
)
from bot.core.model import Line, Reply, Style
from bot.core.quotes import Quote
from bot.render.matrix_html import MatrixText, to_matrix_body, to_matrix_html
from bot.render.mentions import has_live_mention
from bot.render.text import spacing
from tests.reply_strategies import SOURCE, replies

Contents = list[dict[str, Any]]


def squeezed(text: str) -> str:
    return "".join(text.split())


def sub_reply(reply: Reply, held: list[int]) -> Reply:
    """The reply made of the pieces ``held`` (block indexes; the footer is the last index)."""
    blocks = tuple(reply.blocks[index] for index in held if index < len(reply.blocks))
    footer = reply.footer if len(reply.blocks) in held else None
    return Reply(blocks, footer)


def size(reply: Reply, reply_to: str | None) -> int:
    """The bytes of ``reply`` as one notice, rendered whole."""
    text = MatrixText(to_matrix_body(reply), to_matrix_html(reply))
    return content_bytes(notice_content(text, reply_to))


def holdings(reply: Reply, contents: Contents) -> list[list[int]]:
    """Which pieces each event holds, read off its HTML; every piece once, in order."""
    html = [to_matrix_html(Reply((block,))) for block in reply.blocks]
    html += [to_matrix_html(Reply(footer=reply.footer))] if reply.footer else []
    parts: list[list[int]] = []
    index = 0
    for content in contents:
        rest, held = content["formatted_body"], []
        while rest:
            assert rest.startswith(html[index]), (index, rest[:80])
            rest = rest.removeprefix(html[index])
            held.append(index)
            index += 1
        parts.append(held)
    assert index == len(html)
    return parts


def test_a_short_reply_is_one_event() -> None:
    reply = Reply.say("hello")
    (content,) = reply_contents(reply)
    assert (content["body"], content["formatted_body"]) == ("hello", '<p dir="auto">hello</p>')


def test_many_quotes_are_split_between_quotes_with_the_footer_last() -> None:
    quotes = tuple(Quote(n, f"quote number {n} " + "word " * 60) for n in range(30))
    reply = Reply((Line("Heading", Style.HEADING), *quotes), footer=SOURCE)
    contents = reply_contents(reply, "$event", limit=4000)
    assert len(contents) > 1
    assert all(content_bytes(content) <= 4000 for content in contents)
    assert "".join(c["formatted_body"] for c in contents) == to_matrix_html(reply)
    assert [c["formatted_body"].count("<sub>") for c in contents] == [0] * (len(contents) - 1) + [1]
    assert all(c["m.relates_to"] == {"m.in_reply_to": {"event_id": "$event"}} for c in contents)


def test_a_long_quote_is_kept_whole_in_one_event() -> None:
    quote = Quote(3, "x" * 2500 + " tail", citation=SOURCE)
    contents = reply_contents(Reply((Line("Before"), quote, Line("After"))), limit=2000)
    assert [c["body"] for c in contents] == ["Before", to_matrix_body(Reply((quote,))), "After"]


def test_the_footer_goes_with_the_last_quote_rather_than_alone() -> None:
    quotes = tuple(Quote(n, "y" * 300) for n in range(3))
    reply = Reply(quotes, footer=SOURCE)
    whole = size(reply, None)
    contents = reply_contents(reply, limit=whole - 1)
    assert [c["formatted_body"].count('<blockquote dir="auto">') for c in contents] == [2, 1]
    assert "— Andrea D'Cruz" in contents[-1]["body"]


@settings(max_examples=300, deadline=None)
@given(
    reply=replies,
    limit=st.sampled_from([MAX_CONTENT_BYTES, 3000, 1500, 800]),
    reply_to=st.sampled_from([None, "$event:example.org"]),
)
def test_events_are_within_the_limit_in_order_and_as_full_as_they_can_be(
    reply: Reply, limit: int, reply_to: str | None
) -> None:
    contents = reply_contents(reply, reply_to, limit)
    parts = holdings(reply, contents)
    # Nothing lost or reordered: the bodies are the whole body, cut where a piece starts.
    spaces = spacing(reply)
    body = contents[0]["body"]
    body += "".join(
        spaces[held[0]] + c["body"] for held, c in zip(parts[1:], contents[1:], strict=True)
    )
    assert body == to_matrix_body(reply)
    assert not any(has_live_mention(c["body"] + c["formatted_body"]) for c in contents)
    # Within the limit, except one block too big for any event.
    for held, content in zip(parts, contents, strict=True):
        assert content_bytes(content) <= limit or len(held) == 1
        assert content_bytes(content) == size(sub_reply(reply, held), reply_to)
    # The footer citation shares an event with the last quote it cites, if they fit.
    quotes = [index for index, block in enumerate(reply.blocks) if isinstance(block, Quote)]
    tail = list(range(quotes[-1], len(reply.blocks) + 1)) if quotes and reply.footer else []
    tail_fits = bool(tail) and size(sub_reply(reply, tail), reply_to) <= limit
    if tail_fits:
        assert any(set(tail) <= set(held) for held in parts)
    # Greedy: each event would overflow with what comes first in the next.
    for held, after in pairwise(parts):
        unit = tail if tail_fits and after[0] == tail[0] else after[:1]
        assert size(sub_reply(reply, held + unit), reply_to) > limit
