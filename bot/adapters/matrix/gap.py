"""The events a limited sync left out of a room's timeline, fetched page by page."""

from __future__ import annotations

import logging
from typing import Any

from nio import AsyncClient, RoomMessagesResponse

log = logging.getLogger(__name__)

GAP_PAGE = 100
GAP_PAGES = 20


async def missed_events(client: AsyncClient, room_id: str, start: str, since: str) -> list[Any]:
    """The events a limited sync left out, oldest first."""
    older: list[Any] = []
    for _ in range(GAP_PAGES):
        page = await client.room_messages(room_id, start=start, end=since, limit=GAP_PAGE)
        if not isinstance(page, RoomMessagesResponse) or not page.chunk:
            break
        older.extend(page.chunk)
        if not page.end or page.end == start:
            break
        start = page.end
    log.info("matrix: fetched %d event(s) a limited sync left out in %s", len(older), room_id)
    return older[::-1]
