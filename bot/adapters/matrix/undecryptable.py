"""What the bot says to a message it could not decrypt, and how rarely."""

from __future__ import annotations

from bot.adapters.matrix.quota import OncePerWindow
from bot.adapters.own_words import CANNOT_DECRYPT, in_english
from bot.core.model import Place, Reply
from bot.core.ports import Explain

# Each sender is told at most once per room in this many seconds that a message could not
# be decrypted: a flood of junk encrypted events must not eat the bot's sending quota.
EXPLAIN_EVERY = 600.0


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
