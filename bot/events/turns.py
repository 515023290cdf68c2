"""Whose turn it is to send reminders: only the process that holds the database's lease."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.events.lease import Holder, Lease, LeaseHeld

log = logging.getLogger(__name__)

# How long `run` waits for a console to finish its turn before giving up.
PATIENCE = 10.0
RETRY_EVERY = 0.05


def _nobody_told(holder: Holder) -> None:
    """The default: nobody to tell that another process sends the reminders."""


class Turns:
    """Asked before each engine run: may this process recover, plan and send now?

    `run` takes the lease at start and keeps it (``keep=True``). A console takes it only for
    the length of one engine run, so a `run` started later always gets it.
    """

    def __init__(
        self,
        lease: Lease | None = None,
        *,
        keep: bool = True,
        on_busy: Callable[[Holder], None] = _nobody_told,
    ) -> None:
        self.lease = lease
        self.keep = keep
        self.on_busy = on_busy
        self._fresh = True
        self._told: tuple[str, int, str] | None = None
        self._lost = False

    def begin(self) -> bool:
        """Whether this process may deliver now (taking the lease when it is free)."""
        lease = self.lease
        if lease is None:  # in-process use (tests, benchmarks): the caller vouches
            return True
        if lease.held:
            if lease.still_held():
                return True
            self._lose(lease)
        if lease.try_take():
            self._fresh = True
            self._told = None
            if self._lost:
                self._lost = False
                log.warning("holding %s again: this process sends the reminders", lease.path)
            return True
        holder = lease.current_holder()
        if holder is not None:
            seen = (holder.command, holder.pid, holder.host)
            if seen != self._told:
                self._told = seen
                self.on_busy(holder)
        return False

    def _lose(self, lease: Lease) -> None:
        """The lease file was removed or replaced: stop sending, and say so once."""
        log.error(
            "the scheduler lease %s was removed or replaced while this process held it:"
            " this process sends no reminders until it holds the lease again",
            lease.path,
        )
        self._lost = True
        lease.close()

    def recovering(self) -> bool:
        """True for the first run after taking the lease: rows left 'sending' are orphans."""
        fresh, self._fresh = self._fresh, False
        return fresh

    def end(self) -> None:
        """After an engine run: a console gives the lease back."""
        if self.lease is not None and not self.keep:
            self.lease.release()


async def take_for_good(
    lease: Lease, stopping: Callable[[], bool], patience: float = PATIENCE
) -> bool:
    """Take the lease for a `run`; False when stopped meanwhile.

    Raises ``LeaseHeld`` at once when another live `run` holds it; a console's turn (or a
    holder that has not written its details yet) is waited out for up to ``patience`` seconds.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while not lease.try_take():
        holder = lease.current_holder()
        if holder is not None and holder.command == lease.command and holder.alive():
            raise LeaseHeld(lease.database, holder)
        if loop.time() >= deadline:
            raise LeaseHeld(lease.database, holder)
        if stopping():
            return False
        await asyncio.sleep(RETRY_EVERY)
    return True
