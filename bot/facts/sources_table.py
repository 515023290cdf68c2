"""The sources table inside the caller's transaction: read, find repeats, write with a revision."""

from __future__ import annotations

import sqlite3

from bot.core.text import for_duplicates
from bot.facts.records import Source, iso
from bot.facts.revisions import record
from bot.facts.rows import source_from_row
from bot.facts.validation import check_source


def load_source(connection: sqlite3.Connection, source_id: str) -> tuple[Source, str | None] | None:
    """A stored source (read to be changed: see ``stored_date``) and its text, or None."""
    row = connection.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        return None
    return source_from_row(row, mend=True), row["full_text"]


def write_source(
    connection: sqlite3.Connection, source: Source, text: str | None, new: bool
) -> None:
    """Insert (``new``) or overwrite a source and its text, as it is."""
    values = (
        source.title,
        source.author,
        source.publication,
        iso(source.published),
        source.url,
        source.standfirst,
        source.text_file,
        text,
        source.id,
    )
    if new:
        connection.execute(
            "INSERT INTO sources (title, author, publication, published, url, standfirst,"
            " text_file, full_text, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    else:
        connection.execute(
            "UPDATE sources SET title = ?, author = ?, publication = ?, published = ?, url = ?,"
            " standfirst = ?, text_file = ?, full_text = ? WHERE id = ?",
            values,
        )


def save_source(
    connection: sqlite3.Connection, source: Source, text: str | None, author: str
) -> str | None:
    """Insert or update a checked source (``text`` None keeps a stored text).

    Returns 'add' or 'edit' as recorded in its revision, or None when nothing changed.
    """
    check_source(source, text)
    found = load_source(connection, source.id)
    before = found[0].snapshot(found[1]) if found else None
    if found is not None and text is None:
        text = found[1]
    after = source.snapshot(text)
    if before == after and found is not None and found[0].text_file == source.text_file:
        return None
    write_source(connection, source, text, new=found is None)
    if before == after:
        return None
    action = "add" if before is None else "edit"
    record(connection, "source", source.id, action, author, before, after)
    return action


def same_source(connection: sqlite3.Connection, source: Source) -> str | None:
    """Another source's id with ``source``'s title, author and date (compared as repeats are)."""
    rows = connection.execute(
        "SELECT id, title, author FROM sources WHERE published IS ? AND id != ? ORDER BY id",
        (iso(source.published), source.id),
    ).fetchall()
    wanted = (for_duplicates(source.title), for_duplicates(source.author))
    for row in rows:
        if (for_duplicates(row["title"]), for_duplicates(row["author"])) == wanted:
            return str(row["id"])
    return None


def free_id(connection: sqlite3.Connection, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no source has yet."""
    candidate, number = base, 1
    while load_source(connection, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
