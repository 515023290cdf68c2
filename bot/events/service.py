"""Adding, editing and cancelling events, and planning their reminder deliveries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.core.durations import format_duration, parse_duration
from bot.core.errors import UserError
from bot.core.model import Place
from bot.core.ports import Clock
from bot.schedule.when import min_gap, next_occurrence, to_utc
from bot.storage.database import Database
from bot.storage.deliveries import DeliveryRepository, NewDelivery
from bot.storage.event_records import Event
from bot.storage.events import EventRepository

log = logging.getLogger(__name__)

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
    kind: str = "event"


def parse_offsets(text: str) -> tuple[int, ...]:
    """Reminder offsets from '1d,2h,start', largest first; refuses duplicates and nonsense."""
    offsets: list[int] = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            seconds = parse_duration(part)
        except ValueError as problem:
            raise UserError(str(problem)) from None
        if seconds in offsets:
            raise UserError(f"remind: {format_duration(seconds)} is given twice; give it once.")
        if seconds > MAX_OFFSET:
            raise UserError(f"remind: {part.strip()} is too far ahead: 8 weeks at most.")
        offsets.append(seconds)
    if not offsets:
        raise UserError("remind: needs times like 1d,2h,start")
    if len(offsets) > MAX_REMINDERS:
        raise UserError(f"remind: at most {MAX_REMINDERS} reminders per event.")
    return tuple(sorted(offsets, reverse=True))


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
        self.events = EventRepository(database)
        self.deliveries = DeliveryRepository(database)
        self.clock = clock
        self.zone = zone
        self.channels = channels
        self.per_hour = per_hour
        self.on_change = on_change

    async def check(self, draft: Draft) -> None:
        """Refuse a draft with text too long, unknown channels or reminders longer than a repeat."""
        for name, limit in LIMITS.items():
            if draft.kind == "announcement" and name == "title":
                limit = LIMITS["details"]
            if len(getattr(draft, name)) > limit:
                raise UserError(f"The {name} is too long: keep it under {limit} characters.")
        if not draft.title.strip():
            raise UserError('The title is empty: give it in quotes, like "Picket at IOM office".')
        unknown = [name for name in draft.channels if name not in self.channels]
        if unknown:
            known = ", ".join(sorted(self.channels)) or "none configured"
            raise UserError(f"No channel named {', '.join(unknown)}. Channels: {known}")
        gap = await asyncio.to_thread(min_gap, draft.rule, draft.local_start, self.zone)
        if gap is not None and draft.reminders and max(draft.reminders) >= gap.total_seconds():
            longest = format_duration(max(draft.reminders))
            raise UserError(f"remind: {longest} is longer than the time between occurrences.")

    async def add(self, draft: Draft, person_id: str) -> Event:
        """Store a new event and plan its reminders; refuses past the per-person hourly limit."""
        await self.check(draft)
        now = self.clock.now()
        recent = await self.events.created_since(person_id, now - timedelta(hours=1))
        if recent >= self.per_hour:
            raise UserError(
                f"You have added {recent} events in the last hour, the limit: try again later."
            )
        draft = await self._first_occurrence(draft, now)
        start = to_utc(draft.local_start, self.zone)
        event = Event(
            id=0,
            kind=draft.kind,
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
        async with self.db.transaction() as tx:
            event = replace(event, id=await self.events.insert(tx, event))
            await self._plan(tx, event, now)
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
            raise UserError("That time has passed: give a time still to come.")
        changed = replace(
            event,
            title=draft.title,
            local_start=draft.local_start,
            first_start=to_utc(draft.local_start, self.zone),
            next_start=upcoming,
            place=draft.place,
            details=draft.details,
            rule=draft.rule,
            reminders=draft.reminders,
            channels=draft.channels,
        )
        async with self.db.transaction() as tx:
            await self.deliveries.withdraw(tx, event.id, now)
            await self.events.update(tx, changed)
            await self._plan(tx, changed, now)
        log.info("event #%d edited", event.id)
        self.on_change()
        return changed

    async def cancel(self, event: Event) -> int:
        """Cancel an event: withdraw pending reminders, notify channels already reminded."""
        self._editable(event)
        now = self.clock.now()
        places = await self.deliveries.reminded_places(event.id) if event.kind == "event" else []
        notices = [
            NewDelivery("cancellation", channel, platform, target, now, event.id, event.next_start)
            for channel, platform, target in places
        ]
        async with self.db.transaction() as tx:
            withdrawn = await self.deliveries.withdraw(tx, event.id, now)
            await self.events.cancel(tx, event.id, now)
            await self.deliveries.insert(tx, notices, now)
        log.info("event #%d cancelled: %d reminder(s) withdrawn", event.id, withdrawn)
        self.on_change()
        return len(notices)

    async def get(self, event_id: int) -> Event:
        """The event with this id, or a clear error."""
        event = await self.events.get(event_id)
        if event is None or event.kind != "event":
            raise UserError(f"No event #{event_id}. See the list with !events")
        return event

    async def upcoming(self, limit: int = 20) -> list[Event]:
        """Events still to come, soonest first."""
        return await self.events.upcoming(self.clock.now(), limit)

    async def reminder_times(self, event: Event) -> list[datetime]:
        """When the event's pending reminders are due."""
        planned = await self.deliveries.for_event(event.id)
        due = {
            item.due_at for item in planned if item.state == "pending" and item.kind == "reminder"
        }
        return sorted(due)

    async def advance(self) -> int:
        """Move recurring events whose occurrence has started on to the next; returns how many."""
        now = self.clock.now()
        moved = 0
        for event in await self.events.passed_recurring(now):
            upcoming = await asyncio.to_thread(
                next_occurrence,
                event.rule,
                event.local_start,
                self.zone_of(event),
                event.next_start,
            )
            async with self.db.transaction() as tx:
                if upcoming is None:
                    if await self.events.end(tx, event):
                        log.info("event #%d: the repeat rule has no occurrence left", event.id)
                    continue
                # Only the process whose update moved the row on plans the next reminders.
                if not await self.events.move_on(tx, event, upcoming):
                    log.info("event #%d was moved on or changed meanwhile: not planned", event.id)
                    continue
                # Read inside the transaction: the row as it is now, with any edit made since.
                current = await self.events.get(event.id)
                assert current is not None
                await self._plan(tx, current, now, include_past=True)
            log.info("event #%d moved on to %s", event.id, upcoming)
            moved += 1
        return moved

    def zone_of(self, event: Event) -> ZoneInfo:
        """The zone the event's wall-clock times are in."""
        return self.zone if event.timezone == self.zone.key else ZoneInfo(event.timezone)

    def places_for(self, event: Event) -> list[Place]:
        """Every platform place of the event's channels (all channels when none named)."""
        names = event.channels or tuple(self.channels)
        return [place for name in names for place in self.channels.get(name, ())]

    async def _first_occurrence(self, draft: Draft, now: datetime) -> Draft:
        """``draft`` starting at its rule's first occurrence (iCal counts DTSTART as one)."""
        first = await asyncio.to_thread(
            next_occurrence, draft.rule, draft.local_start, self.zone, now
        )
        if first is None and draft.rule:
            raise UserError("That repeat rule has no occurrence after the time given.")
        if first is None:
            raise UserError("That time has passed: give a time still to come.")
        return replace(draft, local_start=first.astimezone(self.zone).replace(tzinfo=None))

    def _editable(self, event: Event) -> None:
        """Refuse changes to a cancelled event."""
        if event.cancelled:
            raise UserError(f"Event #{event.id} is cancelled.")

    async def _plan(
        self, tx: aiosqlite.Connection, event: Event, now: datetime, include_past: bool = False
    ) -> int:
        """Create the pending deliveries of the event's current occurrence."""
        occurrence = event.next_start
        done = await self.deliveries.done_reminders(event.id, occurrence)
        planned = [
            NewDelivery(
                "reminder",
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
            if (offset, place.name, place.platform) not in done
            and (include_past or occurrence - timedelta(seconds=offset) > now)
        ]
        return await self.deliveries.insert(tx, planned, now)
