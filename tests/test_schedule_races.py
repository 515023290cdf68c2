"""Two processes' connections on one SQLite file: moving an event on and finishing a claim."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.core.clock import ManualClock
from bot.core.model import Place
from bot.events.drafts import Draft
from bot.events.records import Delivery, Event
from tests.eventkit import settings, utc

START = utc(2026, 3, 20, 12)
ORGANISER = "test:olu"
EVENTS = 20


@asynccontextmanager
async def two_processes(db: Path, clock: ManualClock) -> AsyncIterator[tuple[App, App]]:
    """Two bots on one database file, each with its own connections, sharing a test clock."""
    config = settings(max_events_per_person_per_hour=1000)
    first = await App.open(config, db, clock=clock, wake=False)
    second = await App.open(config, db, clock=clock, wake=False)
    try:
        yield first, second
    finally:
        await second.close()
        await first.close()


async def add_hourly(app: App, count: int, reminders: tuple[int, ...]) -> list[Event]:
    """``count`` events repeating every hour, the first an hour after START plus n minutes."""
    added = []
    for number in range(count):
        local = START.astimezone(app.settings.zone).replace(tzinfo=None)
        start = local + timedelta(hours=1, minutes=number)
        draft = Draft(f"Meeting {number}", start, rule="FREQ=HOURLY", reminders=reminders)
        added.append(await app.events.add(draft, ORGANISER))
    return added


async def planned(app: App, event_id: int, occurrence: datetime) -> list[Delivery]:
    """The reminder rows of one occurrence of one event."""
    rows = await app.events.deliveries.for_event(event_id)
    return [row for row in rows if row.occurrence == occurrence and row.kind == "reminder"]


async def test_a_stale_view_cannot_move_an_event_on_a_second_time(db_path: Path) -> None:
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        (event,) = await add_hourly(first, 1, (0,))
        clock.set(event.next_start + timedelta(seconds=1))
        # The second process reads the passed occurrence, then the first moves it on.
        (stale,) = await second.events.events.passed_recurring(clock.now())
        assert await first.events.advance() == 1
        upcoming = event.next_start + timedelta(hours=1)
        store = second.events.events
        moved, ended = await second.database.write(
            "stale move", lambda c: (store.move_on(c, stale, upcoming), store.end(c, stale))
        )
        assert not moved
        assert not ended
        assert await second.events.advance() == 0
        moved = await second.events.events.get(event.id)
        assert moved is not None and moved.next_start == upcoming
        assert len(await planned(second, event.id, upcoming)) == 1


async def test_two_processes_moving_twenty_events_on_at_once_plan_each_once(
    db_path: Path,
) -> None:
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        events = await add_hourly(first, EVENTS, (1800, 0))
        # Every first occurrence (START+1h to START+1h19m) has started and no next one has:
        # at START+2h the first event's next occurrence would itself have started, and a
        # second move of it on would be right, not a double.
        clock.set(START + timedelta(hours=1, minutes=30))
        moved = await asyncio.gather(first.events.advance(), second.events.advance())
        assert sum(moved) == EVENTS
        for event in events:
            upcoming = event.next_start + timedelta(hours=1)
            rows = await planned(first, event.id, upcoming)
            assert sorted(row.offset_s for row in rows) == [0, 1800], event.title


async def test_an_edit_between_reading_and_moving_on_wins(db_path: Path) -> None:
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        (event,) = await add_hourly(first, 1, (0,))
        clock.set(event.next_start + timedelta(seconds=1))
        (stale,) = await second.events.events.passed_recurring(clock.now())
        local = event.local_start + timedelta(hours=5)
        draft = Draft(event.title, local, rule="FREQ=DAILY", reminders=(0,))
        edited = await first.events.edit(event, draft)
        store = second.events.events
        assert not await second.database.write(
            "stale move", lambda c: store.move_on(c, stale, stale.next_start)
        )
        after = await second.events.events.get(event.id)
        assert after is not None and after.next_start == edited.next_start
        assert after.rule == "FREQ=DAILY"


async def test_a_lost_claim_never_marks_or_returns_the_new_holders_delivery(
    db_path: Path,
) -> None:
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        (event,) = await add_hourly(first, 1, (0,))
        (row,) = await planned(first, event.id, event.next_start)
        now = clock.now()
        lost = await first.events.deliveries.claim(row.id, now)
        assert lost is not None
        # The second process takes the delivery over (as a recovery after a crash would).
        (orphan,) = await second.events.deliveries.in_flight()
        assert orphan.claim == lost
        assert await second.events.deliveries.release(orphan.id, orphan.claim, now)
        taken = await second.events.deliveries.claim(row.id, now)
        assert taken is not None and taken != lost
        # A second recovery with the stale view releases nothing.
        assert not await first.events.deliveries.release(orphan.id, lost, now)
        deliveries = first.events.deliveries
        assert not await deliveries.finish(row.id, lost, "sent", "first-message", now)
        assert not await deliveries.retry_later(row.id, lost, now, "timeout", now)
        assert not await deliveries.settle(row.id, "failed", "gave up", now, lost)
        (current,) = await planned(second, event.id, event.next_start)
        assert (current.state, current.claim, current.message_id) == ("sending", taken, None)
        assert await second.events.deliveries.finish(row.id, taken, "sent", "second-message", now)
        (done,) = await planned(first, event.id, event.next_start)
        assert (done.state, done.message_id, done.attempts) == ("sent", "second-message", 2)


async def test_settling_a_missed_delivery_needs_it_still_pending(db_path: Path) -> None:
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        (event,) = await add_hourly(first, 1, (0,))
        (row,) = await planned(first, event.id, event.next_start)
        claim = await first.events.deliveries.claim(row.id, clock.now())
        assert claim is not None
        assert not await second.events.deliveries.settle(row.id, "missed", "late", clock.now())
        (current,) = await planned(second, event.id, event.next_start)
        assert current.state == "sending"


async def test_two_engines_over_twenty_recurring_events_post_each_reminder_once(
    db_path: Path,
) -> None:
    """Without any lease: both engines run at every minute of five hours."""
    clock = ManualClock(START)
    async with two_processes(db_path, clock) as (first, second):
        events = await add_hourly(first, EVENTS, (1800, 0))
        chats = [RecordingAdapter(), RecordingAdapter()]
        for app, chat in zip((first, second), chats, strict=True):
            app.engine.attach(chat)
        end = START + timedelta(hours=5, minutes=30)
        while clock.now() < end:
            clock.advance(timedelta(minutes=1))
            await asyncio.gather(first.engine.run_due(), second.engine.run_due())
        keys = Counter(sent.key for chat in chats for sent in chat.sent)
        assert keys and max(keys.values()) == 1, "a reminder was posted twice"
        rows = {
            row.key: row for e in events for row in await first.events.deliveries.for_event(e.id)
        }
        posted = Counter(
            (rows[key].event_id, rows[key].occurrence, rows[key].offset_s) for key in keys
        )
        expected = Counter(
            (event.id, event.next_start + timedelta(hours=n), offset)
            for event in events
            for n in range(6)
            for offset in (1800, 0)
            if event.next_start + timedelta(hours=n, seconds=-offset) <= end
        )
        assert posted == expected
        planned_rows = Counter(
            (row.event_id, row.occurrence, row.offset_s, row.channel) for row in rows.values()
        )
        assert max(planned_rows.values()) == 1, "an occurrence was planned twice"


async def test_two_engines_tell_the_organisers_about_a_missed_reminder_once(
    db_path: Path,
) -> None:
    clock = ManualClock(START)
    channels = {
        "main": (Place("test", "room-1", "main"),),
        "organisers": (Place("test", "room-org", "organisers"),),
    }
    config = settings(channels=channels, organisers_channel="organisers")
    first = await App.open(config, db_path, clock=clock, wake=False)
    second = await App.open(config, db_path, clock=clock, wake=False)
    try:
        local = START.astimezone(config.zone).replace(tzinfo=None) + timedelta(hours=1)
        draft = Draft("Picket", local, reminders=(0,), channels=("main",))
        await first.events.add(draft, ORGANISER)
        clock.set(START + timedelta(hours=3))  # the bot was offline well past the grace
        chats = [RecordingAdapter(), RecordingAdapter()]
        for app, chat in zip((first, second), chats, strict=True):
            app.engine.attach(chat)
        await asyncio.gather(first.engine.run_due(), second.engine.run_due())
        told = [sent for chat in chats for sent in chat.sent if sent.key]
        assert [sent.place.id for sent in told] == ["room-org"], [s.text for s in told]
        assert "1 reminder came due while the bot was offline" in told[0].text
    finally:
        await second.close()
        await first.close()
