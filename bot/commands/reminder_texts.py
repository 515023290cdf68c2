"""What the bot posts on its own: reminders, announcements, cancellations, notices to organisers.

Each post is in the language of the place it goes to (``!language``, or the group's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands.event_words import ahead, before, format_time, moment, user_text
from bot.commands.language_choice import LanguageChoice
from bot.commands.wording import wording
from bot.core.model import Line, Place, Reply, Span, Style
from bot.events.records import Delivery, DeliveryKind, Event, EventKind
from bot.i18n.language import N_, Language

LISTED = 20
LATE_NOTE = N_("(late: the bot was offline)")


class ReminderTexts:
    """The words of the delivery engine's posts (its ``PostWriter``), in the group's zone."""

    def __init__(self, zone: ZoneInfo, prefix: str, choice: LanguageChoice | None = None) -> None:
        self.zone = zone
        self.prefix = prefix
        self.choice = choice or LanguageChoice()

    async def reminder(
        self, event: Event, delivery: Delivery, now: datetime, late: bool, place: Place
    ) -> Reply:
        """The post for one reminder, or for an announcement, in ``place``."""
        lang = await self.choice.of_place(place)
        suffix = f" {lang._(LATE_NOTE)}" if late else ""
        title = user_text(event.title)
        if event.kind == EventKind.ANNOUNCEMENT:
            return self._worded(Reply((Line(title + suffix),)), lang)
        when = moment(delivery.occurrence or event.next_start, self.zone, now, lang=lang)
        if delivery.offset_s == 0:
            first = _around(lang._("Starting now: {title} — {when}", title=title, when="\0"), when)
        else:
            said = lang._("Reminder: {title} — in {time}, {when}", title=title,
                          time=ahead(delivery.offset_s, lang), when="\0")  # fmt: skip
            first = _around(said, when)
        lines = [Line.of(*first, suffix, style=Style.HEADING)]
        if event.place:
            lines.append(Line(lang._("Where: {place}", place=user_text(event.place))))
        if event.details:
            lines.append(Line(user_text(event.details)))
        if delivery.offset_s:
            coming = lang._("Coming? {command}", command=f"{self.prefix}going {event.id}")
            lines.append(Line(coming, Style.HINT))
        return self._worded(Reply(tuple(lines), about_event=event.id), lang)

    async def cancellation(self, event: Event, now: datetime, place: Place) -> Reply:
        """The notice posted where an event was already announced."""
        lang = await self.choice.of_place(place)
        when = moment(event.next_start, self.zone, now, relative=False, lang=lang)
        said = lang._("Cancelled: {title} — {when} will not happen.",
                      title=user_text(event.title), when="\0")  # fmt: skip
        return self._worded(Reply((Line.of(*_around(said, when), style=Style.HEADING),)), lang)

    async def missed_summary(
        self, missed: Sequence[Delivery], failed: Sequence[Delivery], now: datetime, place: Place
    ) -> str:
        """One notice for organisers listing reminders that were missed or could not be posted."""
        lang = await self.choice.of_place(place)
        lines: list[str] = []
        if missed:
            lines.append(lang.n_(
                "{count} reminder came due while the bot was offline and was not posted:",
                "{count} reminders came due while the bot was offline and were not posted:",
                len(missed),
            ))  # fmt: skip
            lines += [self._delivery_line(item, now, lang) for item in missed[:LISTED]]
        if failed:
            lines.append(
                lang.n_(
                    "{count} post failed after several tries:",
                    "{count} posts failed after several tries:",
                    len(failed),
                )
            )
            lines += [
                f"{self._delivery_line(item, now, lang)}: {item.error}" for item in failed[:LISTED]
            ]
        hidden = max(len(missed) - LISTED, 0) + max(len(failed) - LISTED, 0)
        if hidden:
            lines.append(lang._("…and {count} more (see the log).", count=lang.number(hidden)))
        return "\n".join(lines)

    async def notice(self, body: str, place: Place) -> Reply:
        """A notice stored as text (to organisers)."""
        lang = await self.choice.of_place(place)
        return self._worded(Reply(tuple(Line(line) for line in body.splitlines())), lang)

    def _delivery_line(self, item: Delivery, now: datetime, lang: Language) -> str:
        """'- event #3, 2 hours before, due Sat 5 Dec, 12:00 GMT, in main (discord)'."""
        if item.kind == DeliveryKind.REMINDER:
            what = before(item.offset_s, lang)
        elif item.kind == DeliveryKind.CANCELLATION:
            what = lang._("cancellation")
        else:
            what = lang._("notice")
        if item.event_id:
            what = lang._("event #{id}, {what}", id=item.event_id, what=what)
        due = format_time(item.due_at, self.zone, now, lang)
        said = lang._("{what}, due {due}, in {channel} ({platform})", what=what, due=due,
                      channel=item.channel, platform=item.platform)  # fmt: skip
        return f"- {said}"

    @staticmethod
    def _worded(reply: Reply, lang: Language) -> Reply:
        """``reply`` with what renderers add in ``lang``."""
        return replace(reply, wording=wording(lang))


def _around(said: str, when: Span) -> list[Span]:
    """A sentence with its time (written as NUL) as a Moment in its place."""
    start, _, end = said.partition("\0")
    return [start, when, end]
