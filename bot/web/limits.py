"""A per-address budget for costly pages (search, cards): so many a minute, then 429."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

# Addresses remembered at once; the least recently seen is forgotten first.
REMEMBERED = 10_000


class AddressLimiter:
    """A token bucket per client address: ``per_minute`` requests, refilled evenly."""

    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, size: int = REMEMBERED
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.size = size
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, address: str) -> float:
        """0 when ``address`` may go on now; else the seconds until it may (nothing is spent)."""
        if self.per_minute <= 0:
            return 0.0
        now = self.clock()
        rate = self.per_minute / 60.0
        tokens, seen = self._buckets.pop(address, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - seen) * rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / rate
        self._buckets[address] = (tokens, now)
        if len(self._buckets) > self.size:
            self._buckets.popitem(last=False)
        return wait


def retry_after(wait: float) -> str:
    """A Retry-After header value: whole seconds, at least one."""
    return str(max(1, math.ceil(wait)))
