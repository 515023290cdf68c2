"""What the event commands say: refusals of the events rules, and their one-line answers."""

from __future__ import annotations

from bot.commands.event_words import format_time, user_text
from bot.core.durations import format_duration
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
from bot.i18n.language import ENGLISH, N_, Language

WEEK = 7 * 86400
ORGANISERS_ONLY = N_("Only organisers can schedule events.")
GIVE_ONE_ID = N_("Give one event id, like 3.")
GIVE_TITLE_AND_TIME = N_("Give the title in quotes, then when it is.")
GIVE_TIME_AND_TEXT = N_("Give when, then the text in quotes.")
SAY_WHAT_TO_CHANGE = N_('Say what to change, like a new time or title:"...".')
SAY_WHEN_TO_REMIND = N_("Say when to remind, like 1d,2h,start.")
ICS_HELP = "campaign-bot events ics events.ics"
UNREADABLE_REMINDERS = {
    "shape": N_("'{text}' is not a time before the event: write it like 1d, 2h or 30m"),
    "unit": N_("'{text}' has an unknown unit: use w, d, h or m"),
    "negative": N_("'{text}' is negative: reminders come before the event, like 2h"),
}
FIELDS_TOO_LONG = {
    "title": N_("The title is too long: keep it under {limit} characters."),
    "place": N_("The place is too long: keep it under {limit} characters."),
    "details": N_("The details are too long: keep them under {limit} characters."),
}


def examples(lang: Language) -> str:
    """How to write a time, in ``lang``: examples that read in it."""
    # TRANSLATORS: the examples must be times the bot reads in your language (tests check).
    return lang._("write it like 'saturday 2pm', '5 Dec 14:00' or '2026-12-05T14:00'")


def refusal(error: EventError, lang: Language = ENGLISH) -> str:
    """The one-line answer to ``error`` (none of them names a command)."""
    for words in (_time_refusal, _repeat_refusal, _event_refusal):
        if said := words(error, lang):
            return said
    raise AssertionError(f"no words for {type(error).__name__}")


def _time_refusal(error: EventError, lang: Language) -> str | None:
    """The words for a time that cannot be used."""
    _, dates = lang._, lang.dates
    match error:
        case NoTimeGiven():
            return _("When is it? {examples}.", examples=_capitalised(examples(lang)))
        case UnreadableTime(text):
            return _("I could not read '{text}' as a time: {examples}.", text=text,
                     examples=examples(lang))  # fmt: skip
        case DayWithoutTime(text, day):
            # TRANSLATORS: '{text} 2pm' is an example: put a time as your language writes it.
            return _("'{text}' gives a day ({day}) but no time: add one, like '{text} 2pm'.",
                     text=text, day=dates.short_day(day, year=True))  # fmt: skip
        case AmbiguousDate(text, first, second, rest):
            example = f"{dates.day_month(first, second)} {rest}".strip()
            return _("'{text}' could be {one} or {other}: write '{example}'.", text=text,
                     one=dates.day_month(first, second), other=dates.day_month(second, first),
                     example=example)  # fmt: skip
        case TimeSkipped(text, local):
            return _("'{text}': there is no {time} on {day}, the clocks go forward.", text=text,
                     time=dates.clock(local), day=dates.short_day(local))  # fmt: skip
        case TimeRepeated(text, local):
            return _("'{text}': {time} comes twice on {day} as the clocks go back: pick another "
                     "time.", text=text, time=dates.clock(local),
                     day=dates.short_day(local))  # fmt: skip
        case TimePassed(text, when, zone, now):
            return _("'{text}' is {when}, which has already passed.", text=text,
                     when=format_time(when, zone, now, lang))  # fmt: skip
        case StartPassed():
            return _("That time has passed: give a time still to come.")
    return None


def _repeat_refusal(error: EventError, lang: Language) -> str | None:
    """The words for a refused repeat or repeat rule."""
    _ = lang._
    match error:
        case RepeatTooOften():
            return _("Repeating more often than once an hour is not allowed: use every:hour or "
                     "longer.")  # fmt: skip
        case UnknownRepeat(text, counted):
            if counted:
                return _("every:{text} is not a repeat I know: use week, 2weeks or month.",
                         text=text)  # fmt: skip
            return _("every:{text} is not a repeat I know: use week, 2weeks, month or an RRULE.",
                     text=text)  # fmt: skip
        case MalformedRule(rule):
            return _("The repeat rule '{rule}' is not valid: use an RRULE like FREQ=WEEKLY.",
                     rule=rule[:100])  # fmt: skip
        case UnreadableRule(rule, problem):
            return _("The repeat rule '{rule}' is not valid: {problem}.", rule=rule,
                     problem=problem)  # fmt: skip
        case NotOneRule(rule):
            return _("The repeat rule '{rule}' must be one RRULE.", rule=rule)
        case ZeroInterval(rule):
            return _("The repeat rule '{rule}' is not valid: INTERVAL must be 1 or more.",
                     rule=rule)  # fmt: skip
        case EasterRule():
            return _("BYEASTER is not a standard repeat rule part: name the dates instead.")
        case CountAndUntil(rule):
            return _("The repeat rule '{rule}' has both COUNT and UNTIL: keep one.", rule=rule)
        case RuleNeverFires(rule):
            return _("The repeat rule '{rule}' has no date in the two years from the start: "
                     "check it.", rule=rule)  # fmt: skip
        case NoOccurrenceLeft():
            return _("That repeat rule has no occurrence after the time given.")
    return None


def _event_refusal(error: EventError, lang: Language) -> str | None:
    """The words for a refused reminder time, event field, channel or limit."""
    _ = lang._
    match error:
        case UnreadableReminder(text, problem):
            return _(UNREADABLE_REMINDERS.get(problem, UNREADABLE_REMINDERS["shape"]), text=text)
        case NoReminders():
            return _("remind: needs times like 1d,2h,start")
        case ReminderTwice(offset):
            return _("remind: {time} is given twice; give it once.", time=format_duration(offset))
        case ReminderTooFar(text, limit):
            return lang.n_("remind: {text} is too far ahead: {count} week at most.",
                           "remind: {text} is too far ahead: {count} weeks at most.",
                           limit // WEEK, text=text)  # fmt: skip
        case TooManyReminders(limit):
            return _("remind: at most {limit} reminders per event.", limit=limit)
        case ReminderLongerThanRepeat(offset):
            return _("remind: {time} is longer than the time between occurrences.",
                     time=format_duration(offset))  # fmt: skip
        case FieldTooLong(field, limit):
            if field in FIELDS_TOO_LONG:
                return _(FIELDS_TOO_LONG[field], limit=limit)
            return _("The {field} is too long: keep it under {limit} characters.", field=field,
                     limit=limit)  # fmt: skip
        case EmptyTitle():
            return _('The title is empty: give it in quotes, like "Picket at IOM office".')
        case UnknownChannels(unknown, known):
            listed = ", ".join(known) or _("none configured")
            return _("No channel named {unknown}. Channels: {known}", unknown=", ".join(unknown),
                     known=listed)  # fmt: skip
        case EventCancelled(event_id):
            return cancelled(event_id, lang)
        case TooManyEvents(recent, _):
            return _("You have added {count} events in the last hour, the limit: try again "
                     "later.", count=recent)  # fmt: skip
    return None


def _capitalised(text: str) -> str:
    """``text`` with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def cancelled(event_id: int, lang: Language = ENGLISH) -> str:
    """Event ``event_id`` cannot be changed or answered."""
    return lang._("Event #{id} is cancelled.", id=event_id)


def no_such_event(event_id: int, prefix: str, lang: Language = ENGLISH) -> str:
    """No event has this id."""
    return lang._("No event #{id}. See them with {command}", id=event_id, command=f"{prefix}events")


def not_an_id(lang: Language, shown: str) -> str:
    """``shown`` (as typed, shortened) is not an event id."""
    return lang._("'{shown}' is not an event id: ids are numbers like 3.", shown=shown)


def nothing_after_events(lang: Language, prefix: str) -> str:
    """!events was given words."""
    return lang._("{command} takes nothing after it; one event: {event}",
                  command=f"{prefix}events", event=f"{prefix}event <id>")  # fmt: skip


def calendar_lines(count: int, lang: Language = ENGLISH) -> tuple[str, str]:
    """What comes with the calendar file of ``count`` events."""
    return (
        lang.n_("The events calendar ({count} event), for any calendar app.",
                "The events calendar ({count} events), for any calendar app.", count),
        lang._("If no file comes with this, an organiser can make it with: {command}",
               command=ICS_HELP),
    )  # fmt: skip


def event_cancelled(event_id: int, told: int, lang: Language = ENGLISH) -> str:
    """After !event cancel: ``told`` places get a notice."""
    said = lang._("Cancelled event #{id}: its reminders are withdrawn.", id=event_id)
    if not told:
        return said
    note = lang.n_("A notice goes to the {count} place already reminded.",
                   "A notice goes to the {count} places already reminded.", told)  # fmt: skip
    return f"{said} {note}"


def announcement_planned(
    announcement_id: int, channels: tuple[str, ...], prefix: str, lang: Language = ENGLISH
) -> tuple[str, str]:
    """The words before and after the time, after !announce."""
    call_off = f"{prefix}event cancel {announcement_id}"
    if channels:
        said = lang._("Announcement #{id} will be posted {when} in {channels}. To call it off: "
                      "{command}", id=announcement_id, when="\0", channels=", ".join(channels),
                      command=call_off)  # fmt: skip
    else:
        said = lang._("Announcement #{id} will be posted {when} in every channel. To call it off: "
                      "{command}", id=announcement_id, when="\0", command=call_off)  # fmt: skip
    before, _, after = said.partition("\0")
    return before, after


def rsvp_noted(event: Event, going: bool, yes: int, lang: Language = ENGLISH) -> str:
    """After !going or !notgoing: thanks, and how many are going."""
    title = user_text(event.title)
    if going:
        return lang._("Thanks, see you there. {count} going to #{id} {title}.", count=yes,
                      id=event.id, title=title)  # fmt: skip
    return lang._("Thanks for letting us know. {count} going to #{id} {title}.", count=yes,
                  id=event.id, title=title)  # fmt: skip
