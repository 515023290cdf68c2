"""Clocks: the system's, and one that tests move by hand without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until told to move (for tests and replays)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The clock's current time in UTC."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` and return the new time."""
        if delta < timedelta(0):
            raise ValueError("a clock only moves forward")
        self._now += delta
        return self._now

    def set(self, when: datetime) -> datetime:
        """Move forward to ``when``."""
        return self.advance(when.astimezone(UTC) - self._now)
