"""What the events rules refuse, with the values the command layer needs to word it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.errors import DomainError


@dataclass(eq=False)
class EventError(DomainError):
    """An events rule refused something (``str()`` lists the fields, for logs)."""

    def __post_init__(self) -> None:
        Exception.__init__(self, *(getattr(self, field.name) for field in fields(self)))


# Times as people write them.


@dataclass(eq=False)
class NoTimeGiven(EventError):
    """No time was given at all."""


@dataclass(eq=False)
class UnreadableTime(EventError):
    """``text`` cannot be read as a time."""

    text: str


@dataclass(eq=False)
class DayWithoutTime(EventError):
    """``text`` names a day (``day``, wall-clock) but no time of day."""

    text: str
    day: datetime


@dataclass(eq=False)
class AmbiguousDate(EventError):
    """``text`` has a date like 3/4: day ``first`` of month ``second``, or the other way round.

    ``rest`` is the text without the date, for the example to write instead.
    """

    text: str
    first: int
    second: int
    rest: str


@dataclass(eq=False)
class ClocksChange(EventError):
    """``text`` names ``local``, a time the clocks skip or pass twice."""

    text: str
    local: datetime


class TimeSkipped(ClocksChange):
    """``local`` (wall-clock) does not exist: the clocks go forward over it."""


class TimeRepeated(ClocksChange):
    """``local`` (wall-clock) comes twice: the clocks go back over it."""


@dataclass(eq=False)
class TimePassed(EventError):
    """``text`` names ``when`` (UTC), which is not after ``now``; shown in ``zone``."""

    text: str
    when: datetime
    zone: ZoneInfo
    now: datetime


# Repeats.


@dataclass(eq=False)
class RepeatRefused(EventError):
    """A repeat (every:...) or repeat rule that is not allowed."""


@dataclass(eq=False)
class RepeatTooOften(RepeatRefused):
    """The repeat comes more often than once an hour."""


@dataclass(eq=False)
class UnknownRepeat(RepeatRefused):
    """every:``text`` is no repeat word; ``counted`` when it looked like '3 fortnights'."""

    text: str
    counted: bool


@dataclass(eq=False)
class RuleRefused(RepeatRefused):
    """The repeat rule ``rule`` as typed cannot be used."""

    rule: str


class MalformedRule(RuleRefused):
    """``rule`` has characters or a length no RRULE has (a line break, a second rule)."""


@dataclass(eq=False)
class UnreadableRule(RepeatRefused):
    """dateutil cannot read ``rule``: ``problem`` is its reason."""

    rule: str
    problem: str


class NotOneRule(RuleRefused):
    """``rule`` reads as a set of rules, not one RRULE."""


class ZeroInterval(RuleRefused):
    """``rule`` has INTERVAL=0."""


@dataclass(eq=False)
class EasterRule(RepeatRefused):
    """The rule uses dateutil's own BYEASTER."""


class CountAndUntil(RuleRefused):
    """``rule`` has both COUNT and UNTIL."""


class RuleNeverFires(RuleRefused):
    """``rule`` has no date in the two years from the start."""


@dataclass(eq=False)
class NoOccurrenceLeft(RepeatRefused):
    """The repeat rule has no occurrence after the time given."""


# Reminders.


@dataclass(eq=False)
class UnreadableReminder(EventError):
    """A reminder time that cannot be read; ``problem`` is 'shape', 'unit' or 'negative'."""

    text: str
    problem: str


@dataclass(eq=False)
class NoReminders(EventError):
    """remind: was given without any time."""


@dataclass(eq=False)
class ReminderRefused(EventError):
    """A reminder ``offset`` seconds before the event cannot be used."""

    offset: int


class ReminderTwice(ReminderRefused):
    """The same reminder time (``offset`` seconds before) is given twice."""


@dataclass(eq=False)
class ReminderTooFar(EventError):
    """A reminder (``text`` as typed) more than ``limit`` seconds before the event."""

    text: str
    limit: int


@dataclass(eq=False)
class TooManyReminders(EventError):
    """More than ``limit`` reminders for one event."""

    limit: int


class ReminderLongerThanRepeat(ReminderRefused):
    """A reminder ``offset`` seconds before is as long as the gap between occurrences."""


# The event itself.


@dataclass(eq=False)
class FieldTooLong(EventError):
    """The ``field`` (title, place or details) has ``limit`` characters or more."""

    field: str
    limit: int


@dataclass(eq=False)
class EmptyTitle(EventError):
    """The title is empty."""


@dataclass(eq=False)
class UnknownChannels(EventError):
    """Channels named that are not configured; ``known`` are those that are."""

    unknown: tuple[str, ...]
    known: tuple[str, ...]


@dataclass(eq=False)
class StartPassed(EventError):
    """The time given (or the edited event's next time) has passed."""


@dataclass(eq=False)
class EventCancelled(EventError):
    """Event ``event_id`` is cancelled: it cannot be changed or answered."""

    event_id: int


@dataclass(eq=False)
class TooManyEvents(EventError):
    """The person added ``recent`` events in the last hour, the ``limit``."""

    recent: int
    limit: int
