"""Rows that cannot be made into records are skipped, each logged once, instead of failing all."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

log = logging.getLogger(__name__)

Record = TypeVar("Record")

# What a row with a malformed value raises while it becomes a record: a bad date or time
# (ValueError), a number or NULL where text belongs (TypeError, AttributeError).
UNREADABLE = (ValueError, TypeError, AttributeError, OverflowError)


class UnreadableRows:
    """Converts rows to records, skipping (and logging once, by table and id) those that fail."""

    def __init__(self) -> None:
        self._logged: set[tuple[str, str]] = set()
        self._lock = threading.Lock()  # used from the database's threads and the event loop

    def all(
        self, table: str, rows: Iterable[sqlite3.Row], convert: Callable[[sqlite3.Row], Record]
    ) -> list[Record]:
        """Every row that converts, in order."""
        records = []
        for row in rows:
            try:
                records.append(convert(row))
            except UNREADABLE as problem:
                self.skipped(table, row, problem)
        return records

    def one(
        self, table: str, row: sqlite3.Row | None, convert: Callable[[sqlite3.Row], Record]
    ) -> Record | None:
        """The row as a record, or None when there is no row or it cannot be read."""
        found = self.all(table, [row] if row is not None else [], convert)
        return found[0] if found else None

    def skipped(self, table: str, row: sqlite3.Row, problem: Exception) -> None:
        """Log, the first time only, that a row of ``table`` was skipped and why."""
        columns = row.keys()  # a Row's own `in` looks at its values, not its column names
        row_id = str(row["id"]) if "id" in columns else "?"
        with self._lock:
            if (table, row_id) in self._logged:
                return
            self._logged.add((table, row_id))
        log.warning(
            "skipping %s row %s: it cannot be read (%s: %s); fix the row, e.g. by importing "
            "the entry again",
            table,
            row_id,
            type(problem).__name__,
            problem,
        )
