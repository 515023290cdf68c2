"""Adding, editing and cancelling events, and planning their reminder deliveries."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.core.model import Place
from bot.core.ports import Clock
from bot.events.delivery_store import DeliveryStore
from bot.events.drafts import Draft, check_text
from bot.events.errors import (
    EventCancelled,
    NoOccurrenceLeft,
    ReminderLongerThanRepeat,
    StartPassed,
    TooManyEvents,
    UnknownChannels,
)
from bot.events.event_store import EventStore
from bot.events.records import DeliveryKind, DeliveryState, Event, EventKind, NewDelivery
from bot.events.when import min_gap, next_occurrence, to_utc
from bot.storage.database import Database

log = logging.getLogger(__name__)


class EventService:
    """Events and their reminders, with the rules every command and the CLI share."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        zone: ZoneInfo,
        channels: dict[str, tuple[Place, ...]],
        per_hour: int,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = database
        self.events = EventStore(database)
        self.deliveries = DeliveryStore(database)
        self.clock = clock
        self.zone = zone
        self.channels = channels
        self.per_hour = per_hour
        self.on_change = on_change
        # Every recurring event that started by this time was tried by ``advance``.
        self.advanced_to: datetime | None = None
        self._stuck_logged: set[tuple[int, str]] = set()

    async def check(self, draft: Draft) -> None:
        """Refuse a draft with text too long, unknown channels or reminders longer than a repeat."""
        check_text(draft)
        unknown = tuple(name for name in draft.channels if name not in self.channels)
        if unknown:
            raise UnknownChannels(unknown, tuple(sorted(self.channels)))
        gap = await asyncio.to_thread(min_gap, draft.rule, draft.local_start, self.zone)
        if gap is not None and draft.reminders and max(draft.reminders) >= gap.total_seconds():
            raise ReminderLongerThanRepeat(max(draft.reminders))

    async def add(self, draft: Draft, person_id: str) -> Event:
        """Store a new event and plan its reminders; refuses past the per-person hourly limit."""
        await self.check(draft)
        now = self.clock.now()
        recent = await self.events.created_since(
            person_id, now - timedelta(hours=1), up_to=self.per_hour
        )
        if recent >= self.per_hour:
            raise TooManyEvents(recent, self.per_hour)
        event = self._as_event(await self._first_occurrence(draft, now), person_id, now)

        def write(c: sqlite3.Connection) -> Event:
            added = replace(event, id=self.events.insert(c, event))
            self._plan(c, added, now)
            return added

        event = await self.db.write("add event", write)
        log.info("event #%d added by %s for %s", event.id, person_id, event.next_start)
        self.on_change()
        return event

    async def edit(self, event: Event, draft: Draft) -> Event:
        """Save new fields; pending reminders are withdrawn and planned again for the new time."""
        self._editable(event)
        await self.check(draft)
        now = self.clock.now()
        if draft.local_start != event.local_start or draft.rule != event.rule:
            draft = await self._first_occurrence(draft, now)
        upcoming = await asyncio.to_thread(
            next_occurrence, draft.rule, draft.local_start, self.zone, now
        )
        if upcoming is None:
            raise StartPassed()
        changed = replace(
            self._as_event(draft, event.created_by, event.created_at),
            id=event.id,
            kind=event.kind,
            timezone=event.timezone,
            next_start=upcoming,
        )

        def write(c: sqlite3.Connection) -> None:
            # ``event`` was read before this transaction: a cancel since then wins.
            if not self.events.update(c, changed):
                raise EventCancelled(event.id)
            self.deliveries.withdraw(c, event.id, now)
            self._plan(c, changed, now)

        await self.db.write("edit event", write)
        log.info("event #%d edited", event.id)
        self.on_change()
        return changed

    async def cancel(self, event: Event) -> int:
        """Cancel an event: withdraw pending reminders, notify channels already reminded."""
        self._editable(event)
        now = self.clock.now()

        def write(c: sqlite3.Connection) -> tuple[int, int]:
            # Only the cancel that changed the row tells the channels.
            if not self.events.cancel(c, event.id, now):
                raise EventCancelled(event.id)
            places = (
                self.deliveries.reminded_places(c, event.id)
                if event.kind == EventKind.EVENT
                else []
            )
            notices = [
                NewDelivery(
                    DeliveryKind.CANCELLATION,
                    channel,
                    platform,
                    target,
                    now,
                    event.id,
                    event.next_start,
                )
                for channel, platform, target in places
            ]
            withdrawn = self.deliveries.withdraw(c, event.id, now)
            return withdrawn, self.deliveries.insert(c, notices, now)

        withdrawn, told = await self.db.write("cancel event", write)
        log.info("event #%d cancelled: %d reminder(s) withdrawn", event.id, withdrawn)
        self.on_change()
        return told

    async def upcoming(self, limit: int = 20) -> list[Event]:
        """Events still to come, soonest first."""
        return await self.events.upcoming(self.clock.now(), limit)

    async def reminder_times(self, event: Event) -> list[datetime]:
        """When the event's pending reminders are due."""
        planned = await self.deliveries.for_event(event.id)
        due = {
            item.due_at
            for item in planned
            if item.state == DeliveryState.PENDING and item.kind == DeliveryKind.REMINDER
        }
        return sorted(due)

    async def advance(self) -> int:
        """Move recurring events whose occurrence has started on to the next; returns how many.

        An event that cannot be moved on (its row unreadable, its zone unknown here) is left
        as it is, logged once, and the others still move on.
        """
        now = self.clock.now()
        moved = 0
        for event in await self.events.passed_recurring(now):
            try:
                moved += await self._advance(event, now)
            except sqlite3.Error:
                raise  # the database itself failed: every event would
            except Exception as problem:  # this event's own data: isolate it
                self._stuck(event, problem)
        self.advanced_to = now
        return moved

    async def next_move_on(self) -> datetime | None:
        """When a recurring event is next due to move on (leaving out any that could not)."""
        return await self.events.next_recurring_start(after=self.advanced_to)

    def zone_of(self, event: Event) -> ZoneInfo:
        """The zone the event's wall-clock times are in."""
        return self.zone if event.timezone == self.zone.key else ZoneInfo(event.timezone)

    def places_for(self, event: Event) -> list[Place]:
        """Every platform place of the event's channels (all channels when none named)."""
        names = event.channels or tuple(self.channels)
        return [place for name in names for place in self.channels.get(name, ())]

    async def _advance(self, event: Event, now: datetime) -> int:
        """Move one passed recurring event on (or end it); 1 when it moved on."""
        upcoming = await asyncio.to_thread(
            next_occurrence, event.rule, event.local_start, self.zone_of(event), event.next_start
        )
        move_on = partial(self._move_on, event=event, upcoming=upcoming, now=now)
        if not await self.db.write("move event on", move_on):
            return 0
        log.info("event #%d moved on to %s", event.id, upcoming)
        return 1

    def _stuck(self, event: Event, problem: Exception) -> None:
        """Log, once per event and kind of problem, that ``event`` cannot be moved on."""
        seen = (event.id, type(problem).__name__)
        if seen in self._stuck_logged:
            return
        self._stuck_logged.add(seen)
        log.error(
            "event #%d cannot be moved on to its next date (%s: %s): it is left as it is;"
            " fix or cancel it",
            event.id,
            type(problem).__name__,
            problem,
        )

    def _move_on(
        self, c: sqlite3.Connection, event: Event, upcoming: datetime | None, now: datetime
    ) -> bool:
        """In one transaction: end ``event`` or move it on and plan; True when it moved on."""
        if upcoming is None:
            if self.events.end(c, event):
                log.info("event #%d: the repeat rule has no occurrence left", event.id)
            return False
        # Only the process whose update moved the row on plans the next reminders.
        if not self.events.move_on(c, event, upcoming):
            log.info("event #%d was moved on or changed meanwhile: not planned", event.id)
            return False
        # Read inside the transaction: the row as it is now, with any edit made since.
        current = self.events.find(c, event.id)
        assert current is not None
        self._plan(c, current, now, include_past=True)
        return True

    def _as_event(self, draft: Draft, person_id: str, now: datetime) -> Event:
        """A new event as ``draft`` says, starting (first and next) at its local start."""
        start = to_utc(draft.local_start, self.zone)
        return Event(
            id=0,
            kind=EventKind(draft.kind),
            title=draft.title,
            local_start=draft.local_start,
            timezone=self.zone.key,
            first_start=start,
            next_start=start,
            place=draft.place,
            details=draft.details,
            rule=draft.rule,
            reminders=draft.reminders,
            channels=draft.channels,
            created_by=person_id,
            created_at=now,
        )

    async def _first_occurrence(self, draft: Draft, now: datetime) -> Draft:
        """``draft`` starting at its rule's first occurrence (iCal counts DTSTART as one)."""
        first = await asyncio.to_thread(
            next_occurrence, draft.rule, draft.local_start, self.zone, now
        )
        if first is None and draft.rule:
            raise NoOccurrenceLeft()
        if first is None:
            raise StartPassed()
        return replace(draft, local_start=first.astimezone(self.zone).replace(tzinfo=None))

    def _editable(self, event: Event) -> None:
        """Refuse changes to a cancelled event."""
        if event.cancelled:
            raise EventCancelled(event.id)

    def _plan(
        self, c: sqlite3.Connection, event: Event, now: datetime, include_past: bool = False
    ) -> int:
        """Create the pending deliveries of the event's current occurrence."""
        occurrence = event.next_start
        taken = self.deliveries.taken_reminders(c, event.id, occurrence)
        planned = [
            NewDelivery(
                DeliveryKind.REMINDER,
                place.name,
                place.platform,
                place.id,
                occurrence - timedelta(seconds=offset),
                event.id,
                occurrence,
                offset,
            )
            for offset in event.reminders
            for place in self.places_for(event)
            if (offset, place.name, place.platform) not in taken
            and (include_past or occurrence - timedelta(seconds=offset) > now)
        ]
        return self.deliveries.insert(c, planned, now)
