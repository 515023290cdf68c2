"""The quote card: whatever the quote's length and script, its text stays inside the image."""

from __future__ import annotations

import io
import os
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from bot.core.quotes import Citation
from bot.facts.records import Fact
from bot.facts.validation import MAX_QUOTE
from bot.web.card import MARGIN, PAPER, SIZE, direction, layout, render_card

# The coloured bar down the left edge is drawn on purpose; text must stay off it and inside.
BAR = 19
INSIDE = (MARGIN // 2, MARGIN // 2, SIZE - MARGIN // 2, SIZE - MARGIN // 2)
EXAMPLES = 300 if os.environ.get("CAMPAIGN_BOT_HYPOTHESIS") == "full" else 40
CITATION = Citation("Andrea D'Cruz", "A fake friend", "Red Pepper", date(2008, 12, 11))

LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F, categories=["L", "N", "P", "Zs"])
ARABIC = st.characters(min_codepoint=0x600, max_codepoint=0x6FF, categories=["L", "N", "Zs"])
SPACE_OR_ARABIC = st.one_of(ARABIC, st.just(" "))
QUOTES = st.one_of(
    st.text(LATIN, min_size=1, max_size=MAX_QUOTE),
    st.text(SPACE_OR_ARABIC, min_size=1, max_size=MAX_QUOTE),
    st.lists(st.text(LATIN.filter(lambda c: c != " "), min_size=30, max_size=400), max_size=8).map(
        " ".join
    ),
    st.text(st.one_of(LATIN, ARABIC), min_size=1, max_size=MAX_QUOTE),
).filter(lambda text: text.strip())


def fact(quote: str, citation: Citation = CITATION) -> Fact:
    """A fact to draw."""
    return Fact(id=123456789, topics=("x",), source="s", quote=quote, citation=citation)


def ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    """The box around everything drawn on the card but its left bar."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.paste(PAPER, (0, 0, BAR, SIZE))
    return ImageChops.difference(image, Image.new("RGB", image.size, PAPER)).getbbox()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=QUOTES, link=st.sampled_from(["", "https://facts.example.org/facts/123456789"]))
@example(quote="a" * MAX_QUOTE, link="")
@example(quote="ب" * MAX_QUOTE, link="")
@example(quote=("word " * 400).strip(), link="https://facts.example.org/facts/1")
def test_card_text_stays_inside_the_image(quote: str, link: str) -> None:
    box = ink_box(render_card(fact(quote), link))
    assert box is not None
    left, top, right, bottom = box
    assert left >= INSIDE[0] and top >= INSIDE[1], box
    assert right <= INSIDE[2] and bottom <= INSIDE[3], box


@settings(max_examples=EXAMPLES, deadline=None)
@given(quote=QUOTES)
def test_a_cut_quote_ends_in_an_ellipsis_and_keeps_its_link(quote: str) -> None:
    quote_lines, _, link = layout(fact(quote), "https://facts.example.org/facts/1")
    shown = "".join("".join(quote_lines.lines).split())
    whole = "".join(f"“{quote}”".split())
    assert shown == whole or shown.endswith("…")
    assert link.lines == ["https://facts.example.org/facts/1"]


def test_a_long_citation_is_cut_to_three_lines() -> None:
    long = Citation("A" * 300, "T " * 150, "P" * 300, date(2008, 12, 11))
    _, citation, _ = layout(fact("Short.", long), "")
    assert len(citation.lines) == 3 and citation.lines[-1].endswith("…")


def test_arabic_is_laid_out_right_to_left() -> None:
    quote = "المنظمة الدولية للهجرة تقول إنها تساعد المهاجرين"
    assert direction(quote) == "rtl" and direction("IOM " + quote) == "ltr"
    box = ink_box(render_card(fact(quote)))
    assert box is not None
    # Right-aligned: the first line ends at the right margin, not the left.
    line = Image.open(io.BytesIO(render_card(fact(quote)))).crop((BAR, MARGIN, SIZE, MARGIN + 60))
    first = ImageChops.difference(line.convert("RGB"), Image.new("RGB", line.size, PAPER))
    lined = first.getbbox()
    assert lined is not None and lined[2] + BAR > SIZE - MARGIN - 10
