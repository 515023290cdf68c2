"""Reply to Matrix ``formatted_body`` HTML and its plain ``body``, split to fit one event each."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import escape

from bot.core.model import Citation, Line, Quote, Reply, Style
from bot.render.mentions import defuse_mentions
from bot.render.text import quote_marks, to_plain

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def text_html(text: str) -> str:
    """User or bot text as HTML: escaped, mass mentions defused, web links made links."""
    text = defuse_mentions(text)
    out: list[str] = []
    position = 0
    for match in URL.finditer(text):
        out.append(escape(text[position : match.start()], quote=False))
        url = match.group(0)
        out.append(f'<a href="{escape(url)}">{escape(url, quote=False)}</a>')
        position = match.end()
    out.append(escape(text[position:], quote=False))
    return "".join(out).replace("\n", "<br>")


def citation_html(citation: Citation) -> str:
    """The citation in its fixed form, in small text (Matrix allows no <small>), link clickable."""
    return f"<sub>— {text_html(citation.text())}</sub>"


def quote_html(quote: Quote) -> str:
    """One quote as a blockquote: id and text, then citation, note and details."""
    marks = quote_marks(quote)
    suffix = f" <em>({', '.join(marks)})</em>" if marks else ""
    parts = [f"<p><strong>#{quote.fact_id}</strong> “{text_html(quote.text)}”{suffix}</p>"]
    if quote.citation:
        parts.append(f"<p>{citation_html(quote.citation)}</p>")
    details: list[str] = []
    if quote.note:
        details.append(f"Note: {text_html(quote.note)}")
    if quote.full:
        if quote.topics:
            details.append(f"Topics: {text_html(', '.join(quote.topics))}")
        if quote.unverified:
            details.append("Unverified: not found word for word in the stored source text.")
    if details:
        parts.append(f"<p><em>{'<br>'.join(details)}</em></p>")
    return f"<blockquote>{''.join(parts)}</blockquote>"


def line_html(line: Line) -> str:
    """One line of the bot's words."""
    if line.style is Style.HEADING:
        return f"<p><strong>{text_html(line.text)}</strong></p>"
    if line.style is Style.HINT:
        return f"<p><em>{text_html(line.text)}</em></p>"
    return f"<p>{text_html(line.text)}</p>"


def to_matrix_html(reply: Reply) -> str:
    """The reply as Matrix HTML: quotes as blockquotes, citations small, user text escaped."""
    html = [quote_html(b) if isinstance(b, Quote) else line_html(b) for b in reply.blocks]
    if reply.footer:
        html.append(f"<p>{citation_html(reply.footer)}</p>")
    return "".join(html)


def to_matrix_body(reply: Reply) -> str:
    """The plain-text fallback body, with mass mentions defused."""
    return defuse_mentions(to_plain(reply))


def split_reply(reply: Reply, fits: Callable[[Reply], bool]) -> list[Reply]:
    """``reply`` cut between blocks (never inside a quote) into parts that each ``fits``.

    The footer citation goes with the last part. A single block too big to fit
    on its own is still sent whole: a quote is never cut.
    """
    if fits(reply) or len(reply.blocks) <= 1:
        return [reply]
    parts: list[Reply] = []
    current: list[Line | Quote] = []
    for block in reply.blocks:
        attempt = replace(reply, blocks=(*current, block), footer=None)
        if current and not fits(attempt):
            parts.append(replace(reply, blocks=tuple(current), footer=None))
            current = [block]
        else:
            current.append(block)
    last = replace(reply, blocks=tuple(current))
    if parts and not fits(last) and reply.footer:
        parts.append(replace(last, footer=None))
        last = replace(reply, blocks=(), footer=reply.footer)
    parts.append(last)
    return parts
