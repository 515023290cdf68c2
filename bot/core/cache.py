"""A small cache of answers that is emptied whenever the data they came from changes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar, cast

Value = TypeVar("Value")


class VersionedCache:
    """Values by key, kept only while ``version()`` returns what it returned when they were made.

    ``version`` must change whenever the data changes (``Database.version``).
    """

    def __init__(self, version: Callable[[], Hashable], size: int = 1024) -> None:
        self._version = version
        self._size = size
        self._seen: Hashable | None = None
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = 0
        self.misses = 0

    async def get(self, key: Hashable, make: Callable[[], Awaitable[Value]]) -> Value:
        """The value for ``key``: kept if the data has not changed since, else made now."""
        seen = self._version()
        if seen != self._seen:
            self._values.clear()
            self._seen = seen
        if key in self._values:
            self._values.move_to_end(key)
            self.hits += 1
            return cast(Value, self._values[key])
        self.misses += 1
        value = await make()
        # Kept only if no change was noticed meanwhile: the value was read after ``seen``,
        # so it is at least as new; a later change empties the cache at the next look.
        if self._seen == seen:
            self._values[key] = value
            if len(self._values) > self._size:
                self._values.popitem(last=False)
        return value
