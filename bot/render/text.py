"""Reply to plain text (the console) and to Markdown (chat bodies)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.bidi import isolated
from bot.core.model import Block, Reply, Style
from bot.core.quotes import ENGLISH_WORDING, Citation, Quote, Wording
from bot.render.mentions import defuse_mentions

MARKDOWN_SPECIAL = re.compile(r"([\\`*_~|>#\[\]()])")
# A link as chat clients turn it into one: escaping inside it would change where it leads
# (Discord keeps the backslash, and a browser reads it as a slash).
BARE_URL = re.compile(r"https?://[^\s<>]+")
LINE_BREAK = "\n"
BLANK_LINE = "\n\n"


def as_of_text(quote: Quote, wording: Wording = ENGLISH_WORDING) -> str:
    """'as of 2008' for a dated figure ('as of 11 December 2008' in full view), else ''."""
    return wording.as_of(quote.as_of, quote.full) if quote.as_of else ""


def quote_marks(quote: Quote, wording: Wording = ENGLISH_WORDING) -> list[str]:
    """What follows a quote in brackets: its "as of" date, and in lists whether unverified."""
    unverified = wording.unverified if quote.unverified and not quote.full else ""
    return [mark for mark in (as_of_text(quote, wording), unverified) if mark]


def whole(text: str, wording: Wording) -> str:
    """A quote or citation kept whole in its own direction inside right-to-left words."""
    return isolated(text) if wording.right_to_left else text


def citation_text(citation: Citation, wording: Wording = ENGLISH_WORDING) -> str:
    """The citation in its fixed form, dated in the reply's language, without the dash."""
    return whole(citation.text(wording.long_date), wording)


def quote_lines(
    quote: Quote, escape: Callable[[str], str], emphasis: str, wording: Wording = ENGLISH_WORDING
) -> list[str]:
    """The lines of one quote: a translation labelled as one, id and text, citation, details."""
    marks = quote_marks(quote, wording)
    suffix = f" ({', '.join(marks)})" if marks else ""
    quoted = whole(f"“{escape(quote.text)}”", wording)
    if quote.translation is None:
        lines = [f"#{quote.fact_id} {quoted}{suffix}"]
    else:
        translation = quote.translation
        lines = [
            f"#{quote.fact_id} {escape(translation.label)}",
            f"    {escape(translation.text)}",
            f"    {wording.original} {quoted}{suffix}",
        ]
    if quote.citation:
        lines.append(f"    — {emphasis}{escape(citation_text(quote.citation, wording))}{emphasis}")
    if quote.note:
        lines.append(f"    {wording.note} {escape(quote.note)}")
    if quote.full:
        if quote.topics:
            lines.append(f"    {wording.topics} {escape(', '.join(quote.topics))}")
        if quote.unverified:
            lines.append(f"    {wording.unverified_line}")
    return lines


def block_text(
    block: Block,
    escape: Callable[[str], str],
    emphasis: str = "",
    wording: Wording = ENGLISH_WORDING,
) -> str:
    """One block as text."""
    if isinstance(block, Quote):
        return "\n".join(quote_lines(block, escape, emphasis, wording))
    if block.style is Style.HEADING and emphasis:
        return f"**{escape(block.text)}**"
    return escape(block.text)


def block_texts(reply: Reply, escape: Callable[[str], str], emphasis: str = "") -> list[str]:
    """Every block of ``reply`` as text, with the footer citation last."""
    wording = reply.wording
    texts = [block_text(block, escape, emphasis, wording) for block in reply.blocks]
    if reply.footer:
        texts.append(f"— {emphasis}{escape(citation_text(reply.footer, wording))}{emphasis}")
    return texts


def spacing(reply: Reply) -> list[str]:
    """What goes before each text of ``reply``: a blank line around a quote and the footer."""
    spaced = [isinstance(block, Quote) for block in reply.blocks] + [True] * bool(reply.footer)
    return [
        "" if not index else BLANK_LINE if spaced[index] or spaced[index - 1] else LINE_BREAK
        for index in range(len(spaced))
    ]


def joined(texts: list[str], reply: Reply) -> str:
    """Block texts (and the footer's) of ``reply`` joined, spaced as ``spacing`` says."""
    return "".join(space + text for space, text in zip(spacing(reply), texts, strict=True))


def to_plain(reply: Reply) -> str:
    """The reply as plain text, exactly as stored (for the terminal)."""
    return joined(block_texts(reply, str), reply)


def escape_markdown(text: str) -> str:
    """``text`` with Markdown markup escaped (links left whole) and mass mentions defused."""
    pieces: list[str] = []
    start = 0
    for link in BARE_URL.finditer(text):
        pieces += [MARKDOWN_SPECIAL.sub(r"\\\1", text[start : link.start()]), link.group()]
        start = link.end()
    pieces.append(MARKDOWN_SPECIAL.sub(r"\\\1", text[start:]))
    return defuse_mentions("".join(pieces))


def to_markdown(reply: Reply) -> str:
    """The reply as Markdown with user text escaped (chat bodies)."""
    return joined(block_texts(reply, escape_markdown, "*"), reply)
