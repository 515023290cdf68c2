"""Events and deliveries as records, their kinds and states, and how their rows are stored."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class EventKind(StrEnum):
    """What an events row is (the stored values of events.kind)."""

    EVENT = "event"
    ANNOUNCEMENT = "announcement"


class DeliveryKind(StrEnum):
    """What a delivery posts (the stored values of deliveries.kind)."""

    REMINDER = "reminder"
    CANCELLATION = "cancellation"
    NOTICE = "notice"


class DeliveryState(StrEnum):
    """Where a delivery is in its life (the stored values of deliveries.state)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    LATE = "late"
    MISSED = "missed"
    CANCELLED = "cancelled"
    FAILED = "failed"


POSTED = (DeliveryState.SENT, DeliveryState.LATE)
# Posted or on its way: a cancellation notice goes where a reminder in one of these went.
REACHED = (*POSTED, DeliveryState.SENDING)
# Posted or on its way, or given up on: a reminder in one of these is not planned again.
TAKEN = (*REACHED, DeliveryState.MISSED, DeliveryState.FAILED)


def to_db(when: datetime) -> str:
    """A UTC instant as fixed-width text that sorts in time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    """The UTC instant stored by ``to_db``."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    """``from_db`` for a column that may be NULL."""
    return from_db(text) if text else None


@dataclass(frozen=True)
class Event:
    """An event or a one-off announcement, with its current occurrence."""

    id: int
    kind: EventKind
    title: str
    local_start: datetime
    timezone: str
    first_start: datetime
    next_start: datetime
    place: str
    details: str
    rule: str
    reminders: tuple[int, ...]
    channels: tuple[str, ...]
    created_by: str
    created_at: datetime
    cancelled_at: datetime | None = None

    @property
    def cancelled(self) -> bool:
        """Whether the event was cancelled."""
        return self.cancelled_at is not None


@dataclass(frozen=True)
class Delivery:
    """One post on one platform: a reminder, a cancellation notice or a notice to organisers."""

    id: int
    event_id: int | None
    kind: DeliveryKind
    occurrence: datetime | None
    offset_s: int
    channel: str
    platform: str
    target: str
    body: str
    due_at: datetime
    state: DeliveryState
    key: str
    attempts: int = 0
    retry_at: datetime | None = None
    message_id: str | None = None
    sent_at: datetime | None = None
    error: str = ""
    claim: str | None = None


@dataclass(frozen=True)
class NewDelivery:
    """A post to plan: what, for which occurrence, where and when."""

    kind: DeliveryKind
    channel: str
    platform: str
    target: str
    due_at: datetime
    event_id: int | None = None
    occurrence: datetime | None = None
    offset_s: int = 0
    body: str = ""


def event_from_row(row: sqlite3.Row) -> Event:
    """An Event from an events row."""
    return Event(
        id=row["id"],
        kind=EventKind(row["kind"]),
        title=row["title"],
        local_start=datetime.fromisoformat(row["local_start"]),
        timezone=row["timezone"],
        first_start=from_db(row["first_start"]),
        next_start=from_db(row["next_start"]),
        place=row["place"],
        details=row["details"],
        rule=row["rule"],
        reminders=tuple(int(part) for part in row["reminders"].split(",") if part),
        channels=tuple(part for part in row["channels"].split(",") if part),
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        cancelled_at=maybe_from_db(row["cancelled_at"]),
    )


def delivery_from_row(row: sqlite3.Row) -> Delivery:
    """A Delivery from a deliveries row."""
    return Delivery(
        id=row["id"],
        event_id=row["event_id"],
        kind=DeliveryKind(row["kind"]),
        occurrence=maybe_from_db(row["occurrence"]),
        offset_s=row["offset_s"],
        channel=row["channel"],
        platform=row["platform"],
        target=row["target"],
        body=row["body"],
        due_at=from_db(row["due_at"]),
        state=DeliveryState(row["state"]),
        key=row["key"],
        attempts=row["attempts"],
        retry_at=maybe_from_db(row["retry_at"]),
        message_id=row["message_id"],
        sent_at=maybe_from_db(row["sent_at"]),
        error=row["error"],
        claim=row["claim"],
    )
