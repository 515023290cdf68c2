"""The event commands' longer answers: the list, one event in full, what was scheduled."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.commands.event_words import headline, moment, separated, user_text
from bot.core.durations import describe_duration
from bot.core.model import Line, Reply, Span, Style
from bot.events.records import Event

ADDED = "Added"
CHANGED = "Changed"


def listing(events: list[Event], zone: ZoneInfo, now: datetime, prefix: str) -> Reply:
    """The upcoming events, soonest first."""
    if not events:
        return Reply.say(f"No upcoming events. Organisers add one with {prefix}event add.")
    lines = [Line("Upcoming events:", Style.HEADING)]
    lines += [Line.of(*headline(event, zone, now)) for event in events]
    lines.append(Line(f"Details: {prefix}event <id>", Style.HINT))
    return Reply(tuple(lines))


def details(
    event: Event,
    zone: ZoneInfo,
    now: datetime,
    reminders: list[datetime],
    rsvp: tuple[int, int],
    prefix: str,
) -> Reply:
    """One event in full: time, place, details, next reminder times and RSVP count."""
    lines = [Line.of(*headline(event, zone, now), style=Style.HEADING)]
    if event.details:
        lines.append(Line(user_text(event.details)))
    if event.channels:
        lines.append(Line("Channels: " + ", ".join(event.channels)))
    if reminders and not event.cancelled:
        shown: list[list[Span]] = [
            [moment(when, zone, now, relative=False)] for when in reminders[:6]
        ]
        lines.append(Line.of("Reminders: ", *separated(shown)))
    elif not event.cancelled:
        lines.append(Line("Reminders: none to come"))
    going, not_going = rsvp
    lines.append(Line(f"Going: {going}, not going: {not_going}"))
    if not event.cancelled:
        lines.append(Line(f"Coming? {prefix}going {event.id} or {prefix}notgoing {event.id}"))
    return Reply(tuple(lines))


def confirmation(verb: str, event: Event, zone: ZoneInfo, now: datetime, prefix: str) -> Reply:
    """What an organiser sees after adding or changing an event: when its reminders go out."""
    lines = [Line.of(f"{verb}: ", *headline(event, zone, now), style=Style.HEADING)]
    coming: list[list[Span]] = []
    past: list[str] = []
    for offset in event.reminders:
        due = event.next_start - timedelta(seconds=offset)
        label = describe_duration(offset)
        if due > now:
            coming.append([moment(due, zone, now, relative=False), f" ({label})"])
        else:
            past.append(label)
    lines.append(Line.of("Reminders: ", *(separated(coming) or ["none"])))
    if past:
        lines.append(Line(f"Not sent, already past: {', '.join(past)}.", Style.HINT))
    lines.append(Line("Channels: " + (", ".join(event.channels) or "all")))
    change = f"Change it: {prefix}event edit {event.id} ...  cancel: {prefix}event cancel"
    lines.append(Line(f"{change} {event.id}", Style.HINT))
    return Reply(tuple(lines))
