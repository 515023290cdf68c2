"""What the bot posts on its own: reminders, announcements, cancellations, notices to organisers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands.event_words import format_time, moment, user_text
from bot.core.durations import describe_duration
from bot.core.model import Line, Reply, Span, Style
from bot.core.words import plural
from bot.events.records import Delivery, DeliveryKind, Event, EventKind

LATE_NOTE = "(late: the bot was offline)"
LISTED = 20
KIND_WORDS = {DeliveryKind.CANCELLATION: "cancellation", DeliveryKind.NOTICE: "notice"}


class ReminderTexts:
    """The words of the delivery engine's posts (its ``PostWriter``), in the group's zone."""

    def __init__(self, zone: ZoneInfo, prefix: str) -> None:
        self.zone = zone
        self.prefix = prefix

    def reminder(self, event: Event, delivery: Delivery, now: datetime, late: bool) -> Reply:
        """The post for one reminder, or for an announcement."""
        suffix = f" {LATE_NOTE}" if late else ""
        if event.kind == EventKind.ANNOUNCEMENT:
            return Reply((Line(user_text(event.title) + suffix),))
        when = moment(delivery.occurrence or event.next_start, self.zone, now)
        if delivery.offset_s == 0:
            first: list[Span] = [f"Starting now: {user_text(event.title)} — ", when, suffix]
        else:
            ahead = describe_duration(delivery.offset_s).removesuffix(" before")
            first = [f"Reminder: {user_text(event.title)} — in {ahead}, ", when, suffix]
        lines = [Line.of(*first, style=Style.HEADING)]
        if event.place:
            lines.append(Line(f"Where: {user_text(event.place)}"))
        if event.details:
            lines.append(Line(user_text(event.details)))
        if delivery.offset_s:
            lines.append(Line(f"Coming? {self.prefix}going {event.id}", Style.HINT))
        return Reply(tuple(lines), about_event=event.id)

    def cancellation(self, event: Event, now: datetime) -> Reply:
        """The notice posted where an event was already announced."""
        when = moment(event.next_start, self.zone, now, relative=False)
        title = f"Cancelled: {user_text(event.title)} — "
        return Reply((Line.of(title, when, " will not happen.", style=Style.HEADING),))

    def missed_summary(
        self, missed: Sequence[Delivery], failed: Sequence[Delivery], now: datetime
    ) -> str:
        """One notice for organisers listing reminders that were missed or could not be posted."""
        lines: list[str] = []
        if missed:
            came = plural(
                len(missed),
                "reminder came due while the bot was offline and was",
                "reminders came due while the bot was offline and were",
            )
            lines.append(f"{came} not posted:")
            lines += [self._delivery_line(item, now) for item in missed[:LISTED]]
        if failed:
            lines.append(f"{plural(len(failed), 'post')} failed after several tries:")
            lines += [f"{self._delivery_line(item, now)}: {item.error}" for item in failed[:LISTED]]
        hidden = max(len(missed) - LISTED, 0) + max(len(failed) - LISTED, 0)
        if hidden:
            lines.append(f"…and {hidden} more (see the log).")
        return "\n".join(lines)

    def notice(self, body: str) -> Reply:
        """A notice stored as text (to organisers)."""
        return Reply(tuple(Line(line) for line in body.splitlines()))

    def _delivery_line(self, item: Delivery, now: datetime) -> str:
        """'- event #3, 2 hours before, due Sat 5 Dec, 12:00 GMT, in main (discord)'."""
        what = f"event #{item.event_id}, " if item.event_id else ""
        if item.kind == DeliveryKind.REMINDER:
            what += describe_duration(item.offset_s)
        else:
            what += KIND_WORDS[item.kind]
        due = format_time(item.due_at, self.zone, now)
        return f"- {what}, due {due}, in {item.channel} ({item.platform})"
