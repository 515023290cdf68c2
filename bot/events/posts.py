"""The port through which the delivery engine gets the words of what it posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.model import Reply
from bot.events.records import Delivery, Event


class PostWriter(Protocol):
    """Writes reminders, notices and reports; the command layer implements it, app.py wires it."""

    def reminder(self, event: Event, delivery: Delivery, now: datetime, late: bool) -> Reply:
        """The post of one reminder (or announcement); ``late`` when it goes out late."""
        ...

    def cancellation(self, event: Event, now: datetime) -> Reply:
        """The notice posted where ``event`` was already announced."""
        ...

    def missed_summary(
        self, missed: Sequence[Delivery], failed: Sequence[Delivery], now: datetime
    ) -> str:
        """The text of one notice to organisers about missed and failed deliveries."""
        ...

    def notice(self, body: str) -> Reply:
        """A notice stored as text (``missed_summary``'s) as a post."""
        ...
