"""Events and anonymous RSVPs in SQLite."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import aiosqlite

from bot.storage.database import Database
from bot.storage.event_records import Event, event_from_row, from_db, to_db

SALT_KEY = "rsvp_salt"


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


class EventRepository:
    """Queries and changes over the events and rsvps tables."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def insert(self, tx: aiosqlite.Connection, event: Event) -> int:
        """Store a new event (its ``id`` is ignored) and return its id."""
        cursor = await tx.execute(
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

    async def update(self, tx: aiosqlite.Connection, event: Event) -> None:
        """Save every editable field of ``event``."""
        assignments = ", ".join(f"{column} = ?" for column in EDITABLE)
        await tx.execute(
            f"UPDATE events SET {assignments}, ended = 0 WHERE id = ?",
            (*editable_values(event), event.id),
        )

    async def move_on(self, tx: aiosqlite.Connection, seen: Event, upcoming: datetime) -> bool:
        """Move a recurring event from the occurrence ``seen`` on to ``upcoming``.

        A compare-and-set: False when the row is no longer as seen (another process moved it
        on, or it was edited, cancelled or ended), and then nothing changes.
        """
        cursor = await tx.execute(
            f"UPDATE events SET next_start = ? WHERE {_AS_SEEN}",
            (to_db(upcoming), *_seen_values(seen)),
        )
        return cursor.rowcount == 1

    async def end(self, tx: aiosqlite.Connection, seen: Event) -> bool:
        """Note that a recurring event has no occurrence left (the same compare-and-set)."""
        cursor = await tx.execute(
            f"UPDATE events SET ended = 1 WHERE {_AS_SEEN}", _seen_values(seen)
        )
        return cursor.rowcount == 1

    async def cancel(self, tx: aiosqlite.Connection, event_id: int, now: datetime) -> None:
        """Mark an event cancelled."""
        await tx.execute("UPDATE events SET cancelled_at = ? WHERE id = ?", (to_db(now), event_id))

    async def get(self, event_id: int) -> Event | None:
        """One event by id."""
        row = await self.db.fetchone("SELECT * FROM events WHERE id = ?", (event_id,))
        return event_from_row(row) if row else None

    async def upcoming(self, now: datetime, limit: int = 20) -> list[Event]:
        """Events not cancelled whose current occurrence is still ahead, soonest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM events WHERE cancelled_at IS NULL AND kind = 'event'"
            " AND next_start >= ? ORDER BY next_start, id LIMIT ?",
            (to_db(now), limit),
        )
        return self.db.unreadable.all("events", rows, event_from_row)

    async def all_events(self) -> list[Event]:
        """Every event (not announcements), cancelled ones too, by id."""
        rows = await self.db.fetchall("SELECT * FROM events WHERE kind = 'event' ORDER BY id")
        return self.db.unreadable.all("events", rows, event_from_row)

    async def passed_recurring(self, now: datetime) -> list[Event]:
        """Recurring events whose current occurrence has started."""
        rows = await self.db.fetchall(
            "SELECT * FROM events WHERE cancelled_at IS NULL AND rule != '' AND ended = 0"
            " AND next_start <= ? ORDER BY next_start",
            (to_db(now),),
        )
        return [event_from_row(row) for row in rows]

    async def next_recurring_start(self) -> datetime | None:
        """When the soonest recurring occurrence starts (the engine moves on then)."""
        row = await self.db.fetchone(
            "SELECT MIN(next_start) FROM events INDEXED BY events_recurring"
            " WHERE cancelled_at IS NULL AND rule != '' AND ended = 0"
        )
        return from_db(row[0]) if row and row[0] else None

    async def created_since(self, person_id: str, since: datetime) -> int:
        """How many events and announcements ``person_id`` added since ``since``."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM events WHERE created_by = ? AND created_at >= ?",
            (person_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def rsvp(self, event_id: int, person_id: str, going: bool) -> None:
        """Record that someone is (not) going, keeping only a salted hash of who."""
        who = await self._who(event_id, person_id)
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO rsvps (event_id, who, going) VALUES (?, ?, ?)"
                " ON CONFLICT (event_id, who) DO UPDATE SET going = excluded.going",
                (event_id, who, int(going)),
            )

    async def rsvp_counts(self, event_id: int) -> tuple[int, int]:
        """How many said going and how many said not going."""
        row = await self.db.fetchone(
            "SELECT COALESCE(SUM(going), 0), COALESCE(SUM(1 - going), 0)"
            " FROM rsvps WHERE event_id = ?",
            (event_id,),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def _who(self, event_id: int, person_id: str) -> str:
        """The salted hash that stands for a person on one event."""
        salt = await self._salt()
        material = f"{salt}\x00{event_id}\x00{person_id}".encode()
        return hashlib.sha256(material).hexdigest()

    async def _salt(self) -> str:
        """This database's secret salt, made on first use."""
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (SALT_KEY,))
        if row:
            return str(row[0])
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (SALT_KEY, secrets.token_hex(32)),
            )
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (SALT_KEY,))
        assert row is not None
        return str(row[0])
