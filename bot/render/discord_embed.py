"""Reply to Discord messages as plain data (content and embed dicts) within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.core.model import Line, Moment, Reply, Style
from bot.core.quotes import ENGLISH_WORDING, Citation, Quote, Wording
from bot.render.mentions import defuse_mentions
from bot.render.split import Piece, cut
from bot.render.text import as_of_text, citation_text, escape_markdown, whole

MESSAGE_CHARS = 2000
EMBED_CHARS = 6000
DESCRIPTION_CHARS = 4096
EMBEDS_PER_MESSAGE = 10
TITLE_CHARS = 256
FOOTER_CHARS = 2048
FIELD_CHARS = 1024
QUOTE_COLOUR = 0xC0392B

Embed = dict[str, Any]


@dataclass(frozen=True)
class DiscordMessage:
    """One message to post: Markdown content and up to ten embeds."""

    content: str = ""
    embeds: tuple[Embed, ...] = ()


def embed_size(embed: Embed) -> int:
    """The characters Discord counts towards an embed's 6,000 limit."""
    size = len(embed.get("title", "")) + len(embed.get("description", ""))
    size += len(embed.get("footer", {}).get("text", ""))
    size += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return size


def chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at a space or line if possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


def citation_footer(citation: Citation, wording: Wording = ENGLISH_WORDING) -> str:
    """The citation in its fixed form, for an embed footer (the link goes on the title)."""
    return defuse_mentions("— " + citation_text(replace(citation, url=""), wording))[:FOOTER_CHARS]


def quote_embeds(
    quote: Quote, footer: Citation | None, wording: Wording = ENGLISH_WORDING
) -> list[Embed]:
    """One quote as an embed (several when the quote is longer than one embed may be).

    A translation comes first, labelled, and the quote whole beneath it.
    """
    unverified = wording.unverified if quote.unverified else ""
    marks = [m for m in (as_of_text(quote, wording), unverified) if m]
    title = f"#{quote.fact_id}" + (f" ({', '.join(marks)})" if marks else "")
    text = whole(f"“{escape_markdown(quote.text)}”", wording)
    if quote.translation is not None:
        label = escape_markdown(quote.translation.label)
        translated = escape_markdown(quote.translation.text)
        text = f"*{label}*\n{translated}\n\n**{escape_markdown(wording.original)}** {text}"
    if quote.note:
        text += f"\n\n*{escape_markdown(wording.note)}* {escape_markdown(quote.note)}"
    fields: list[dict[str, Any]] = []
    if quote.full:
        if quote.topics:
            topics = escape_markdown(", ".join(quote.topics))[:FIELD_CHARS]
            fields.append({"name": wording.topics_title, "value": topics})
        if quote.unverified:
            fields.append({"name": wording.unverified_title, "value": wording.unverified_field})
    parts = chunks(text, DESCRIPTION_CHARS - 200)
    embeds: list[Embed] = [{"description": part, "color": QUOTE_COLOUR} for part in parts]
    embeds[0]["title"] = title[:TITLE_CHARS]
    citation = quote.citation or footer
    if citation and citation.url:
        embeds[0]["url"] = citation.url
    if fields:
        embeds[-1]["fields"] = fields
    if citation:
        embeds[-1]["footer"] = {"text": citation_footer(citation, wording)}
    return embeds


def timestamp(moment: Moment) -> str:
    """A time each reader sees in their own zone: '<t:1764943200:F> (<t:1764943200:R>)'."""
    unix = int(moment.at.timestamp())
    return f"<t:{unix}:F> (<t:{unix}:R>)" if moment.relative else f"<t:{unix}:F>"


def line_text(line: Line) -> str:
    """A line of the bot's words as Markdown (user text in it escaped, times as timestamps)."""
    parts = line.parts()
    text = "".join(timestamp(p) if isinstance(p, Moment) else escape_markdown(p) for p in parts)
    return f"**{text}**" if line.style is Style.HEADING else text


def pack(groups: list[list[Embed]]) -> list[list[Embed]]:
    """Embeds grouped into messages (≤10 embeds, ≤6,000 characters), each quote kept whole."""
    embeds = [embed for group in groups for embed in group]
    pieces = [
        Piece(embed_size(embed), glued=index > 0)
        for group in groups
        for index, embed in enumerate(group)
    ]
    runs = cut(pieces, EMBED_CHARS, EMBEDS_PER_MESSAGE)
    return [embeds[run.start : run.stop] for run in runs]


def content_pieces(lines: list[str]) -> list[str]:
    """Lines joined into message contents of at most 2,000 characters, split between lines."""
    texts = [part for line in lines for part in chunks(line, MESSAGE_CHARS) if part]
    runs = cut([Piece(len(text), gap=len("\n")) for text in texts], MESSAGE_CHARS)
    return ["\n".join(texts[run.start : run.stop]) for run in runs]


def to_discord(reply: Reply) -> list[DiscordMessage]:
    """The reply as Discord messages: the bot's lines as content, each quote as an embed."""
    quotes = [block for block in reply.blocks if isinstance(block, Quote)]
    lines = [line_text(block) for block in reply.blocks if isinstance(block, Line)]
    wording = reply.wording
    groups = [quote_embeds(q, reply.footer if q is quotes[-1] else None, wording) for q in quotes]
    if reply.footer and (not quotes or quotes[-1].citation):
        lines.append(escape_markdown("— " + citation_text(reply.footer, wording)))
    texts = content_pieces(lines)
    batches = pack(groups)
    if not batches:
        return [DiscordMessage(text) for text in texts] or [DiscordMessage(wording.nothing)]
    first = [DiscordMessage(text) for text in texts[:-1]]
    last_text = texts[-1] if texts else ""
    return [
        *first,
        DiscordMessage(last_text, tuple(batches[0])),
        *(DiscordMessage("", tuple(batch)) for batch in batches[1:]),
    ]
