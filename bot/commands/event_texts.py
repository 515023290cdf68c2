"""What the event commands say: refusals of the events rules, and their one-line answers."""

from __future__ import annotations

from bot.commands.event_words import format_time, user_text
from bot.core.dates import clock, month_short, short_day
from bot.core.durations import format_duration
from bot.core.words import plural
from bot.events.errors import (
    AmbiguousDate,
    CountAndUntil,
    DayWithoutTime,
    EasterRule,
    EmptyTitle,
    EventCancelled,
    EventError,
    FieldTooLong,
    MalformedRule,
    NoOccurrenceLeft,
    NoReminders,
    NoTimeGiven,
    NotOneRule,
    ReminderLongerThanRepeat,
    ReminderTooFar,
    ReminderTwice,
    RepeatTooOften,
    RuleNeverFires,
    StartPassed,
    TimePassed,
    TimeRepeated,
    TimeSkipped,
    TooManyEvents,
    TooManyReminders,
    UnknownChannels,
    UnknownRepeat,
    UnreadableReminder,
    UnreadableRule,
    UnreadableTime,
    ZeroInterval,
)
from bot.events.records import Event

WEEK = 7 * 86400
EXAMPLES = "write it like 'saturday 2pm', '5 Dec 14:00' or '2026-12-05T14:00'"
ORGANISERS_ONLY = "Only organisers can schedule events."
GIVE_ONE_ID = "Give one event id, like 3."
GIVE_TITLE_AND_TIME = "Give the title in quotes, then when it is."
GIVE_TIME_AND_TEXT = "Give when, then the text in quotes."
SAY_WHAT_TO_CHANGE = 'Say what to change, like a new time or title:"...".'
SAY_WHEN_TO_REMIND = "Say when to remind, like 1d,2h,start."
ICS_HELP = "campaign-bot events ics events.ics"


def refusal(error: EventError) -> str:
    """The one-line answer to ``error`` (none of them names a command)."""
    for words in (_time_refusal, _repeat_refusal, _event_refusal):
        if said := words(error):
            return said
    raise AssertionError(f"no words for {type(error).__name__}")


def _time_refusal(error: EventError) -> str | None:
    """The words for a time that cannot be used."""
    match error:
        case NoTimeGiven():
            return f"When is it? {EXAMPLES[0].upper()}{EXAMPLES[1:]}."
        case UnreadableTime(text):
            return f"I could not read '{text}' as a time: {EXAMPLES}."
        case DayWithoutTime(text, day):
            shown = short_day(day, year=True)
            return f"'{text}' gives a day ({shown}) but no time: add one, like '{text} 2pm'."
        case AmbiguousDate(text, first, second, rest):
            example = f"{first} {month_short(second)} {rest}".strip()
            either = f"{first} {month_short(second)} or {second} {month_short(first)}"
            return f"'{text}' could be {either}: write '{example}'."
        case TimeSkipped(text, local):
            missing = f"there is no {clock(local)} on {short_day(local)}"
            return f"'{text}': {missing}, the clocks go forward."
        case TimeRepeated(text, local):
            twice = f"{clock(local)} comes twice on {short_day(local)}"
            return f"'{text}': {twice} as the clocks go back: pick another time."
        case TimePassed(text, when, zone, now):
            return f"'{text}' is {format_time(when, zone, now)}, which has already passed."
        case StartPassed():
            return "That time has passed: give a time still to come."
    return None


def _repeat_refusal(error: EventError) -> str | None:
    """The words for a refused repeat or repeat rule."""
    match error:
        case RepeatTooOften():
            return (
                "Repeating more often than once an hour is not allowed: use every:hour or longer."
            )
        case UnknownRepeat(text, counted):
            known = "week, 2weeks or month" if counted else "week, 2weeks, month or an RRULE"
            return f"every:{text} is not a repeat I know: use {known}."
        case MalformedRule(rule):
            return f"The repeat rule '{rule[:100]}' is not valid: use an RRULE like FREQ=WEEKLY."
        case UnreadableRule(rule, problem):
            return f"The repeat rule '{rule}' is not valid: {problem}."
        case NotOneRule(rule):
            return f"The repeat rule '{rule}' must be one RRULE."
        case ZeroInterval(rule):
            return f"The repeat rule '{rule}' is not valid: INTERVAL must be 1 or more."
        case EasterRule():
            return "BYEASTER is not a standard repeat rule part: name the dates instead."
        case CountAndUntil(rule):
            return f"The repeat rule '{rule}' has both COUNT and UNTIL: keep one."
        case RuleNeverFires(rule):
            return (
                f"The repeat rule '{rule}' has no date in the two years from the start: check it."
            )
        case NoOccurrenceLeft():
            return "That repeat rule has no occurrence after the time given."
    return None


def _event_refusal(error: EventError) -> str | None:
    """The words for a refused reminder time, event field, channel or limit."""
    match error:
        case UnreadableReminder(_, reason):
            return reason
        case NoReminders():
            return "remind: needs times like 1d,2h,start"
        case ReminderTwice(offset):
            return f"remind: {format_duration(offset)} is given twice; give it once."
        case ReminderTooFar(text, limit):
            return f"remind: {text} is too far ahead: {plural(limit // WEEK, 'week')} at most."
        case TooManyReminders(limit):
            return f"remind: at most {limit} reminders per event."
        case ReminderLongerThanRepeat(offset):
            longest = format_duration(offset)
            return f"remind: {longest} is longer than the time between occurrences."
        case FieldTooLong(field, limit):
            return f"The {field} is too long: keep it under {limit} characters."
        case EmptyTitle():
            return 'The title is empty: give it in quotes, like "Picket at IOM office".'
        case UnknownChannels(unknown, known):
            listed = ", ".join(known) or "none configured"
            return f"No channel named {', '.join(unknown)}. Channels: {listed}"
        case EventCancelled(event_id):
            return cancelled(event_id)
        case TooManyEvents(recent, _):
            return f"You have added {recent} events in the last hour, the limit: try again later."
    return None


def cancelled(event_id: int) -> str:
    """Event ``event_id`` cannot be changed or answered."""
    return f"Event #{event_id} is cancelled."


def no_such_event(event_id: int, prefix: str) -> str:
    """No event has this id."""
    return f"No event #{event_id}. See them with {prefix}events"


def not_an_id(shown: str) -> str:
    """``shown`` (as typed, shortened) is not an event id."""
    return f"'{shown}' is not an event id: ids are numbers like 3."


def nothing_after_events(prefix: str) -> str:
    """!events was given words."""
    return f"{prefix}events takes nothing after it; one event: {prefix}event <id>"


def calendar_lines(count: int) -> tuple[str, str]:
    """What comes with the calendar file of ``count`` events."""
    return (
        f"The events calendar ({plural(count, 'event')}), for any calendar app.",
        f"If no file comes with this, an organiser can make it with: {ICS_HELP}",
    )


def event_cancelled(event_id: int, told: int) -> str:
    """After !event cancel: ``told`` places get a notice."""
    note = f" A notice goes to the {plural(told, 'place')} already reminded." if told else ""
    return f"Cancelled event #{event_id}: its reminders are withdrawn.{note}"


def announcement_planned(
    announcement_id: int, channels: tuple[str, ...], prefix: str
) -> tuple[str, str]:
    """The words before and after the time, after !announce."""
    where = ", ".join(channels) or "every channel"
    call_off = f" in {where}. To call it off: {prefix}event cancel {announcement_id}"
    return f"Announcement #{announcement_id} will be posted ", call_off


def rsvp_noted(event: Event, going: bool, yes: int) -> str:
    """After !going or !notgoing: thanks, and how many are going."""
    said = "Thanks, see you there" if going else "Thanks for letting us know"
    return f"{said}. {yes} going to #{event.id} {user_text(event.title)}."
