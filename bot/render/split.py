"""Split a long Reply into several that each fit a platform's message length limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from bot.core.model import Block, Line, Quote, Reply, Style
from bot.render.text import block_text, to_markdown

# Discord's limit on a message's text; Matrix allows far more, so it is the one to meet.
MESSAGE_LIMIT = 2000
LINE_BREAK = "\n"
PARAGRAPH_BREAK = "\n\n"

Render = Callable[[Reply], str]


def split_reply(
    reply: Reply, limit: int = MESSAGE_LIMIT, render: Render = to_markdown
) -> list[Reply]:
    """``reply`` as replies that each render to at most ``limit`` characters, cut between blocks.

    A block too long for one message on its own is sent as plain lines cut at spaces.
    ``render`` must join block texts as ``bot.render.text.joined`` does (to_markdown,
    to_plain): each block is rendered once and the lengths of parts are added up.
    """
    if len(render(reply)) <= limit:
        return [reply]
    parts: list[Reply] = []
    current: list[Block] = []
    size = 0
    for block, length in _fitting_blocks(reply, limit, render):
        if current and size + _gap(current[-1], block) + length > limit:
            parts.append(_part(reply, current))
            current, size = [], 0
        size += (_gap(current[-1], block) if current else 0) + length
        current.append(block)
    if reply.footer is not None:
        footer = len(render(Reply(footer=reply.footer)))
        if current and size + len(PARAGRAPH_BREAK) + footer > limit:
            parts.append(_part(reply, current))
            current = []
        parts.append(replace(_part(reply, current), footer=reply.footer))
    elif current:
        parts.append(_part(reply, current))
    return parts


def _gap(before: Block, after: Block) -> int:
    """The length of what ``joined`` puts between two blocks: a blank line around a quote."""
    spaced = isinstance(before, Quote) or isinstance(after, Quote)
    return len(PARAGRAPH_BREAK if spaced else LINE_BREAK)


def _part(reply: Reply, blocks: list[Block]) -> Reply:
    """A reply like ``reply`` (error flag, extras) with these blocks and no footer."""
    return replace(reply, blocks=tuple(blocks), footer=None)


def _fitting_blocks(reply: Reply, limit: int, render: Render) -> Iterator[tuple[Block, int]]:
    """The blocks of ``reply`` with their rendered lengths, oversized ones cut into lines."""
    for block in reply.blocks:
        length = len(render(_part(reply, [block])))
        if length <= limit:
            yield block, length
            continue

        style = _style(block)

        def fits(text: str, style: Style = style) -> bool:
            return len(render(_part(reply, [Line(text, style)]))) <= limit

        for piece in pieces(block_text(block, str), fits):
            line = Line(piece, style)
            yield line, len(render(_part(reply, [line])))


def _style(block: Block) -> Style:
    """The style a block's pieces keep: a line's own, plain for a quote."""
    return block.style if isinstance(block, Line) else Style.PLAIN


def pieces(text: str, fits: Callable[[str], bool]) -> Iterator[str]:
    """``text`` cut into pieces that each ``fit``: at line ends, then at spaces, then anywhere."""
    for line in text.split("\n"):
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if fits(candidate):
                current = candidate
                continue
            if current:
                yield current
            while word and not fits(word):
                cut = _longest_fitting_prefix(word, fits)
                yield word[:cut]
                word = word[cut:]
            current = word
        if current:
            yield current


def _longest_fitting_prefix(word: str, fits: Callable[[str], bool]) -> int:
    """The length of the longest prefix of ``word`` that fits (at least 1)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low
