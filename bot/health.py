"""The running bot's status file (a heartbeat), and the health check that reads it."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.ports import ChatAdapter, ReportsConnection

log = logging.getLogger(__name__)

# How often a change of connection is looked for between the regular rewrites.
CHANGE_POLL = 1.0

# The running bot rewrites its status this often; `health` calls it stale after STALE_AFTER.
STATUS_INTERVAL = 30.0
STALE_AFTER = 90.0


@dataclass(frozen=True)
class Status:
    """What the running bot last reported: when, and which platforms were connected."""

    pid: int
    started: float
    updated: float
    platforms: dict[str, bool] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def connected(self) -> list[str]:
        """The platforms connected at the last report, by name."""
        return sorted(name for name, up in self.platforms.items() if up)


def status_path(database: Path) -> Path:
    """Where the bot using ``database`` keeps its status: beside it, in the data folder."""
    return database.with_suffix(".status.json")


def write_status(path: Path, status: Status) -> None:
    """Replace the status file in one step (a reader never sees half of it)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(
        json.dumps(
            {
                "pid": status.pid,
                "started": status.started,
                "updated": status.updated,
                "platforms": status.platforms,
                "problems": list(status.problems),
            }
        ),
        "utf-8",
    )
    os.replace(partial, path)


def clear_status(path: Path) -> None:
    """Remove the status file when the bot stops."""
    path.unlink(missing_ok=True)


def read_status(path: Path) -> Status | None:
    """The status in ``path``, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
        platforms = {str(name): bool(up) for name, up in dict(data["platforms"]).items()}
        problems = tuple(str(problem) for problem in data.get("problems", []))
        return Status(
            int(data["pid"]), float(data["started"]), float(data["updated"]), platforms, problems
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def judge(status: Status | None, now: float, stale_after: float = STALE_AFTER) -> tuple[bool, str]:
    """Whether the bot is healthy, and a one-line reason."""
    if status is None:
        return False, "unhealthy: no status file (is `campaign-bot run` running?)"
    age = now - status.updated
    if age > stale_after:
        return False, f"unhealthy: status is {age:.0f} s old (the bot stopped refreshing it)"
    if status.problems:
        return False, f"unhealthy: {'; '.join(status.problems)}"
    connected = status.connected()
    if not connected:
        names = ", ".join(sorted(status.platforms)) or "none configured"
        return False, f"unhealthy: no platform connected ({names})"
    return True, f"healthy: {', '.join(connected)} connected ({age:.0f} s ago)"


async def keep_status(
    path: Path,
    adapters: list[ChatAdapter],
    tasks: list[asyncio.Task[None]],
    interval: float,
    problems: Callable[[], tuple[str, ...]] = tuple,
) -> None:
    """Rewrite the status every ``interval`` seconds, and at once when anything in it changes.

    ``problems`` says what is failing now (the last reminder run, the last write).
    """
    started = time.time()
    warned = False
    written: tuple[float, dict[str, bool], tuple[str, ...]] | None = None
    try:
        while True:
            platforms = {
                adapter.platform: (
                    adapter.connected if isinstance(adapter, ReportsConnection) else not task.done()
                )
                for adapter, task in zip(adapters, tasks, strict=True)
            }
            failing = problems()
            now = time.time()
            if (
                written is None
                or written[1:] != (platforms, failing)
                or now - written[0] >= interval
            ):
                try:
                    status = Status(os.getpid(), started, now, platforms, failing)
                    await asyncio.to_thread(write_status, path, status)
                    written = (now, platforms, failing)
                except OSError as problem:
                    if not warned:
                        log.warning("cannot write the status file %s: %s", path, problem)
                    warned = True
            await asyncio.sleep(min(interval, CHANGE_POLL))
    finally:
        await asyncio.to_thread(clear_status, path)
