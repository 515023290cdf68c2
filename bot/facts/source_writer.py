"""Adding and updating sources (with their full text), each change recorded as a revision."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from datetime import date
from typing import Any

import aiosqlite

from bot.core.errors import UserError
from bot.core.text import for_duplicates
from bot.facts.factfile import SourceEntry
from bot.facts.records import parse_date
from bot.facts.revisions import record
from bot.storage.database import Database

SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_FIELD = 300
MAX_TEXT = 5_000_000


def slug(title: str) -> str:
    """A source id made from a title: 'A fake friend' -> 'a-fake-friend'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:50].strip("-") or "source"


def check_source(entry: SourceEntry, text: str | None) -> None:
    """Refuse a source with a bad id, a missing title, over-long fields or a bad link."""
    if not SOURCE_ID.fullmatch(entry.id):
        raise UserError(
            f"'{entry.id[:40]}' cannot be a source id: use lower-case letters, digits and dashes."
        )
    if not entry.title.strip():
        raise UserError("A source needs a title.")
    for name in ("title", "author", "publication", "standfirst", "url"):
        if len(getattr(entry, name)) > MAX_FIELD:
            raise UserError(f"The source's {name} is too long; keep it under {MAX_FIELD}.")
    if entry.url and (not re.match(r"https?://\S+$", entry.url)):
        raise UserError("A source link must start with http:// or https:// and have no spaces.")
    if text is not None and len(text) > MAX_TEXT:
        raise UserError(f"The source text is over {MAX_TEXT:,} characters.")


def source_state(entry: SourceEntry, text: str | None) -> dict[str, Any]:
    """A source as a revision stores it (the text as its length and hash, not in full)."""
    return {
        "id": entry.id,
        "title": entry.title,
        "author": entry.author,
        "publication": entry.publication,
        "published": entry.published.isoformat() if entry.published else None,
        "url": entry.url,
        "standfirst": entry.standfirst,
        "text_chars": len(text) if text is not None else None,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest() if text is not None else None,
    }


async def load_source(
    connection: aiosqlite.Connection, source_id: str
) -> tuple[SourceEntry, str | None] | None:
    """A stored source and its text, or None."""
    async with connection.execute("SELECT * FROM sources WHERE id = ?", (source_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    entry = SourceEntry(
        id=row["id"],
        title=row["title"],
        author=row["author"],
        publication=row["publication"],
        published=_stored_date(row["published"]),
        url=row["url"],
        standfirst=row["standfirst"],
        text_file=row["text_file"],
    )
    return entry, row["full_text"]


def _stored_date(value: str | None) -> date | None:
    """A stored date, or None when it cannot be read: so saving the source again mends it."""
    try:
        return parse_date(value)
    except (ValueError, TypeError):
        return None


async def save_source(
    connection: aiosqlite.Connection, entry: SourceEntry, text: str | None, author: str
) -> str | None:
    """Insert or update a source (``text`` None keeps a stored text); 'add', 'edit' or None."""
    check_source(entry, text)
    found = await load_source(connection, entry.id)
    before = source_state(*found) if found else None
    if found is not None and text is None:
        text = found[1]
    after = source_state(entry, text)
    if before == after and found is not None and found[0].text_file == entry.text_file:
        return None
    values = (
        entry.title,
        entry.author,
        entry.publication,
        entry.published.isoformat() if entry.published else None,
        entry.url,
        entry.standfirst,
        entry.text_file,
        text,
        entry.id,
    )
    if found is None:
        await connection.execute(
            "INSERT INTO sources (title, author, publication, published, url, standfirst,"
            " text_file, full_text, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    else:
        await connection.execute(
            "UPDATE sources SET title = ?, author = ?, publication = ?, published = ?, url = ?,"
            " standfirst = ?, text_file = ?, full_text = ? WHERE id = ?",
            values,
        )
    if before == after:
        return None
    action = "add" if before is None else "edit"
    await record(connection, "source", entry.id, action, author, before, after)
    return action


class RepeatedSource(UserError):
    """A new source with the same title, author and date as one already stored."""

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        super().__init__(f"That source is already stored as {source_id}.")


async def same_source(connection: aiosqlite.Connection, entry: SourceEntry) -> str | None:
    """Another source's id with ``entry``'s title, author and date (compared as repeats are)."""
    published = entry.published.isoformat() if entry.published else None
    async with connection.execute(
        "SELECT id, title, author FROM sources WHERE published IS ? AND id != ? ORDER BY id",
        (published, entry.id),
    ) as cursor:
        rows = await cursor.fetchall()
    wanted = (for_duplicates(entry.title), for_duplicates(entry.author))
    for row in rows:
        if (for_duplicates(row["title"]), for_duplicates(row["author"])) == wanted:
            return str(row["id"])
    return None


class SourceWriter:
    """Adds sources from chat and the command line."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def add(
        self, author: str, entry: SourceEntry, text: str | None = None, *, duplicate: bool = False
    ) -> SourceEntry:
        """Add a new source; an empty id is made from the title (and made unique).

        A source with the same title, author and date as a stored one is refused unless
        ``duplicate``.
        """
        async with self.db.transaction() as connection:
            if not duplicate:
                existing = await same_source(connection, entry)
                if existing is not None:
                    raise RepeatedSource(existing)
            if not entry.id:
                entry = replace(entry, id=await _free_id(connection, slug(entry.title)))
            elif await load_source(connection, entry.id) is not None:
                raise UserError(f"There is already a source '{entry.id}'.")
            await save_source(connection, entry, text, author)
        return entry


async def _free_id(connection: aiosqlite.Connection, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no source has yet."""
    candidate, number = base, 1
    while await load_source(connection, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
