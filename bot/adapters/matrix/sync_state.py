"""What each sync asks for, and the sync token kept so a restart syncs from there."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from bot.adapters.matrix.store import read_sync_token, write_sync_token

log = logging.getLogger(__name__)

SYNC_TIMEOUT_MS = 30_000
# A sync answers within its long-poll timeout; past this margin the homeserver is unreachable.
STALE_AFTER_S = SYNC_TIMEOUT_MS / 1000 + 15
# The sync token is saved at most this often while running (and when stopping): a thread
# hop and a file per sync cost more than answering a cached command. After a crash, the
# next start treats at most these seconds more as history, as it does the time it was down.
SAVE_TOKEN_EVERY = 5.0


def sync_filter(timeline_limit: int) -> dict[str, Any]:
    """What each sync asks for: no presence, typing or receipts, and room members lazily.

    With lazy loading a sync carries only the members who sent the events it carries (so
    memory follows the people who talk, not the size of the rooms); the room's summary
    still gives the member counts, and nio fetches the whole list before encrypting.
    """
    return {
        "presence": {"not_types": ["*"]},
        "room": {
            "timeline": {"limit": timeline_limit},
            "state": {"lazy_load_members": True},
            "ephemeral": {"not_types": ["*"]},
        },
    }


class SyncToken:
    """The token of the last sync handled, saved in the store now and then and at the end."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._handled: str | None = None
        self._saved: str | None = None
        self._saved_at = 0.0

    async def read(self) -> str | None:
        """The token saved by the last run, if any."""
        return await asyncio.to_thread(read_sync_token, self.store)

    async def handled(self, token: str) -> None:
        """Note ``token``'s sync as handled; save it when the last save is old enough."""
        self._handled = token
        if time.monotonic() - self._saved_at >= SAVE_TOKEN_EVERY:
            await self.save()

    async def save(self) -> None:
        """Keep the token of the last sync handled, so a restart syncs from there."""
        token, self._saved_at = self._handled, time.monotonic()
        if token is None or token == self._saved:
            return
        try:
            await asyncio.to_thread(write_sync_token, self.store, token)
            self._saved = token
        except OSError as problem:
            log.warning("matrix: could not save the sync token: %s", problem)
