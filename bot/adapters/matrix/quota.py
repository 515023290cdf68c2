"""Once per key per window: how often a flood of the same thing gets an answer."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

REMEMBERED = 10_000


class OncePerWindow:
    """Lets the first of each key through, then nothing for that key for ``window`` seconds."""

    def __init__(
        self,
        window: float,
        *,
        remembered: int = REMEMBERED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.remembered = remembered
        self.clock = clock
        self._last: OrderedDict[Hashable, float] = OrderedDict()

    def allow(self, key: Hashable) -> bool:
        """Whether ``key`` may have its answer now (and, if so, not again within the window)."""
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < self.window:
            return False
        self._last[key] = now
        self._last.move_to_end(key)
        while len(self._last) > self.remembered:
            self._last.popitem(last=False)
        return True
