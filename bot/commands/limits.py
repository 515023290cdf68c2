"""Per-person and per-room command rate limits: a flood is answered once, then ignored."""

from __future__ import annotations

import enum
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.i18n.language import ENGLISH, Language

# Past this many tracked senders, idle ones are forgotten (keeps memory bounded).
PRUNE_ABOVE = 10_000


class Verdict(enum.Enum):
    """What to do with one command."""

    ALLOW = "allow"
    WARN = "warn"
    IGNORE = "ignore"


@dataclass
class _Window:
    """The recent command times of one sender, and until when they are ignored."""

    times: deque[float] = field(default_factory=deque)
    ignored_until: float = 0.0


class _Counter:
    """A sliding-window count per key: at most ``limit`` commands per ``window`` seconds."""

    def __init__(self, limit: int, window: float, cooldown: float) -> None:
        self.limit = limit
        self.window = window
        self.cooldown = cooldown
        self._windows: dict[str, _Window] = {}

    def check(self, key: str, now: float) -> Verdict:
        """Count one command from ``key`` at ``now``."""
        if self.limit <= 0:
            return Verdict.ALLOW
        entry = self._windows.get(key)
        if entry is None:
            if len(self._windows) >= PRUNE_ABOVE:
                self._prune(now)
            entry = self._windows[key] = _Window()
        if now < entry.ignored_until:
            return Verdict.IGNORE
        while entry.times and entry.times[0] <= now - self.window:
            entry.times.popleft()
        if len(entry.times) >= self.limit:
            entry.times.clear()
            entry.ignored_until = now + self.cooldown
            return Verdict.WARN
        entry.times.append(now)
        return Verdict.ALLOW

    def __len__(self) -> int:
        return len(self._windows)

    def _prune(self, now: float) -> None:
        """Forget keys with no recent command and no cooldown running."""
        for key in [
            key
            for key, entry in self._windows.items()
            if now >= entry.ignored_until
            and (not entry.times or entry.times[-1] <= now - self.window)
        ]:
            del self._windows[key]


class RateLimiter:
    """Decides, per command, whether its sender and its room are within their limits."""

    def __init__(
        self,
        person: int,
        room: int,
        window: float,
        cooldown: float,
        *,
        exempt_platforms: frozenset[str] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.cooldown = cooldown
        self.exempt_platforms = exempt_platforms
        self.clock = clock
        self._people = _Counter(person, window, cooldown)
        self._rooms = _Counter(room, window, cooldown)

    def check(self, platform: str, person_id: str, room_id: str) -> tuple[Verdict, str]:
        """The verdict on one command and who it is about ("person" or "room")."""
        if platform in self.exempt_platforms:
            return Verdict.ALLOW, ""
        now = self.clock()
        verdict = self._people.check(f"{platform}\0{person_id}", now)
        if verdict is not Verdict.ALLOW:
            return verdict, "person"
        return self._rooms.check(f"{platform}\0{room_id}", now), "room"

    def tracked(self) -> int:
        """How many senders and rooms are remembered now."""
        return len(self._people) + len(self._rooms)

    def warning(self, about: str, lang: Language = ENGLISH) -> str:
        """The one answer a flood gets."""
        seconds, shown = math.ceil(self.cooldown), f"{self.cooldown:g}"
        if about == "room":
            return lang.n_(
                "Slow down: this room is sending commands too fast. I'll pause here for "
                "{count} second.",
                "Slow down: this room is sending commands too fast. I'll pause here for "
                "{count} seconds.",
                seconds,
                count=shown,
            )
        return lang.n_(
            "Slow down, please: I'll ignore your commands for {count} second.",
            "Slow down, please: I'll ignore your commands for {count} seconds.",
            seconds,
            count=shown,
        )
