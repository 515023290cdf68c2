"""The delivery engine: posts due reminders once each, with keys, late policy and retries."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import datetime, timedelta
from functools import partial

from bot.core.model import Place, Reply
from bot.core.ports import ChatAdapter, Clock, NamesRooms
from bot.events.posts import PostWriter
from bot.events.records import Delivery, DeliveryKind, DeliveryState, Event, NewDelivery
from bot.events.service import EventService

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(seconds=60)
SEND_TIMEOUT = 30.0
MAX_ATTEMPTS = 5
MISSED, FAILED, CANCELLED = DeliveryState.MISSED, DeliveryState.FAILED, DeliveryState.CANCELLED
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=10)
# Marking a post sent is tried for about a minute while the database refuses the write.
MARK_ATTEMPTS = 10
FIRST_MARK_RETRY = timedelta(milliseconds=100)
LONGEST_MARK_RETRY = timedelta(seconds=10)


class DeliveryEngine:
    """Finds due deliveries in the database and sends each through its platform's adapter."""

    def __init__(
        self,
        service: EventService,
        clock: Clock,
        posts: PostWriter,
        *,
        grace: timedelta,
        organisers_channel: str,
        concurrency: int = 8,
    ) -> None:
        self.service = service
        self.deliveries = service.deliveries
        self.clock = clock
        self.posts = posts
        self.grace = grace
        self.organisers_channel = organisers_channel
        self.adapters: dict[str, ChatAdapter] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._planning = asyncio.Lock()

    def attach(self, adapter: ChatAdapter) -> None:
        """Deliver to ``adapter``'s platform from now on."""
        self.adapters[adapter.platform] = adapter

    def detach(self, adapter: ChatAdapter) -> None:
        """Stop delivering to ``adapter``'s platform (its deliveries wait)."""
        if self.adapters.get(adapter.platform) is adapter:
            del self.adapters[adapter.platform]

    async def recover(self) -> int:
        """On taking the lease: deliveries claimed but never marked are sent again, same key."""
        now = self.clock.now()
        stuck = await self.deliveries.in_flight()
        released = 0
        for item in stuck:
            if not await self.deliveries.release(item.id, item.claim, now):
                continue
            log.warning(
                "delivery %d (key %s) was being sent when the bot stopped: resending",
                item.id,
                item.key,
            )
            released += 1
        return released

    async def next_wake(self) -> datetime | None:
        """When there is next something to do (a delivery, a retry or a recurrence to move on)."""
        times = [
            await self.deliveries.next_due(self.adapters),
            await self.service.next_move_on(),
        ]
        found = [when for when in times if when is not None]
        return min(found) if found else None

    async def run_due(self) -> int:
        """Send everything due now; returns how many posts were made."""
        posted = 0
        for _ in range(10):
            async with self._planning:
                while await self.service.advance():
                    pass
            due = await self.deliveries.due(self.clock.now(), self.adapters)
            results = await asyncio.gather(*(self._deliver(item) for item in due))
            posted += sum(results)
            async with self._planning:
                reported = await self._report()
            if not due and not reported:
                break
        return posted

    async def _deliver(self, item: Delivery) -> bool:
        """Apply the late policy to one due delivery, then claim and send it.

        The policy holds for every row, a retry or one sent again after a crash too: past the
        grace it is missed (and reported), never posted; later than a minute it says so.
        """
        async with self._slots:
            now = self.clock.now()
            lateness = now - item.due_at
            if item.kind != DeliveryKind.NOTICE and lateness > self.grace:
                if await self.deliveries.settle(item.id, MISSED, "bot offline", now):
                    log.warning(
                        "delivery %d missed: due %s, %s late (%d earlier attempts)",
                        item.id,
                        item.due_at,
                        lateness,
                        item.attempts,
                    )
                return False
            adapter = self.adapters.get(item.platform)
            claim = await self.deliveries.claim(item.id, now) if adapter is not None else None
            if adapter is None or claim is None:
                return False
            late = lateness > LATE_AFTER
            try:
                place = self._where(item.platform, item.target, item.channel)
                reply = await self._render(item, late, place)
                if reply is None:
                    gone = "event gone or cancelled"
                    await self.deliveries.settle(item.id, CANCELLED, gone, now, claim)
                    return False
                message_id = await asyncio.wait_for(
                    adapter.send(place, reply, key=item.key), SEND_TIMEOUT
                )
            except Exception as problem:  # any platform failure: retry, never lose the row
                await self._failed(item, claim, problem)
                return False
            state = DeliveryState.LATE if late else DeliveryState.SENT
            if not await self._finish(item, claim, state, message_id):
                return True
            if late:
                log.warning("delivery %d posted %s after it was due", item.id, lateness)
            log.info(
                "delivery %d sent to %s/%s (key %s)", item.id, item.platform, item.channel, item.key
            )
            return True

    async def _finish(
        self, item: Delivery, claim: str, state: DeliveryState, message_id: str
    ) -> bool:
        """Mark a posted delivery ``state``, trying again while the write fails.

        Left 'sending', a posted reminder would be sent again after the next start.
        """
        wait = FIRST_MARK_RETRY
        for attempt in range(1, MARK_ATTEMPTS + 1):
            try:
                done = await self.deliveries.finish(
                    item.id, claim, state, message_id, self.clock.now()
                )
            except sqlite3.Error as problem:
                if attempt == MARK_ATTEMPTS:
                    log.error(
                        "delivery %d was posted but could not be marked %s (%s): it stays"
                        " 'sending' and the next start deals with it",
                        item.id,
                        state,
                        problem,
                    )
                    return False
                log.warning(
                    "delivery %d was posted but could not be marked %s (%s): trying again in %s",
                    item.id,
                    state,
                    problem,
                    wait,
                )
                await asyncio.sleep(wait.total_seconds())
                wait = min(wait * 2, LONGEST_MARK_RETRY)
                continue
            if not done:
                log.warning(
                    "delivery %d was taken over by another process while it was sent: "
                    "left to that process",
                    item.id,
                )
            return done
        return False

    def _where(self, platform: str, target: str, channel: str) -> Place:
        """The place a delivery goes to, by the room's id where the config names it otherwise.

        A room's language is kept under its id, so a Matrix channel named by #alias must
        be looked up by the id the alias was pinned to.
        """
        adapter = self.adapters.get(platform)
        if isinstance(adapter, NamesRooms):
            target = adapter.room_id(target)
        return Place(platform, target, channel)

    async def _render(self, item: Delivery, late: bool, place: Place) -> Reply | None:
        """The post for a delivery in ``place`` (None when its event is gone or cancelled)."""
        if item.kind == DeliveryKind.NOTICE:
            return await self.posts.notice(item.body, place)
        event: Event | None = await self.service.events.get(item.event_id or 0)
        if event is None or (event.cancelled and item.kind == DeliveryKind.REMINDER):
            return None
        now = self.clock.now()
        if item.kind == DeliveryKind.CANCELLATION:
            return await self.posts.cancellation(event, now, place)
        return await self.posts.reminder(event, item, now, late, place)

    async def _failed(self, item: Delivery, claim: str, problem: BaseException) -> None:
        """Retry with backoff, or after the last try mark failed (reported to organisers)."""
        now = self.clock.now()
        error = f"{type(problem).__name__}: {problem}"[:300]
        attempts = item.attempts + 1
        if attempts < MAX_ATTEMPTS:
            wait = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)
            if await self.deliveries.retry_later(item.id, claim, now + wait, error, now):
                log.warning(
                    "delivery %d to %s failed (%s): retry in %s",
                    item.id,
                    item.platform,
                    error,
                    wait,
                )
        elif await self.deliveries.settle(item.id, FAILED, error, now, claim):
            log.error(
                "delivery %d to %s failed %d times: %s", item.id, item.platform, attempts, error
            )

    async def _report(self) -> bool:
        """Tell the organisers, once, about missed and failed deliveries."""
        for _ in range(3):
            unreported = await self.deliveries.unreported()
            if not unreported:
                return False
            now = self.clock.now()
            # A notice that failed is only logged: reporting it would need another notice.
            items = [item for item in unreported if item.kind != DeliveryKind.NOTICE]
            missed = [item for item in items if item.state == MISSED]
            failed = [item for item in items if item.state == FAILED]
            places = self.service.channels.get(self.organisers_channel, ()) if items else ()
            if items and not places:
                body = await self.posts.missed_summary(missed, failed, now, Place("log", "log"))
                log.warning("no organisers channel to tell: %s", body.replace("\n", " | "))
            # Each organisers' place is told in its own language.
            notices = [
                NewDelivery(
                    DeliveryKind.NOTICE,
                    place.name,
                    place.platform,
                    place.id,
                    now,
                    body=await self.posts.missed_summary(
                        missed, failed, now, self._where(place.platform, place.id, place.name)
                    ),
                )
                for place in places
            ]
            seen = [item.id for item in unreported]
            told = partial(self._tell, seen=seen, notices=notices, now=now)
            outcome = await self.service.db.write("report deliveries", told)
            if outcome is not None:
                return outcome
        return False

    def _tell(
        self, c: sqlite3.Connection, seen: list[int], notices: list[NewDelivery], now: datetime
    ) -> bool | None:
        """Mark ``seen`` reported and plan ``notices``; None when others reported meanwhile.

        The rows are read again inside the write: no other process reports the same rows.
        """
        if [item.id for item in self.deliveries.unreported_in(c)] != seen:
            return None
        self.deliveries.mark_reported(c, seen)
        return self.deliveries.insert(c, notices, now) > 0
