"""The event commands' longer answers: the list, one event in full, what was scheduled."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.commands.event_words import before, headline, moment, separated, user_text
from bot.core.model import Line, Reply, Span, Style
from bot.events.records import Event
from bot.i18n.language import ENGLISH, N_, Language

ADDED = N_("Added:")
CHANGED = N_("Changed:")


def listing(
    events: list[Event], zone: ZoneInfo, now: datetime, prefix: str, lang: Language = ENGLISH
) -> Reply:
    """The upcoming events, soonest first."""
    if not events:
        return Reply.say(lang._("No upcoming events. Organisers add one with {command}.",
                                command=f"{prefix}event add"))  # fmt: skip
    lines = [Line(lang._("Upcoming events:"), Style.HEADING)]
    lines += [Line.of(*headline(event, zone, now, lang)) for event in events]
    lines.append(Line(lang._("Details: {command}", command=f"{prefix}event <id>"), Style.HINT))
    return Reply(tuple(lines))


def details(
    event: Event,
    zone: ZoneInfo,
    now: datetime,
    reminders: list[datetime],
    rsvp: tuple[int, int],
    prefix: str,
    lang: Language = ENGLISH,
) -> Reply:
    """One event in full: time, place, details, next reminder times and RSVP count."""
    lines = [Line.of(*headline(event, zone, now, lang), style=Style.HEADING)]
    if event.details:
        lines.append(Line(user_text(event.details)))
    if event.channels:
        lines.append(Line(lang._("Channels: {channels}", channels=", ".join(event.channels))))
    if reminders and not event.cancelled:
        shown: list[list[Span]] = [
            [moment(when, zone, now, relative=False, lang=lang)] for when in reminders[:6]
        ]
        lines.append(Line.of(lang._("Reminders:") + " ", *separated(shown)))
    elif not event.cancelled:
        lines.append(Line(lang._("Reminders: none to come")))
    going, not_going = rsvp
    lines.append(Line(lang._("Going: {going}, not going: {not_going}", going=going,
                             not_going=not_going)))  # fmt: skip
    if not event.cancelled:
        going_, not_going_ = f"{prefix}going {event.id}", f"{prefix}notgoing {event.id}"
        coming = lang._("Coming? {going} or {not_going}", going=going_, not_going=not_going_)
        lines.append(Line(coming))
    return Reply(tuple(lines))


def confirmation(
    verb: str, event: Event, zone: ZoneInfo, now: datetime, prefix: str, lang: Language = ENGLISH
) -> Reply:
    """What an organiser sees after adding or changing an event: when its reminders go out.

    ``verb`` is ADDED or CHANGED.
    """
    lines = [Line.of(lang._(verb) + " ", *headline(event, zone, now, lang), style=Style.HEADING)]
    coming: list[list[Span]] = []
    past: list[str] = []
    for offset in event.reminders:
        due = event.next_start - timedelta(seconds=offset)
        label = before(offset, lang)
        if due > now:
            coming.append([moment(due, zone, now, relative=False, lang=lang), f" ({label})"])
        else:
            past.append(label)
    reminded = separated(coming) or [lang._("none")]
    lines.append(Line.of(lang._("Reminders:") + " ", *reminded))
    if past:
        said = lang._("Not sent, already past: {reminders}.", reminders=", ".join(past))
        lines.append(Line(said, Style.HINT))
    channels = ", ".join(event.channels) or lang._("all")
    lines.append(Line(lang._("Channels: {channels}", channels=channels)))
    change = lang._("Change it: {edit} ...  cancel: {cancel}",
                    edit=f"{prefix}event edit {event.id}",
                    cancel=f"{prefix}event cancel {event.id}")  # fmt: skip
    lines.append(Line(change, Style.HINT))
    return Reply(tuple(lines))
