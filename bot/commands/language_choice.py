"""Which language answers a message or speaks in a room: the person's, the room's, the group's."""

from __future__ import annotations

from bot.core.model import Incoming, Place, Via
from bot.i18n.catalogs import Languages
from bot.i18n.language import Language
from bot.rooms.store import RoomLanguages


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
        """The language the bot speaks in ``place``."""
        if self.rooms is not None and (room := await self.rooms.of(place)) is not None:
            return self.languages.known(room.language) or self.languages.default
        return self.languages.default
