"""Reminder deliveries in SQLite: planned, claimed before sending, marked after."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from bot.events.records import (
    REACHED,
    TAKEN,
    Delivery,
    DeliveryKind,
    DeliveryState,
    EventKind,
    NewDelivery,
    delivery_from_row,
    to_db,
)
from bot.storage.database import Database

# Stored values written into the SQL itself: the partial indexes are used only when a
# query's condition names the same literal value as the index's.
PENDING = DeliveryState.PENDING
SENDING = DeliveryState.SENDING
REMINDER = DeliveryKind.REMINDER


def new_key() -> str:
    """A fresh idempotency key (short enough for a Discord nonce)."""
    return "cb" + secrets.token_hex(10)


def _in(values: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """An SQL ``IN (?, ...)`` list and its parameters."""
    items = tuple(values)
    return "(" + ",".join("?" for _ in items) + ")", items


def _changed(c: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> bool:
    """Run an UPDATE of one row; True when it changed that row."""
    return c.execute(sql, params).rowcount == 1


class DeliveryStore:
    """The deliveries table.

    Methods that take a connection ``c`` run inside the caller's ``Database.write``; the
    async ones are one read or one write of their own. Every change of a claimed row names
    the claim's token, so a process that lost its claim changes nothing.
    """

    def __init__(self, database: Database) -> None:
        self.db = database

    def insert(self, c: sqlite3.Connection, planned: Iterable[NewDelivery], now: datetime) -> int:
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
        c.executemany(
            "INSERT INTO deliveries (event_id, kind, occurrence, offset_s, channel, platform,"
            " target, body, due_at, key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

    def withdraw(self, c: sqlite3.Connection, event_id: int, now: datetime) -> int:
        """Cancel an event's pending deliveries; returns how many."""
        cursor = c.execute(
            "UPDATE deliveries SET state = ?, updated_at = ?"
            f" WHERE event_id = ? AND state = '{PENDING}'",
            (DeliveryState.CANCELLED, to_db(now), event_id),
        )
        return cursor.rowcount

    def reminded_places(self, c: sqlite3.Connection, event_id: int) -> list[tuple[str, str, str]]:
        """(channel, platform, target) that got a reminder of this event, or are getting one."""
        states, params = _in(REACHED)
        rows = c.execute(
            "SELECT DISTINCT channel, platform, target FROM deliveries"
            f" WHERE event_id = ? AND kind = '{REMINDER}' AND state IN {states}"
            " ORDER BY channel, platform",
            (event_id, *params),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def taken_reminders(
        self, c: sqlite3.Connection, event_id: int, occurrence: datetime
    ) -> set[tuple[int, str, str]]:
        """(offset, channel, platform) of reminders for one occurrence already posted or going."""
        states, params = _in(TAKEN)
        rows = c.execute(
            "SELECT offset_s, channel, platform FROM deliveries WHERE event_id = ?"
            f" AND kind = '{REMINDER}' AND occurrence = ? AND state IN {states}",
            (event_id, to_db(occurrence), *params),
        )
        return {(row[0], row[1], row[2]) for row in rows}

    def unreported_in(self, c: sqlite3.Connection) -> list[Delivery]:
        """Missed and failed deliveries the organisers have not been told about."""
        rows = c.execute(
            "SELECT * FROM deliveries WHERE state IN (?, ?) AND reported = 0 ORDER BY due_at, id",
            (DeliveryState.MISSED, DeliveryState.FAILED),
        )
        return self.db.unreadable.all("deliveries", rows, delivery_from_row)

    def mark_reported(self, c: sqlite3.Connection, ids: Iterable[int]) -> None:
        """Note that the organisers were told about these deliveries."""
        c.executemany("UPDATE deliveries SET reported = 1 WHERE id = ?", [(i,) for i in ids])

    async def unreported(self) -> list[Delivery]:
        """Missed and failed deliveries the organisers have not been told about."""
        return await self.db.read("unreported deliveries", self.unreported_in)

    async def for_event(self, event_id: int) -> list[Delivery]:
        """Every delivery of one event, in due order."""
        sql = "SELECT * FROM deliveries WHERE event_id = ? ORDER BY due_at, id"
        return await self._deliveries("deliveries of an event", sql, (event_id,))

    async def in_flight(self) -> list[Delivery]:
        """Deliveries claimed but never marked (the bot stopped mid-send)."""
        sql = f"SELECT * FROM deliveries WHERE state = '{SENDING}' ORDER BY due_at, id"
        return await self._deliveries("deliveries in flight", sql, ())

    async def due(
        self, now: datetime, platforms: Iterable[str], limit: int = 500
    ) -> list[Delivery]:
        """Pending deliveries due by ``now`` on running platforms, oldest first."""
        names, params = _in(platforms)
        sql = (
            f"SELECT * FROM deliveries WHERE state = '{PENDING}' AND due_at <= ?"
            f" AND (retry_at IS NULL OR retry_at <= ?) AND platform IN {names}"
            " ORDER BY due_at, id LIMIT ?"
        )
        return await self._deliveries(
            "due deliveries", sql, (to_db(now), to_db(now), *params, limit)
        )

    async def next_due(self, platforms: Iterable[str]) -> datetime | None:
        """When the next pending delivery on a running platform is due (or may be retried)."""
        names, params = _in(platforms)

        def read(c: sqlite3.Connection) -> datetime | None:
            # Two indexed look-ups: the first untried row in due order, and the few retries.
            # Rows that cannot be read are passed over: the engine never sends them either.
            untried = c.execute(
                f"SELECT * FROM deliveries WHERE state = '{PENDING}' AND retry_at IS NULL"
                f" AND platform IN {names} ORDER BY due_at",
                params,
            )
            first = next(self._readable(untried), None)
            retried = c.execute(
                "SELECT * FROM deliveries INDEXED BY deliveries_retry"
                f" WHERE state = '{PENDING}' AND retry_at IS NOT NULL AND platform IN {names}",
                params,
            )
            found = [
                max(item.due_at, item.retry_at or item.due_at) for item in self._readable(retried)
            ]
            if first is not None:
                found.append(first.due_at)
            return min(found) if found else None

        return await self.db.read("next due delivery", read)

    async def event_of_message(self, platform: str, message_id: str) -> int | None:
        """The event a reminder the bot posted as ``message_id`` is about (None: not one)."""

        def read(c: sqlite3.Connection) -> int | None:
            row = c.execute(
                "SELECT d.event_id FROM deliveries d JOIN events e ON e.id = d.event_id"
                " WHERE d.platform = ? AND d.message_id = ? AND d.kind = ? AND e.kind = ?"
                " LIMIT 1",
                (platform, message_id, REMINDER, EventKind.EVENT),
            ).fetchone()
            return int(row[0]) if row else None

        return await self.db.read("event of a post", read)

    async def counts(self) -> dict[str, int]:
        """How many deliveries are in each state."""

        def read(c: sqlite3.Connection) -> dict[str, int]:
            rows = c.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state")
            return {row[0]: row[1] for row in rows}

        return await self.db.read("delivery counts", read)

    async def claim(self, delivery_id: int, now: datetime) -> str | None:
        """Take a pending delivery for sending (committed before the send).

        Returns the claim's token, which every later change of the row must show; None if the
        delivery is no longer pending.
        """
        token = secrets.token_hex(8)
        sql = (
            f"UPDATE deliveries SET state = '{SENDING}', claim = ?, attempts = attempts + 1,"
            f" updated_at = ? WHERE id = ? AND state = '{PENDING}'"
        )
        taken = await self._change("claim", sql, (token, to_db(now), delivery_id))
        return token if taken else None

    async def finish(
        self, delivery_id: int, claim: str, state: DeliveryState, message_id: str, now: datetime
    ) -> bool:
        """Mark our claimed delivery sent (or late); False if the claim was no longer ours."""
        sql = (
            "UPDATE deliveries SET state = ?, message_id = ?, sent_at = ?, updated_at = ?,"
            f" retry_at = NULL WHERE id = ? AND state = '{SENDING}' AND claim = ?"
        )
        params = (state, message_id, to_db(now), to_db(now), delivery_id, claim)
        return await self._change("finish", sql, params)

    async def retry_later(
        self, delivery_id: int, claim: str, when: datetime, error: str, now: datetime
    ) -> bool:
        """Put our claimed delivery back to pending, to be tried again at ``when``."""
        sql = (
            f"UPDATE deliveries SET state = '{PENDING}', claim = NULL, retry_at = ?, error = ?,"
            f" updated_at = ? WHERE id = ? AND state = '{SENDING}' AND claim = ?"
        )
        params = (to_db(when), error[:500], to_db(now), delivery_id, claim)
        return await self._change("retry later", sql, params)

    async def settle(
        self,
        delivery_id: int,
        state: DeliveryState,
        error: str,
        now: datetime,
        claim: str | None = None,
    ) -> bool:
        """Mark a pending delivery (or, given ``claim``, our claimed one) with a final state.

        False if it had moved on (sent, withdrawn, or claimed by someone else).
        """
        params: tuple[object, ...] = (delivery_id,)
        condition = f"state = '{PENDING}'"
        if claim is not None:
            condition, params = f"state = '{SENDING}' AND claim = ?", (delivery_id, claim)
        sql = (
            "UPDATE deliveries SET state = ?, error = ?, updated_at = ?"
            f" WHERE id = ? AND {condition}"
        )
        return await self._change("settle", sql, (state, error[:500], to_db(now), *params))

    async def release(self, delivery_id: int, claim: str | None, now: datetime) -> bool:
        """Return an orphaned claim to pending so it is resent with the same key.

        Only the claim seen (``claim``) is released: one taken again since is left alone.
        """
        sql = (
            f"UPDATE deliveries SET state = '{PENDING}', claim = NULL, updated_at = ?"
            f" WHERE id = ? AND state = '{SENDING}' AND claim IS ?"
        )
        return await self._change("release", sql, (to_db(now), delivery_id, claim))

    async def _deliveries(self, name: str, sql: str, params: tuple[object, ...]) -> list[Delivery]:
        """The deliveries ``sql`` selects, in one read, leaving out (and logging once) bad rows."""

        def read(c: sqlite3.Connection) -> list[Delivery]:
            return list(self._readable(c.execute(sql, params)))

        return await self.db.read(name, read)

    def _readable(self, rows: Iterable[sqlite3.Row]) -> Iterator[Delivery]:
        """The rows that can be read, as deliveries, one at a time (the others logged once)."""
        for row in rows:
            item = self.db.unreadable.one("deliveries", row, delivery_from_row)
            if item is not None:
                yield item

    async def _change(self, name: str, sql: str, params: tuple[object, ...]) -> bool:
        """One compare-and-set UPDATE in a write of its own; True when it changed the row."""
        return await self.db.write(name, lambda c: _changed(c, sql, params))
