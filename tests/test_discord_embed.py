"""Discord rendering: quotes as embeds, citations in footers, and Discord's size limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Line, Moment, Reply, Style
from bot.core.quotes import Citation, Quote
from bot.render.discord_embed import (
    DESCRIPTION_CHARS,
    EMBED_CHARS,
    EMBEDS_PER_MESSAGE,
    MESSAGE_CHARS,
    DiscordMessage,
    embed_size,
    to_discord,
)
from bot.render.text import to_markdown, to_plain

SOURCE = Citation(
    "Andrea D'Cruz", "A fake friend", "Red Pepper", date(2008, 12, 11), "https://x.org/a"
)


def within_limits(messages: list[DiscordMessage]) -> None:
    for message in messages:
        assert len(message.content) <= MESSAGE_CHARS
        assert len(message.embeds) <= EMBEDS_PER_MESSAGE
        assert sum(embed_size(e) for e in message.embeds) <= EMBED_CHARS
        assert all(len(e.get("description", "")) <= DESCRIPTION_CHARS for e in message.embeds)
        assert message.content or message.embeds


def test_a_quote_is_an_embed_with_its_citation_and_link() -> None:
    reply = Reply((Line("Topic", Style.HEADING), Quote(8, "A quote.", SOURCE, date(2008, 1, 1))))
    [message] = to_discord(reply)
    assert message.content == "**Topic**"
    [embed] = message.embeds
    assert embed["title"] == "#8 (as of 2008)"
    assert embed["description"] == "“A quote.”"
    assert embed["url"] == "https://x.org/a"
    assert (
        embed["footer"]["text"] == "— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"
    )


def test_a_reply_citing_once_puts_the_citation_on_the_last_embed() -> None:
    reply = Reply((Quote(1, "One."), Quote(2, "Two.")), footer=SOURCE)
    [message] = to_discord(reply)
    assert "footer" not in message.embeds[0]
    assert message.embeds[1]["footer"]["text"].startswith("— Andrea D'Cruz")


def test_user_text_cannot_ping_or_inject_markup() -> None:
    reply = Reply((Line("Hi @everyone **bold**"), Quote(3, "@here <@&12345> _x_", SOURCE)))
    [message] = to_discord(reply)
    assert "@everyone" not in message.content and "\\*\\*bold\\*\\*" in message.content
    description = message.embeds[0]["description"]
    assert "@here" not in description and "<@&" not in description and "\\_x\\_" in description


def test_a_long_help_text_is_split_between_lines() -> None:
    lines = tuple(Line(f"!command{n} — " + "words " * 20) for n in range(60))
    messages = to_discord(Reply(lines))
    within_limits(messages)
    assert len(messages) > 1
    assert "\n".join(m.content for m in messages).count("!command") == 60


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=9000), min_size=1, max_size=14))
def test_any_quotes_fit_discord_limits_whole_and_in_order(lengths: list[int]) -> None:
    quotes = tuple(
        Quote(n + 1, f"q{n + 1}:" + "a" * length, SOURCE) for n, length in enumerate(lengths)
    )
    messages = to_discord(Reply((Line("Heading", Style.HEADING), *quotes)))
    within_limits(messages)
    descriptions = [e["description"] for m in messages for e in m.embeds]
    titles = [e["title"] for m in messages for e in m.embeds if "title" in e]
    assert titles == [f"#{n + 1}" for n in range(len(lengths))]
    text = "".join(descriptions)
    for n, length in enumerate(lengths):
        assert f"q{n + 1}:" + "a" * length in text
    for n, length in enumerate(lengths):
        if length < 5000:
            holders = [i for i, m in enumerate(messages) if any(f"q{n + 1}:" in e["description"]
                                                                for e in m.embeds)]  # fmt: skip
            assert len(holders) == 1, "a quote that fits one message is never split"


def test_a_time_in_a_line_is_a_timestamp_on_discord_and_the_zone_elsewhere() -> None:
    at = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
    line = Line.of(
        "Picket *at* IOM — ",
        Moment(at, "Sat 5 Dec, 14:00 GMT"),
        "; reminder ",
        Moment(at, "Sat 5 Dec, 14:00 GMT", relative=False),
        style=Style.HEADING,
    )
    reply = Reply((line,))
    assert (
        to_plain(reply) == "Picket *at* IOM — Sat 5 Dec, 14:00 GMT; reminder Sat 5 Dec, 14:00 GMT"
    )
    assert "Sat 5 Dec, 14:00 GMT" in to_markdown(reply)
    [message] = to_discord(reply)
    unix = int(at.timestamp())
    assert message.content == (
        rf"**Picket \*at\* IOM — <t:{unix}:F> (<t:{unix}:R>); reminder <t:{unix}:F>**"
    )


def test_a_link_in_the_bot_s_words_is_left_whole_and_the_rest_escaped() -> None:
    link = "http://127.0.0.1:8080/login/a_b*c~d|e#f"
    [message] = to_discord(Reply((Line(f"Open {link} (once) *now*"),)))
    assert message.content == f"Open {link} \\(once\\) \\*now\\*"
