"""What the bot says to a message it could not decrypt, and how rarely."""

from __future__ import annotations

from bot.adapters.matrix.quota import OncePerWindow
from bot.core.model import Place, Reply
from bot.core.ports import Explain
from bot.core.said import Said

CANNOT_DECRYPT = Said(
    "I could not decrypt this message, so I cannot answer it. "
    "If it was a command, please send it again."
)
# Each sender is told at most once per room in this many seconds that a message could not
# be decrypted: a flood of junk encrypted events must not eat the bot's sending quota.
EXPLAIN_EVERY = 600.0


async def in_english(place: Place, said: Said) -> Reply:
    """``said`` as an answer in English, the source language (no language chosen)."""
    return Reply.oops(str(said))


class Undecryptable:
    """The explanation of an undecryptable message, once per sender and room in a window."""

    def __init__(self) -> None:
        self.words: Explain = in_english
        self._explained = OncePerWindow(EXPLAIN_EVERY)

    def allow(self, room_id: str, sender: str) -> bool:
        """Whether ``sender`` in ``room_id`` gets the explanation now."""
        return self._explained.allow((room_id, sender))

    async def reply(self, place: Place) -> Reply:
        """The explanation, in ``place``'s language."""
        return await self.words(place, CANNOT_DECRYPT)
