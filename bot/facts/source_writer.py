"""Adding sources from chat and the command line, each one checked and recorded."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from bot.facts.errors import RepeatedSource, SourceIdTaken
from bot.facts.records import Source
from bot.facts.sources_table import free_id, load_source, same_source, save_source
from bot.facts.validation import slug
from bot.storage.database import Database


class SourceWriter:
    """Adds sources: one transaction and one revision each."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def add(
        self, author: str, source: Source, text: str | None = None, *, duplicate: bool = False
    ) -> Source:
        """Add a new source; an empty id is made from the title (and made unique).

        A source with the same title, author and date as a stored one is refused unless
        ``duplicate``.
        """

        def add(connection: sqlite3.Connection) -> Source:
            new = source
            if not duplicate and (existing := same_source(connection, new)) is not None:
                raise RepeatedSource(existing)
            if not new.id:
                new = replace(new, id=free_id(connection, slug(new.title)))
            elif load_source(connection, new.id) is not None:
                raise SourceIdTaken(new.id)
            save_source(connection, new, text, author)
            return new

        return await self.db.write("add a source", add)
