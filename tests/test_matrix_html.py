"""Matrix HTML and plain bodies from a Reply: escaped, mention-safe, cut only between quotes."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.core.model import Line, Reply, Style
from bot.core.quotes import Citation, Quote
from bot.render.matrix_html import (
    MatrixText,
    json_size,
    text_html,
    to_matrix,
    to_matrix_body,
    to_matrix_html,
)

SOURCE = Citation(
    "Andrea D'Cruz",
    "A fake friend",
    "Red Pepper",
    date(2008, 12, 11),
    "https://example.org/a?b=1&c=2",
)


def test_quote_is_a_blockquote_with_a_small_linked_citation() -> None:
    reply = Reply((Quote(8, "IOM UK runs <two> programmes", SOURCE, as_of=date(2008, 1, 1)),))
    html = to_matrix_html(reply)
    assert html.startswith(
        '<blockquote dir="auto"><p dir="auto"><strong>#8</strong>'
        " “IOM UK runs &lt;two&gt; programmes”"
    )
    assert "<em>(as of 2008)</em>" in html
    assert (
        "<sub>— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008 "
        '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></sub>'
    ) in html
    body = to_matrix_body(reply)
    assert "#8 “IOM UK runs <two> programmes” (as of 2008)" in body
    assert "— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008 https://" in body


def test_lines_footer_and_notes() -> None:
    reply = Reply(
        (
            Line("Topic", Style.HEADING),
            Quote(1, "q", note="said by <someone>"),
            Line("Next: !facts varrp 2", Style.HINT),
        ),
        footer=SOURCE,
    )
    html = to_matrix_html(reply)
    assert html.startswith('<p dir="auto"><strong>Topic</strong></p><blockquote dir="auto">')
    assert "<em>Note: said by &lt;someone&gt;</em>" in html
    assert '<p dir="auto"><em>Next: !facts varrp 2</em></p>' in html
    assert html.endswith("</a></sub></p>")


def test_mass_mentions_are_defused_in_both_bodies() -> None:
    reply = Reply((Line("ping @room and @everyone"), Quote(2, "@room look")))
    for text in (to_matrix_html(reply), to_matrix_body(reply)):
        assert "@room" not in text and "@everyone" not in text
        assert "@\u200broom" in text


def test_only_web_links_become_links() -> None:
    assert text_html("see javascript:alert(1)") == "see javascript:alert(1)"
    assert text_html('x https://a.org/"><script>.') == (
        'x <a href="https://a.org/">https://a.org/</a>"&gt;&lt;script&gt;.'
    )


@given(st.text(max_size=200))
def test_user_text_never_makes_markup(text: str) -> None:
    html = text_html(text)
    without_links = html.replace("<a href=", "").replace("</a>", "").replace("<br>", "")
    assert "<" not in without_links.replace('">', "")


def size(part: MatrixText) -> int:
    return json_size(part.body) + json_size(part.html)


def test_split_keeps_quotes_whole_and_footer_last() -> None:
    quotes = tuple(Quote(n, "x" * 100) for n in range(10))
    reply = Reply((Line("Head", Style.HEADING), *quotes), footer=SOURCE)
    parts = to_matrix(reply, 700)
    assert len(parts) > 1
    assert "".join(part.html for part in parts) == to_matrix_html(reply)
    assert all(
        part.html.count('<blockquote dir="auto">') == part.html.count("</blockquote>")
        for part in parts
    )
    assert [part.html.count("<sub>") for part in parts] == [0] * (len(parts) - 1) + [1]
    assert all(size(part) <= 700 for part in parts)


def test_a_reply_that_fits_is_not_split_and_a_huge_quote_is_not_cut() -> None:
    small = Reply((Quote(1, "short"),))
    assert to_matrix(small, 10**6) == [MatrixText(to_matrix_body(small), to_matrix_html(small))]
    huge = Reply((Quote(1, "y" * 1000), Quote(2, "z")))
    parts = to_matrix(huge, 300)
    assert [part.html for part in parts] == [to_matrix_html(Reply((b,))) for b in huge.blocks]
    assert size(parts[0]) > 300 >= size(parts[1])
