"""A send-only adapter that appends each post as one JSON line to a file (feeds, tests)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.model import Incoming, Place, Reply
from bot.core.ports import Clock, MessageHandler
from bot.render.text import to_markdown, to_plain


class FileSinkAdapter:
    """Platform "file": a channel's place id is the path of the JSON-lines file it appends to."""

    platform = "file"

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        self._stopped = asyncio.Event()
        self._count = 0

    async def start(self, on_message: MessageHandler) -> None:
        """Nothing comes in from a file: wait until stopped."""
        await self._stopped.wait()

    async def stop(self) -> None:
        """Stop waiting."""
        self._stopped.set()

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Append one line with the time, key and text of this send attempt."""
        self._count += 1
        record = {
            "at": self.clock.now().isoformat(),
            "key": key,
            "channel": place.name,
            "text": to_plain(reply),
            "markdown": to_markdown(reply),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        await asyncio.to_thread(_append, Path(place.id), line)
        return key or f"file-{self._count}"


def _append(path: Path, line: str) -> None:
    """Append ``line`` with one write, so a killed process never leaves half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)
