"""What the bot says about events: listings, details, reminders and notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.durations import describe_duration
from bot.core.model import Line, Moment, Reply, Span, Style
from bot.core.ports import EVENT_ID
from bot.core.words import plural
from bot.render.mentions import defuse_mentions
from bot.schedule.when import describe_rule, format_time
from bot.storage.event_records import Delivery, Event

LATE_NOTE = "(late: the bot was offline)"


def user_text(text: str) -> str:
    """Text someone typed, unable to ping anyone (renderers escape markup on top)."""
    return defuse_mentions(text)


def moment(when: datetime, zone: ZoneInfo, now: datetime, relative: bool = True) -> Moment:
    """``when`` as a Moment written in the group's zone."""
    return Moment(when, format_time(when, zone, now), relative)


def headline(event: Event, zone: ZoneInfo, now: datetime) -> list[Span]:
    """'#3 Picket at IOM office — Sat 5 Dec, 14:00 GMT, at IOM office (every week)'."""
    parts: list[Span] = [f"#{event.id} {user_text(event.title)} — "]
    parts.append(moment(event.next_start, zone, now))
    if event.place:
        parts.append(f", at {user_text(event.place)}")
    if event.rule:
        parts.append(f" ({describe_rule(event.rule)})")
    if event.cancelled:
        parts.append(" [cancelled]")
    return parts


def separated(groups: list[list[Span]], separator: str = "; ") -> list[Span]:
    """The groups of spans one after another with ``separator`` between them."""
    out: list[Span] = []
    for index, group in enumerate(groups):
        out += [separator, *group] if index else group
    return out


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


def reminder(
    event: Event, delivery: Delivery, zone: ZoneInfo, now: datetime, late: bool, prefix: str
) -> Reply:
    """The post for one reminder, or for an announcement."""
    suffix = f" {LATE_NOTE}" if late else ""
    if event.kind == "announcement":
        return Reply((Line(user_text(event.title) + suffix),))
    when = moment(delivery.occurrence or event.next_start, zone, now)
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
        lines.append(Line(f"Coming? {prefix}going {event.id}", Style.HINT))
    return Reply(tuple(lines), extra={EVENT_ID: str(event.id)})


def cancellation(event: Event, zone: ZoneInfo, now: datetime) -> Reply:
    """The notice posted where an event was already announced."""
    when = moment(event.next_start, zone, now, relative=False)
    title = f"Cancelled: {user_text(event.title)} — "
    return Reply((Line.of(title, when, " will not happen.", style=Style.HEADING),))


def missed_summary(
    missed: list[Delivery], failed: list[Delivery], zone: ZoneInfo, now: datetime
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
        lines += [_delivery_line(item, zone, now) for item in missed[:20]]
    if failed:
        lines.append(f"{plural(len(failed), 'post')} failed after several tries:")
        lines += [f"{_delivery_line(item, zone, now)}: {item.error}" for item in failed[:20]]
    hidden = max(len(missed) - 20, 0) + max(len(failed) - 20, 0)
    if hidden:
        lines.append(f"…and {hidden} more (see the log).")
    return "\n".join(lines)


def _delivery_line(item: Delivery, zone: ZoneInfo, now: datetime) -> str:
    """'- event #3, 2 hours before, due Sat 5 Dec, 12:00 GMT, in main (discord)'."""
    what = f"event #{item.event_id}, " if item.event_id else ""
    what += describe_duration(item.offset_s) if item.kind == "reminder" else item.kind
    due = format_time(item.due_at, zone, now)
    return f"- {what}, due {due}, in {item.channel} ({item.platform})"


def notice(body: str) -> Reply:
    """A notice stored as text (to organisers)."""
    return Reply(tuple(Line(line) for line in body.splitlines()))
