"""The few words adapters say of their own, before the commands put them into a language."""

from __future__ import annotations

from bot.core.model import Place, Reply
from bot.core.said import Said

CANNOT_DECRYPT = Said(
    "I could not decrypt this message, so I cannot answer it. "
    "If it was a command, please send it again."
)
# A slash command must be answered; this is the answer when the bot has nothing to say
# (a person over the rate limit, whose commands are otherwise ignored for a while).
NOTHING_TO_SAY = Said("Nothing to say to that.")


async def in_english(place: Place, said: Said) -> Reply:
    """``said`` as an answer in English, the source language (no language chosen)."""
    return Reply.oops(str(said))
