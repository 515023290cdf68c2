"""Wakes the delivery engine when something is due (apscheduler holds only the next wake-up)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.core.clock import SystemClock
from bot.core.ports import Clock
from bot.events.engine import DeliveryEngine
from bot.events.turns import Turns

# apscheduler takes ~0.2 s to import (it scans every installed package's entry points):
# imported when the waker starts, not at start-up.
if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
MIN_DELAY = timedelta(milliseconds=50)


class Waker:
    """One loop that runs the engine whenever apscheduler's timer fires or something changes.

    The database is the only schedule: the timer is rebuilt from it after every run, jobs live
    in memory (never pickled), and a periodic sweep catches anything a timer could miss.
    """

    def __init__(
        self,
        engine: DeliveryEngine,
        clock: Clock,
        turns: Turns | None = None,
        timer_clock: Clock | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        # apscheduler's timer runs on the real time, whatever ``clock`` says (tests move it).
        self.timer_clock = timer_clock or SystemClock()
        self.turns = turns or Turns()
        self._kick = asyncio.Event()
        self._scheduler: AsyncIOScheduler | None = None
        self._loop: asyncio.Task[None] | None = None
        # Why the last reminder run failed (None once one succeeds): `health` reports it.
        self.problem: str | None = None

    async def start(self) -> None:
        """Start the timer and the loop; the first run happens at once."""
        # Imported in a thread, so the chat adapters can connect in the meantime.
        await asyncio.to_thread(importlib.import_module, "apscheduler.schedulers.asyncio")
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        scheduler.start()
        scheduler.add_job(self._fire, "interval", seconds=SWEEP_SECONDS, id="sweep")
        self._scheduler = scheduler
        self._loop = asyncio.create_task(self._run(), name="reminders")
        self.poke()

    async def recover(self) -> None:
        """At start-up, if it is this process's turn: resend what was left half sent."""
        try:
            if self.turns.begin() and self.turns.recovering():
                await self.engine.recover()
        finally:
            self.turns.end()

    def poke(self) -> None:
        """Run the engine soon (after an event was added, edited or cancelled)."""
        self._kick.set()

    async def stop(self) -> None:
        """Stop the timer and the loop."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None

    async def _fire(self) -> None:
        """The apscheduler job: only wakes the loop (a coroutine, so it runs on the event loop)."""
        self._kick.set()

    async def _run(self) -> None:
        """Run the engine each time it is woken, then set the timer for the next due time."""
        idle_runs = 0
        while True:
            await self._kick.wait()
            self._kick.clear()
            try:
                if not self.turns.begin():
                    # Another process sends the reminders: the sweep asks again.
                    self._set_timer(None)
                    continue
                if self.turns.recovering():
                    await self.engine.recover()
                posted = await self.engine.run_due()
                due = await self.engine.next_wake()
            except Exception as problem:
                log.exception("the reminder run failed; the sweep will try again")
                self.problem = f"the last reminder run failed: {type(problem).__name__}: {problem}"
                continue
            finally:
                self.turns.end()
            self.problem = None
            idle_runs = 0 if posted else idle_runs + 1
            if due is not None and due <= self.clock.now() and idle_runs < 2:
                # Fell due during that run: go again now; the timer's floor is for stalls.
                self._kick.set()
                continue
            self._set_timer(due)

    def _set_timer(self, due: datetime | None) -> None:
        """Set the one wake-up job to ``due`` (in real time), or remove it."""
        from apscheduler.triggers.date import DateTrigger

        scheduler = self._scheduler
        if scheduler is None:
            return
        if due is None:
            if scheduler.get_job("wake") is not None:
                scheduler.remove_job("wake")
            return
        # The floor only stops a hot loop on something overdue it cannot send yet; a future
        # due time is waited for exactly, so reminders close together are not held back.
        delay = due - self.clock.now()
        if delay <= timedelta(0):
            delay = MIN_DELAY
        run_at = self.timer_clock.now() + delay
        scheduler.add_job(
            self._fire, DateTrigger(run_date=run_at), id="wake", replace_existing=True
        )
