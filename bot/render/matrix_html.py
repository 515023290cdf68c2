"""Reply to Matrix ``formatted_body`` HTML and its plain ``body``, cut into events that fit."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

from bot.core.model import Line, Reply, Style
from bot.core.quotes import ENGLISH_WORDING, Citation, Quote, Wording
from bot.render.mentions import defuse_mentions
from bot.render.split import Piece, cut
from bot.render.text import block_texts, citation_text, quote_marks, spacing

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


# Each block finds its own direction: Arabic words, an English quote beneath them.
PARAGRAPH = '<p dir="auto">'


def citation_html(citation: Citation, wording: Wording = ENGLISH_WORDING) -> str:
    """The citation in its fixed form, in small text (Matrix allows no <small>), link clickable."""
    return f"<sub>— {text_html(citation_text(citation, wording))}</sub>"


def quote_html(quote: Quote, wording: Wording = ENGLISH_WORDING) -> str:
    """One quote as a blockquote: a translation labelled as one, id and text, citation, details."""
    marks = quote_marks(quote, wording)
    suffix = f" <em>({', '.join(marks)})</em>" if marks else ""
    quoted = f"“{text_html(quote.text)}”{suffix}"
    number = f"<strong>#{quote.fact_id}</strong>"
    if quote.translation is None:
        parts = [f"{PARAGRAPH}{number} {quoted}</p>"]
    else:
        label, translated = quote.translation.label, quote.translation.text
        parts = [
            f"{PARAGRAPH}{number} <em>{text_html(label)}</em><br>{text_html(translated)}</p>",
            f"{PARAGRAPH}{text_html(wording.original)} {quoted}</p>",
        ]
    if quote.citation:
        parts.append(f"{PARAGRAPH}{citation_html(quote.citation, wording)}</p>")
    details: list[str] = []
    if quote.note:
        details.append(f"{text_html(wording.note)} {text_html(quote.note)}")
    if quote.full:
        if quote.topics:
            details.append(f"{text_html(wording.topics)} {text_html(', '.join(quote.topics))}")
        if quote.unverified:
            details.append(text_html(wording.unverified_line))
    if details:
        parts.append(f"{PARAGRAPH}<em>{'<br>'.join(details)}</em></p>")
    return f'<blockquote dir="auto">{"".join(parts)}</blockquote>'


def line_html(line: Line) -> str:
    """One line of the bot's words."""
    if line.style is Style.HEADING:
        return f"{PARAGRAPH}<strong>{text_html(line.text)}</strong></p>"
    if line.style is Style.HINT:
        return f"{PARAGRAPH}<em>{text_html(line.text)}</em></p>"
    return f"{PARAGRAPH}{text_html(line.text)}</p>"


@dataclass(frozen=True)
class MatrixText:
    """One Matrix message of a reply: the plain ``body`` and its HTML ``formatted_body``."""

    body: str
    html: str


@dataclass(frozen=True)
class Rendered:
    """A block (or the footer) rendered once: what goes before it in the body, body, HTML."""

    space: str
    body: str
    html: str


def rendered(reply: Reply) -> list[Rendered]:
    """Every block of ``reply`` and its footer, each rendered once for both bodies."""
    wording = reply.wording
    bodies = [defuse_mentions(text) for text in block_texts(reply, str)]
    html = [quote_html(b, wording) if isinstance(b, Quote) else line_html(b) for b in reply.blocks]
    if reply.footer:
        html.append(f"{PARAGRAPH}{citation_html(reply.footer, wording)}</p>")
    return [Rendered(*texts) for texts in zip(spacing(reply), bodies, html, strict=True)]


def to_matrix_html(reply: Reply) -> str:
    """The reply as Matrix HTML: quotes as blockquotes, citations small, user text escaped."""
    return _joined(rendered(reply)).html


def to_matrix_body(reply: Reply) -> str:
    """The plain-text fallback body, with mass mentions defused."""
    return _joined(rendered(reply)).body


def json_size(text: str) -> int:
    """The characters ``text`` takes inside a JSON string, non-ASCII escaped (the worst case)."""
    return len(json.dumps(text)) - 2


def to_matrix(reply: Reply, limit: int) -> list[MatrixText]:
    """The reply as messages whose body and HTML take at most ``limit`` characters of JSON.

    Cut between blocks: a quote is never cut (one bigger than ``limit`` goes alone, whole),
    and the footer citation stays in one message with the last quote it cites.
    """
    pieces = rendered(reply)
    last_quote = max((i for i, b in enumerate(reply.blocks) if isinstance(b, Quote)), default=-1)
    measured = [
        Piece(
            json_size(piece.body) + json_size(piece.html),
            gap=json_size(piece.space),
            glued=reply.footer is not None and index > last_quote >= 0,
        )
        for index, piece in enumerate(pieces)
    ]
    runs = cut(measured, limit) or [range(0)]
    return [_joined([pieces[index] for index in run]) for run in runs]


def _joined(pieces: list[Rendered]) -> MatrixText:
    """Rendered pieces as one message (no space before its first)."""
    first = pieces[0].body if pieces else ""
    body = first + "".join(piece.space + piece.body for piece in pieces[1:])
    return MatrixText(body, "".join(piece.html for piece in pieces))
