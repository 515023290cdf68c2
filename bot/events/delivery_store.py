"""Reminder deliveries in SQLite: planned, claimed before sending, marked after."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.database import Database
from bot.storage.event_records import DONE_STATES, Delivery, delivery_from_row, from_db, to_db


@dataclass(frozen=True)
class NewDelivery:
    """A post to plan: what, for which occurrence, where and when."""

    kind: str
    channel: str
    platform: str
    target: str
    due_at: datetime
    event_id: int | None = None
    occurrence: datetime | None = None
    offset_s: int = 0
    body: str = ""


def new_key() -> str:
    """A fresh idempotency key (short enough for a Discord nonce)."""
    return "cb" + secrets.token_hex(10)


def _in(values: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """An SQL ``IN (?, ...)`` list and its parameters."""
    items = tuple(values)
    return "(" + ",".join("?" for _ in items) + ")", items


class DeliveryRepository:
    """Queries and state changes over the deliveries table."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def insert(
        self, tx: aiosqlite.Connection, planned: Iterable[NewDelivery], now: datetime
    ) -> int:
        """Store planned deliveries as pending, each with its own key; returns how many."""
        rows = [
            (
                item.event_id,
                item.kind,
                to_db(item.occurrence) if item.occurrence else None,
                item.offset_s,
                item.channel,
                item.platform,
                item.target,
                item.body,
                to_db(item.due_at),
                new_key(),
                to_db(now),
            )
            for item in planned
        ]
        await tx.executemany(
            "INSERT INTO deliveries (event_id, kind, occurrence, offset_s, channel, platform,"
            " target, body, due_at, key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    async def withdraw(self, tx: aiosqlite.Connection, event_id: int, now: datetime) -> int:
        """Cancel an event's pending deliveries; returns how many."""
        cursor = await tx.execute(
            "UPDATE deliveries SET state = 'cancelled', updated_at = ?"
            " WHERE event_id = ? AND state = 'pending'",
            (to_db(now), event_id),
        )
        return cursor.rowcount

    async def for_event(self, event_id: int) -> list[Delivery]:
        """Every delivery of one event, in due order."""
        rows = await self.db.fetchall(
            "SELECT * FROM deliveries WHERE event_id = ? ORDER BY due_at, id", (event_id,)
        )
        return [delivery_from_row(row) for row in rows]

    async def event_of_message(self, platform: str, message_id: str) -> int | None:
        """The event a reminder the bot posted as ``message_id`` is about (None: not one)."""
        row = await self.db.fetchone(
            "SELECT d.event_id FROM deliveries d JOIN events e ON e.id = d.event_id"
            " WHERE d.platform = ? AND d.message_id = ? AND d.kind = 'reminder'"
            " AND e.kind = 'event' LIMIT 1",
            (platform, message_id),
        )
        return int(row[0]) if row else None

    async def reminded_places(self, event_id: int) -> list[tuple[str, str, str]]:
        """(channel, platform, target) that already got a reminder of this event."""
        states, params = _in(DONE_STATES)
        rows = await self.db.fetchall(
            "SELECT DISTINCT channel, platform, target FROM deliveries"
            f" WHERE event_id = ? AND kind = 'reminder' AND state IN {states}"
            " ORDER BY channel, platform",
            (event_id, *params),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    async def done_reminders(
        self, event_id: int, occurrence: datetime
    ) -> set[tuple[int, str, str]]:
        """(offset, channel, platform) of reminders for one occurrence already posted or going."""
        rows = await self.db.fetchall(
            "SELECT offset_s, channel, platform FROM deliveries WHERE event_id = ?"
            " AND kind = 'reminder' AND occurrence = ?"
            " AND state IN ('sending', 'sent', 'late', 'missed', 'failed')",
            (event_id, to_db(occurrence)),
        )
        return {(row[0], row[1], row[2]) for row in rows}

    async def due(
        self, now: datetime, platforms: Iterable[str], limit: int = 500
    ) -> list[Delivery]:
        """Pending deliveries due by ``now`` on running platforms, oldest first."""
        names, params = _in(platforms)
        rows = await self.db.fetchall(
            "SELECT * FROM deliveries WHERE state = 'pending' AND due_at <= ?"
            f" AND (retry_at IS NULL OR retry_at <= ?) AND platform IN {names}"
            " ORDER BY due_at, id LIMIT ?",
            (to_db(now), to_db(now), *params, limit),
        )
        return [delivery_from_row(row) for row in rows]

    async def next_due(self, platforms: Iterable[str]) -> datetime | None:
        """When the next pending delivery on a running platform is due (or may be retried)."""
        names, params = _in(platforms)
        # Two indexed look-ups: the first untried row in due order, and the few retries.
        first = await self.db.fetchone(
            "SELECT due_at FROM deliveries WHERE state = 'pending' AND retry_at IS NULL"
            f" AND platform IN {names} ORDER BY due_at LIMIT 1",
            params,
        )
        retry = await self.db.fetchone(
            "SELECT MIN(MAX(due_at, retry_at)) FROM deliveries INDEXED BY deliveries_retry"
            f" WHERE state = 'pending' AND retry_at IS NOT NULL AND platform IN {names}",
            params,
        )
        found = [row[0] for row in (first, retry) if row and row[0]]
        return from_db(min(found)) if found else None

    async def claim(self, delivery_id: int, now: datetime) -> str | None:
        """Take a pending delivery for sending (committed before the send).

        Returns the claim's token, which every later change of the row must show; None if the
        delivery is no longer pending.
        """
        token = secrets.token_hex(8)
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE deliveries SET state = 'sending', claim = ?, attempts = attempts + 1,"
                " updated_at = ? WHERE id = ? AND state = 'pending'",
                (token, to_db(now), delivery_id),
            )
            return token if cursor.rowcount == 1 else None

    async def finish(
        self, delivery_id: int, claim: str, state: str, message_id: str, now: datetime
    ) -> bool:
        """Mark our claimed delivery sent (or late); False if the claim was no longer ours."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE deliveries SET state = ?, message_id = ?, sent_at = ?, updated_at = ?,"
                " retry_at = NULL WHERE id = ? AND state = 'sending' AND claim = ?",
                (state, message_id, to_db(now), to_db(now), delivery_id, claim),
            )
            return cursor.rowcount == 1

    async def retry_later(
        self, delivery_id: int, claim: str, when: datetime, error: str, now: datetime
    ) -> bool:
        """Put our claimed delivery back to pending, to be tried again at ``when``."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE deliveries SET state = 'pending', claim = NULL, retry_at = ?, error = ?,"
                " updated_at = ? WHERE id = ? AND state = 'sending' AND claim = ?",
                (to_db(when), error[:500], to_db(now), delivery_id, claim),
            )
            return cursor.rowcount == 1

    async def settle(
        self, delivery_id: int, state: str, error: str, now: datetime, claim: str | None = None
    ) -> bool:
        """Mark a pending delivery (or, given ``claim``, our claimed one) with a final state.

        False if it had moved on (sent, withdrawn, or claimed by someone else).
        """
        params: tuple[object, ...] = (delivery_id,)
        condition = "state = 'pending'"
        if claim is not None:
            condition, params = "state = 'sending' AND claim = ?", (delivery_id, claim)
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE deliveries SET state = ?, error = ?, updated_at = ?"
                f" WHERE id = ? AND {condition}",
                (state, error[:500], to_db(now), *params),
            )
            return cursor.rowcount == 1

    async def unreported(self) -> list[Delivery]:
        """Missed and failed deliveries the organisers have not been told about."""
        rows = await self.db.fetchall(
            "SELECT * FROM deliveries WHERE state IN ('missed', 'failed') AND reported = 0"
            " ORDER BY due_at, id"
        )
        return [delivery_from_row(row) for row in rows]

    async def mark_reported(self, tx: aiosqlite.Connection, ids: Iterable[int]) -> None:
        """Note that the organisers were told about these deliveries."""
        await tx.executemany("UPDATE deliveries SET reported = 1 WHERE id = ?", [(i,) for i in ids])

    async def in_flight(self) -> list[Delivery]:
        """Deliveries claimed but never marked (the bot stopped mid-send)."""
        rows = await self.db.fetchall(
            "SELECT * FROM deliveries WHERE state = 'sending' ORDER BY due_at, id"
        )
        return [delivery_from_row(row) for row in rows]

    async def release(self, delivery_id: int, claim: str | None, now: datetime) -> bool:
        """Return an orphaned claim to pending so it is resent with the same key.

        Only the claim seen (``claim``) is released: one taken again since is left alone.
        """
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE deliveries SET state = 'pending', claim = NULL, updated_at = ?"
                " WHERE id = ? AND state = 'sending' AND claim IS ?",
                (to_db(now), delivery_id, claim),
            )
            return cursor.rowcount == 1

    async def counts(self) -> dict[str, int]:
        """How many deliveries are in each state."""
        rows = await self.db.fetchall("SELECT state, COUNT(*) FROM deliveries GROUP BY state")
        return {row[0]: row[1] for row in rows}
