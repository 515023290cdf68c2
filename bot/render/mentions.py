"""Make user-supplied text unable to ping a whole room or a role."""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
MASS_MENTION = re.compile(r"@(?=(everyone|here|room|channel)\b)", re.IGNORECASE)
ANGLE_MENTION = re.compile(r"<(?=[@#][!&]?\d)")


def defuse_mentions(text: str) -> str:
    """``text`` with @everyone, @here, @room and <@…> mentions broken by a zero-width space."""
    text = MASS_MENTION.sub("@" + ZERO_WIDTH_SPACE, text)
    return ANGLE_MENTION.sub("<" + ZERO_WIDTH_SPACE, text)


def has_live_mention(text: str) -> bool:
    """Whether ``text`` still contains a mention that would ping."""
    return bool(MASS_MENTION.search(text) or ANGLE_MENTION.search(text))
