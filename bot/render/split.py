"""Split a long Reply into several that each fit a platform's message length limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from bot.core.model import Block, Line, Reply, Style
from bot.render.text import block_text, to_markdown

# Discord's limit on a message's text; Matrix allows far more, so it is the one to meet.
MESSAGE_LIMIT = 2000

Render = Callable[[Reply], str]


def split_reply(
    reply: Reply, limit: int = MESSAGE_LIMIT, render: Render = to_markdown
) -> list[Reply]:
    """``reply`` as replies that each render to at most ``limit`` characters, cut between blocks.

    A block too long for one message on its own is sent as plain lines cut at spaces.
    """
    if len(render(reply)) <= limit:
        return [reply]
    parts: list[Reply] = []
    current: list[Block] = []
    for block in _fitting_blocks(reply, limit, render):
        if current and len(render(_part(reply, [*current, block]))) > limit:
            parts.append(_part(reply, current))
            current = []
        current.append(block)
    if reply.footer is not None:
        with_footer = replace(_part(reply, current), footer=reply.footer)
        if current and len(render(with_footer)) > limit:
            parts.append(_part(reply, current))
            current = []
        parts.append(replace(_part(reply, current), footer=reply.footer))
    elif current:
        parts.append(_part(reply, current))
    return parts


def _part(reply: Reply, blocks: list[Block]) -> Reply:
    """A reply like ``reply`` (error flag, extras) with these blocks and no footer."""
    return replace(reply, blocks=tuple(blocks), footer=None)


def _fitting_blocks(reply: Reply, limit: int, render: Render) -> Iterator[Block]:
    """The blocks of ``reply``, each oversized one replaced by lines that fit."""
    for block in reply.blocks:
        if len(render(_part(reply, [block]))) <= limit:
            yield block
            continue

        style = _style(block)

        def fits(text: str, style: Style = style) -> bool:
            return len(render(_part(reply, [Line(text, style)]))) <= limit

        for piece in pieces(block_text(block, str), fits):
            yield Line(piece, style)


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
