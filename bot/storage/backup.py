"""An online, consistent copy of the database with SQLite's backup API."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from bot.core.errors import StorageError
from bot.core.private_files import create_file, make_folder
from bot.storage.existing import check_existing


def backup_database(source: Path, target: Path) -> int:
    """Copy ``source`` to ``target`` as one consistent snapshot; returns the page count.

    Safe while the bot writes: the copy is taken in one step inside a read transaction (WAL
    readers never block writers), checked with integrity_check, then moved into place.
    """
    source, target = source.expanduser(), target.expanduser()
    check_existing(source)
    if target.exists() and target.resolve() == source.resolve():
        raise StorageError("The backup must go to another file than the database itself.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        make_folder(target.parent)
        partial.unlink(missing_ok=True)
        create_file(partial)
        with (
            closing(sqlite3.connect(source)) as original,
            closing(sqlite3.connect(partial)) as copy,
        ):
            original.execute("PRAGMA busy_timeout = 5000")
            original.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        if verdict != "ok":
            raise StorageError(f"The copy failed its integrity check ({verdict}); nothing kept.")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as problem:
        raise StorageError(f"Cannot back up {source} to {target}: {problem}") from problem
    finally:
        partial.unlink(missing_ok=True)
    return pages
