"""Events and anonymous RSVPs in SQLite."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import datetime
from functools import partial

from bot.events.records import Event, EventKind, event_from_row, from_db, to_db
from bot.storage.database import Database

SALT_KEY = "rsvp_salt"
EVENT = EventKind.EVENT

# The columns an edit may change, in the order editable_values() gives them.
EDITABLE = (
    "title",
    "local_start",
    "first_start",
    "next_start",
    "place",
    "details",
    "rule",
    "reminders",
    "channels",
)


def editable_values(event: Event) -> tuple[object, ...]:
    """The EDITABLE columns' values for ``event``."""
    return (
        event.title,
        event.local_start.isoformat(),
        to_db(event.first_start),
        to_db(event.next_start),
        event.place,
        event.details,
        event.rule,
        ",".join(str(offset) for offset in event.reminders),
        ",".join(event.channels),
    )


# A recurring event still at the occurrence, rule and start it was read with.
_AS_SEEN = (
    "id = ? AND next_start = ? AND rule = ? AND local_start = ?"
    " AND cancelled_at IS NULL AND ended = 0"
)


def _seen_values(event: Event) -> tuple[object, ...]:
    """The parameters of ``_AS_SEEN`` for ``event`` as it was read."""
    return (event.id, to_db(event.next_start), event.rule, event.local_start.isoformat())


class EventStore:
    """The events and rsvps tables.

    Methods that take a connection ``c`` run inside the caller's ``Database.write``; the
    async ones are one read or one write of their own.
    """

    def __init__(self, database: Database) -> None:
        self.db = database

    def insert(self, c: sqlite3.Connection, event: Event) -> int:
        """Store a new event (its ``id`` is ignored) and return its id."""
        cursor = c.execute(
            f"INSERT INTO events (kind, timezone, created_by, created_at, {', '.join(EDITABLE)})"
            f" VALUES (?, ?, ?, ?, {', '.join('?' * len(EDITABLE))})",
            (
                event.kind,
                event.timezone,
                event.created_by,
                to_db(event.created_at),
                *editable_values(event),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, c: sqlite3.Connection, event: Event) -> bool:
        """Save every editable field of ``event``, unless it was cancelled meanwhile.

        A compare-and-set: False (and nothing changes) when the event is cancelled.
        """
        assignments = ", ".join(f"{column} = ?" for column in EDITABLE)
        cursor = c.execute(
            f"UPDATE events SET {assignments}, ended = 0 WHERE id = ? AND cancelled_at IS NULL",
            (*editable_values(event), event.id),
        )
        return cursor.rowcount == 1

    def move_on(self, c: sqlite3.Connection, seen: Event, upcoming: datetime) -> bool:
        """Move a recurring event from the occurrence ``seen`` on to ``upcoming``.

        A compare-and-set: False when the row is no longer as seen (another process moved it
        on, or it was edited, cancelled or ended), and then nothing changes.
        """
        cursor = c.execute(
            f"UPDATE events SET next_start = ? WHERE {_AS_SEEN}",
            (to_db(upcoming), *_seen_values(seen)),
        )
        return cursor.rowcount == 1

    def end(self, c: sqlite3.Connection, seen: Event) -> bool:
        """Note that a recurring event has no occurrence left (the same compare-and-set)."""
        cursor = c.execute(f"UPDATE events SET ended = 1 WHERE {_AS_SEEN}", _seen_values(seen))
        return cursor.rowcount == 1

    def cancel(self, c: sqlite3.Connection, event_id: int, now: datetime) -> bool:
        """Mark an event cancelled; False (nothing changes) when it already was."""
        cursor = c.execute(
            "UPDATE events SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
            (to_db(now), event_id),
        )
        return cursor.rowcount == 1

    def find(self, c: sqlite3.Connection, event_id: int) -> Event | None:
        """One event by id, as it is in ``c``'s snapshot (None when its row cannot be read)."""
        row = c.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return self.db.unreadable.one("events", row, event_from_row)

    async def get(self, event_id: int) -> Event | None:
        """One event by id."""
        return await self.db.read("event", partial(self.find, event_id=event_id))

    async def upcoming(self, now: datetime, limit: int = 20) -> list[Event]:
        """Events not cancelled whose current occurrence is still ahead, soonest first."""
        sql = (
            f"SELECT * FROM events WHERE cancelled_at IS NULL AND kind = '{EVENT}'"
            " AND next_start >= ? ORDER BY next_start, id LIMIT ?"
        )
        return await self._events("upcoming events", sql, (to_db(now), limit))

    async def all_events(self) -> list[Event]:
        """Every event (not announcements), cancelled ones too, by id."""
        sql = f"SELECT * FROM events WHERE kind = '{EVENT}' ORDER BY id"
        return await self._events("all events", sql, ())

    async def passed_recurring(self, now: datetime) -> list[Event]:
        """Recurring events whose current occurrence has started (unreadable rows left out)."""
        sql = (
            "SELECT * FROM events WHERE cancelled_at IS NULL AND rule != '' AND ended = 0"
            " AND next_start <= ? ORDER BY next_start"
        )
        return await self._events("passed recurring events", sql, (to_db(now),))

    async def next_recurring_start(self, after: datetime | None = None) -> datetime | None:
        """When the soonest recurring occurrence after ``after`` starts (the engine moves on then).

        A start that cannot be read is passed over (and logged once).
        """

        def read(c: sqlite3.Connection) -> datetime | None:
            rows = c.execute(
                "SELECT id, next_start FROM events INDEXED BY events_recurring"
                " WHERE cancelled_at IS NULL AND rule != '' AND ended = 0 AND next_start > ?"
                " ORDER BY next_start",
                (to_db(after) if after else "",),
            )
            for row in rows:
                start = self.db.unreadable.one("events", row, _next_start)
                if start is not None:
                    return start
            return None

        return await self.db.read("next recurring start", read)

    async def created_since(self, person_id: str, since: datetime, up_to: int) -> int:
        """How many events and announcements ``person_id`` added since ``since``, counted up to
        ``up_to`` (so a check against a limit reads at most that many rows)."""

        def read(c: sqlite3.Connection) -> int:
            (count,) = c.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM events"
                " WHERE created_by = ? AND created_at >= ? LIMIT ?)",
                (person_id, to_db(since), up_to),
            ).fetchone()
            return int(count)

        return await self.db.read("events created since", read)

    async def rsvp(self, event_id: int, person_id: str, going: bool) -> None:
        """Record that someone is (not) going, keeping only a salted hash of who."""

        def write(c: sqlite3.Connection) -> None:
            c.execute(
                "INSERT INTO rsvps (event_id, who, going) VALUES (?, ?, ?)"
                " ON CONFLICT (event_id, who) DO UPDATE SET going = excluded.going",
                (event_id, _who(_salt(c), event_id, person_id), int(going)),
            )

        await self.db.write("rsvp", write)

    async def rsvp_counts(self, event_id: int) -> tuple[int, int]:
        """How many said going and how many said not going."""

        def read(c: sqlite3.Connection) -> tuple[int, int]:
            going, not_going = c.execute(
                "SELECT COALESCE(SUM(going), 0), COALESCE(SUM(1 - going), 0)"
                " FROM rsvps WHERE event_id = ?",
                (event_id,),
            ).fetchone()
            return int(going), int(not_going)

        return await self.db.read("rsvp counts", read)

    async def _events(self, name: str, sql: str, params: tuple[object, ...]) -> list[Event]:
        """The events ``sql`` selects, leaving out (and logging once) rows that cannot be read."""

        def read(c: sqlite3.Connection) -> list[Event]:
            return self.db.unreadable.all("events", c.execute(sql, params), event_from_row)

        return await self.db.read(name, read)


def _next_start(row: sqlite3.Row) -> datetime:
    """The ``next_start`` of an events row."""
    return from_db(row["next_start"])


def _who(salt: str, event_id: int, person_id: str) -> str:
    """The salted hash that stands for a person on one event."""
    return hashlib.sha256(f"{salt}\x00{event_id}\x00{person_id}".encode()).hexdigest()


def _salt(c: sqlite3.Connection) -> str:
    """This database's secret salt, made on first use (inside the caller's write)."""
    c.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (SALT_KEY, secrets.token_hex(32))
    )
    (salt,) = c.execute("SELECT value FROM meta WHERE key = ?", (SALT_KEY,)).fetchone()
    return str(salt)
