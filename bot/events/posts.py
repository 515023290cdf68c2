"""The port through which the delivery engine gets the words of what it posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.model import Place, Reply
from bot.events.records import Delivery, Event


class PostWriter(Protocol):
    """Writes reminders, notices and reports in the language of the place each goes to;
    the command layer implements it, app.py wires it."""

    async def reminder(
        self, event: Event, delivery: Delivery, now: datetime, late: bool, place: Place
    ) -> Reply:
        """The post of one reminder (or announcement) in ``place``; ``late`` when it is late."""
        ...

    async def cancellation(self, event: Event, now: datetime, place: Place) -> Reply:
        """The notice posted in ``place``, where ``event`` was already announced."""
        ...

    async def missed_summary(
        self, missed: Sequence[Delivery], failed: Sequence[Delivery], now: datetime, place: Place
    ) -> str:
        """The text of one notice to the organisers in ``place`` about missed and failed posts."""
        ...

    async def notice(self, body: str, place: Place) -> Reply:
        """A notice stored as text (``missed_summary``'s) as a post in ``place``."""
        ...
