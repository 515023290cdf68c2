"""An event as typed, before it is stored, and the rules on its text and reminder times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.durations import DurationError, parse_duration
from bot.events.errors import (
    EmptyTitle,
    FieldTooLong,
    NoReminders,
    ReminderTooFar,
    ReminderTwice,
    TooManyReminders,
    UnreadableReminder,
)
from bot.events.records import Event, EventKind

MAX_REMINDERS = 8
MAX_OFFSET = 8 * 7 * 86400
LIMITS = {"title": 200, "place": 200, "details": 1000}


@dataclass(frozen=True)
class Draft:
    """An event as typed, before it is stored."""

    title: str
    local_start: datetime
    place: str = ""
    details: str = ""
    rule: str = ""
    reminders: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    kind: EventKind = EventKind.EVENT

    @classmethod
    def of(cls, event: Event) -> Draft:
        """What ``event`` says now, as a draft to change."""
        return cls(
            event.title,
            event.local_start,
            event.place,
            event.details,
            event.rule,
            event.reminders,
            event.channels,
            event.kind,
        )


def check_text(draft: Draft) -> None:
    """Refuse a draft whose title is empty or whose text is too long."""
    for name, limit in LIMITS.items():
        if draft.kind == EventKind.ANNOUNCEMENT and name == "title":
            limit = LIMITS["details"]
        if len(getattr(draft, name)) > limit:
            raise FieldTooLong(name, limit)
    if not draft.title.strip():
        raise EmptyTitle()


def parse_offsets(text: str) -> tuple[int, ...]:
    """Reminder offsets from '1d,2h,start', largest first; refuses duplicates and nonsense."""
    offsets: list[int] = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            seconds = parse_duration(part)
        except DurationError as problem:
            raise UnreadableReminder(part, problem.problem) from None
        if seconds in offsets:
            raise ReminderTwice(seconds)
        if seconds > MAX_OFFSET:
            raise ReminderTooFar(part.strip(), MAX_OFFSET)
        offsets.append(seconds)
    if not offsets:
        raise NoReminders()
    if len(offsets) > MAX_REMINDERS:
        raise TooManyReminders(MAX_REMINDERS)
    return tuple(sorted(offsets, reverse=True))
