"""Discord replies cut into messages: contents and embeds within limits, in order, full."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Line, Reply, Style
from bot.core.quotes import Citation, Quote
from bot.render.discord_embed import (
    EMBED_CHARS,
    EMBEDS_PER_MESSAGE,
    MESSAGE_CHARS,
    Embed,
    chunks,
    content_pieces,
    embed_size,
    line_text,
    pack,
    quote_embeds,
    to_discord,
)
from tests.reply_strategies import SOURCE, lines, quotes, replies, texts

# Quotes longer than one embed, or one message, may be.
big_quotes = st.builds(Quote, st.integers(1, 9), st.sampled_from(["z " * 2800, "y " * 4500]))


def squeezed(text: str) -> str:
    return "".join(text.split())


def fits(embeds: list[Embed]) -> bool:
    total = sum(embed_size(embed) for embed in embeds)
    return len(embeds) <= EMBEDS_PER_MESSAGE and total <= EMBED_CHARS


def test_a_short_reply_is_one_message() -> None:
    [message] = to_discord(Reply.say("hello"))
    assert (message.content, message.embeds) == ("hello", ())


def test_many_quotes_are_split_between_quotes_with_the_footer_last() -> None:
    quoted = tuple(Quote(n, f"quote number {n} " + "word " * 200) for n in range(30))
    messages = to_discord(Reply((Line("Heading", Style.HEADING), *quoted), footer=SOURCE))
    assert len(messages) > 1 and messages[0].content == "**Heading**"
    assert all(fits(list(message.embeds)) for message in messages)
    embeds = [embed for message in messages for embed in message.embeds]
    assert [embed["title"] for embed in embeds] == [f"#{n}" for n in range(30)]
    assert [("footer" in embed) for embed in embeds] == [False] * 29 + [True]


def test_an_oversized_line_becomes_contents_that_fit_even_after_escaping() -> None:
    messages = to_discord(Reply.oops("_*" * 3000 + " end"))
    assert len(messages) > 1
    assert all(len(message.content) <= MESSAGE_CHARS for message in messages)
    assert "".join(m.content for m in messages) == "\\_\\*" * 3000 + "end"


def test_a_long_quote_is_kept_whole_in_one_embed() -> None:
    quote = Quote(3, "x" * 2500 + " tail", citation=SOURCE)
    [message] = to_discord(Reply((quote,)))
    [embed] = message.embeds
    assert embed["description"] == "“" + "x" * 2500 + " tail”"


@settings(max_examples=300, deadline=None)
@given(
    quoted=st.lists(st.one_of(quotes, big_quotes), max_size=14),
    footer=st.sampled_from([None, SOURCE]),
)
def test_embeds_pack_within_limits_in_order_and_as_full_as_they_can_be(
    quoted: list[Quote], footer: Citation | None
) -> None:
    groups = [quote_embeds(quote, footer) for quote in quoted]
    messages = pack(groups)
    assert [e for message in messages for e in message] == [e for group in groups for e in group]
    assert all(fits(message) for message in messages)
    # A quote that fits one message is never split; each message would overflow with
    # what comes first in the next: the next quote whole, or the next embed of a big one.
    starts = {id(group[0]): group for group in groups}
    for message in messages:
        for embed in message:
            group = starts.get(id(embed))
            if group and fits(group):
                assert all(any(e is g for e in message) for g in group)
    for message, after in pairwise(messages):
        group = starts.get(id(after[0]))
        unit = group if group and fits(group) else after[:1]
        assert not fits([*message, *unit])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.builds(line_text, lines), texts, st.just("w " * 1500)), max_size=20))
def test_contents_are_within_the_limit_in_order_and_as_full_as_they_can_be(
    shown: list[str],
) -> None:
    pieces = [piece for text in shown for piece in chunks(text, MESSAGE_CHARS) if piece]
    contents = content_pieces(shown)
    assert all(0 < len(content) <= MESSAGE_CHARS for content in contents)
    assert squeezed("".join(contents)) == squeezed("".join(shown))
    # Each content is whole pieces joined by line breaks, as many as fit.
    index = 0
    firsts = []
    for content in contents:
        firsts.append(pieces[index])
        end = index + 1
        while len("\n".join(pieces[index:end])) < len(content):
            end += 1
        assert content == "\n".join(pieces[index:end])
        index = end
    assert index == len(pieces)
    for content, first in zip(contents, firsts[1:], strict=False):
        assert len(content) + 1 + len(first) > MESSAGE_CHARS


@settings(max_examples=200, deadline=None)
@given(reply=replies)
def test_every_reply_becomes_messages_within_discord_limits(reply: Reply) -> None:
    messages = to_discord(reply)
    for message in messages:
        assert len(message.content) <= MESSAGE_CHARS and fits(list(message.embeds))
        assert message.content or message.embeds
    titles = [e["title"] for m in messages for e in m.embeds if "title" in e]
    assert titles == [f"#{b.fact_id}" for b in reply.blocks if isinstance(b, Quote)]
