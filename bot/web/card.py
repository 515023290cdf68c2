"""A fact as a 1080×1080 quote card: the quote, its citation and its link, never overflowing."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont, features

from bot.facts.records import Fact
from bot.web.templates import citation_text, meta_text

SIZE = 1080
MARGIN = 90
QUOTE_SIZES = (64, 56, 50, 44, 40, 36, 32)
CITATION_SIZE = 30
LINK_SIZE = 28
LINE_SPACING = 1.3
CITATION_LINES = 3
PAPER = (255, 253, 248)
INK = (26, 26, 26)
MUTED = (74, 74, 74)
ACCENT = (138, 28, 28)
ELLIPSIS = "…"

Font = ImageFont.FreeTypeFont
# Right-to-left layout needs libraqm with FriBiDi (the Docker image installs it). Without
# them the text is still drawn inside the card, left to right.
COMPLEX_LAYOUT = features.check("raqm")


@cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans, shipped in the package (Latin, Greek, Cyrillic, Arabic, Hebrew)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    data = resources.files("bot.web").joinpath("fonts", name).read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size)


def direction(text: str) -> str:
    """'rtl' when the first letter with a direction is right-to-left (Arabic, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def width(text: str, face: Font, way: str) -> float:
    """How wide ``text`` is laid out in direction ``way``."""
    return float(face.getlength(text, direction=way if COMPLEX_LAYOUT else None))


def _fitting(text: str, face: Font, way: str, room: float) -> int:
    """How many leading characters of ``text`` fit in ``room`` (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if width(text[:middle], face, way) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def _split_long(word: str, face: Font, way: str, room: float) -> list[str]:
    """A word too long for a line, cut into pieces that each fit."""
    parts: list[str] = []
    while word:
        size = _fitting(word, face, way, room) if width(word, face, way) > room else len(word)
        parts.append(word[:size])
        word = word[size:]
    return parts


def wrap(text: str, face: Font, way: str, room: float, most: int = 10_000) -> list[str]:
    """``text`` in lines no wider than ``room`` (words kept whole unless one alone is wider).

    Past ``most`` lines it stops, with one line more than ``most`` to show that it did.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = [word] if width(word, face, way) <= room else _split_long(word, face, way, room)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if current and width(candidate, face, way) > room:
                lines.append(current)
                if len(lines) > most:
                    return lines
                candidate = piece
            current = candidate
    return [*lines, current] if current else lines


def cut(lines: list[str], keep: int, face: Font, way: str, room: float) -> list[str]:
    """The first ``keep`` lines, the last ending in an ellipsis that still fits."""
    if len(lines) <= keep:
        return lines
    kept = lines[:keep]
    last = kept[-1]
    while last and width(last + ELLIPSIS, face, way) > room:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


@dataclass(frozen=True)
class Block:
    """Lines of one font and direction, placed from ``top``."""

    lines: list[str]
    face: Font
    way: str
    top: float

    @property
    def step(self) -> float:
        """The distance from one line to the next."""
        return self.face.size * LINE_SPACING

    @property
    def height(self) -> float:
        """How tall the block is."""
        return self.step * len(self.lines)


def quote_block(quote: str, top: float, bottom: float) -> Block:
    """The quote at the largest size that fits between ``top`` and ``bottom``; else cut."""
    text = f"“{quote}”"
    way = direction(quote)
    room = SIZE - 2 * MARGIN
    for size in QUOTE_SIZES:
        face = font(size)
        fits = max(1, int((bottom - top) // (face.size * LINE_SPACING)))
        # Not even the whole width of every line would hold it: a smaller size, at once.
        if width(text, face, way) > fits * room and size != QUOTE_SIZES[-1]:
            continue
        lines = wrap(text, face, way, room, most=fits)
        if len(lines) <= fits:
            return Block(lines, face, way, top)
    return Block(cut(lines, fits, face, way, room), face, way, top)


def layout(fact: Fact, link: str) -> list[Block]:
    """Where the quote, its citation and its link go on the card."""
    room = SIZE - 2 * MARGIN
    link_face = font(LINK_SIZE, bold=True)
    shown_link = link or f"#{fact.id}"
    link_block = Block(
        cut(wrap(shown_link, link_face, "ltr", room), 1, link_face, "ltr", room),
        link_face,
        "ltr",
        SIZE - MARGIN - link_face.size * LINE_SPACING,
    )
    citation = "— " + meta_text(citation_text(fact.citation), 400)
    citation_face = font(CITATION_SIZE)
    citation_way = direction(citation)
    lines = cut(
        wrap(citation, citation_face, citation_way, room),
        CITATION_LINES,
        citation_face,
        citation_way,
        room,
    )
    citation_top = link_block.top - citation_face.size * LINE_SPACING * (len(lines) + 0.5)
    citation_block = Block(lines, citation_face, citation_way, citation_top)
    quote = quote_block(fact.quote, MARGIN, citation_top - CITATION_SIZE)
    return [quote, citation_block, link_block]


def draw_block(draw: ImageDraw.ImageDraw, block: Block, colour: tuple[int, int, int]) -> None:
    """Each line of ``block``, from the left margin or, right to left, from the right one."""
    rtl = block.way == "rtl"
    x = SIZE - MARGIN if rtl else MARGIN
    for index, line in enumerate(block.lines):
        y = block.top + index * block.step
        anchor = "ra" if rtl else "la"
        way = block.way if COMPLEX_LAYOUT else None
        draw.text((x, y), line, font=block.face, fill=colour, anchor=anchor, direction=way)


def render_card(fact: Fact, link: str = "") -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (SIZE, SIZE), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 18, SIZE), fill=ACCENT)
    quote, citation, link_block = layout(fact, link)
    draw_block(draw, quote, INK)
    draw_block(draw, citation, MUTED)
    draw_block(draw, link_block, ACCENT)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()
