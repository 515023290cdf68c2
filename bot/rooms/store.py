"""The language set for each room: read from memory while the database is unchanged."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.core.cache import VersionedCache
from bot.core.model import Place
from bot.storage.database import Database


@dataclass(frozen=True)
class RoomLanguage:
    """The language set for one room, and who set it."""

    language: str
    set_by: str


def _all(connection: sqlite3.Connection) -> dict[tuple[str, str], RoomLanguage]:
    """Every room's language."""
    rows = connection.execute("SELECT platform, room, language, set_by FROM room_languages")
    return {(str(p), str(r)): RoomLanguage(str(code), str(by)) for p, r, code, by in rows}


class RoomLanguages:
    """The languages set per room; read once per change of the database, not per command."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self._cache = VersionedCache(database.version, size=1)

    async def of(self, place: Place) -> RoomLanguage | None:
        """The language set for ``place``, if one is."""
        every = await self._cache.get("rooms", lambda: self.db.read("room languages", _all))
        return every.get((place.platform, place.id))

    async def set(self, place: Place, language: str, by: str) -> None:
        """Speak ``language`` in ``place`` from now on (``by``: who set it)."""

        def save(connection: sqlite3.Connection) -> None:
            connection.execute(
                "INSERT INTO room_languages (platform, room, language, set_by) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (platform, room) DO UPDATE SET language = excluded.language,"
                " set_by = excluded.set_by, set_at = excluded.set_at",
                (place.platform, place.id, language, by),
            )

        await self.db.write("set a room's language", save)

    async def clear(self, place: Place) -> bool:
        """Speak the group's language in ``place`` again; False when none was set."""

        def forget(connection: sqlite3.Connection) -> bool:
            cursor = connection.execute(
                "DELETE FROM room_languages WHERE platform = ? AND room = ?",
                (place.platform, place.id),
            )
            return cursor.rowcount > 0

        return await self.db.write("clear a room's language", forget)
