"""Which language answers a message or speaks in a room: the person's, the room's, the group's."""

from __future__ import annotations

import logging

from bot.core.model import Incoming, Place, Via
from bot.i18n.catalogs import Languages
from bot.i18n.language import Language
from bot.rooms.store import RoomLanguages

log = logging.getLogger(__name__)


class LanguageChoice:
    """Picks the language of each answer and post.

    A slash command is answered in the language the platform says its user reads, when the
    bot speaks it; anything else in the language set for the room (``!language``), else in
    the group's (``[bot] language``).
    """

    def __init__(self, languages: Languages | None = None, rooms: RoomLanguages | None = None):
        self.languages = languages or Languages()
        self.rooms = rooms

    async def of(self, incoming: Incoming) -> Language:
        """The language to answer ``incoming`` in."""
        if incoming.via is Via.MENU and (person := self.languages.for_locale(incoming.locale)):
            return person
        return await self.of_place(incoming.place)

    async def of_place(self, place: Place) -> Language:
        """The language the bot speaks in ``place`` (the group's when it cannot be read)."""
        if self.rooms is None:
            return self.languages.default
        try:
            room = await self.rooms.of(place)
        except Exception:
            # An answer in the group's language beats none at all (the database is unwell).
            log.exception("the language of %s/%s could not be read", place.platform, place.id)
            return self.languages.default
        if room is not None:
            return self.languages.known(room.language) or self.languages.default
        return self.languages.default
