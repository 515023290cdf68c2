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
class TimeSkipped(EventError):
    """``local`` (wall-clock) does not exist: the clocks go forward over it."""

    text: str
    local: datetime


@dataclass(eq=False)
class TimeRepeated(EventError):
    """``local`` (wall-clock) comes twice: the clocks go back over it."""

    text: str
    local: datetime


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
class MalformedRule(RepeatRefused):
    """``rule`` has characters or a length no RRULE has (a line break, a second rule)."""

    rule: str


@dataclass(eq=False)
class UnreadableRule(RepeatRefused):
    """dateutil cannot read ``rule``: ``problem`` is its reason."""

    rule: str
    problem: str


@dataclass(eq=False)
class NotOneRule(RepeatRefused):
    """``rule`` reads as a set of rules, not one RRULE."""

    rule: str


@dataclass(eq=False)
class ZeroInterval(RepeatRefused):
    """``rule`` has INTERVAL=0."""

    rule: str


@dataclass(eq=False)
class EasterRule(RepeatRefused):
    """The rule uses dateutil's own BYEASTER."""


@dataclass(eq=False)
class CountAndUntil(RepeatRefused):
    """``rule`` has both COUNT and UNTIL."""

    rule: str


@dataclass(eq=False)
class RuleNeverFires(RepeatRefused):
    """``rule`` has no date in the two years from the start."""

    rule: str


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
class ReminderTwice(EventError):
    """The same reminder time (``offset`` seconds before) is given twice."""

    offset: int


@dataclass(eq=False)
class ReminderTooFar(EventError):
    """A reminder (``text`` as typed) more than ``limit`` seconds before the event."""

    text: str
    limit: int


@dataclass(eq=False)
class TooManyReminders(EventError):
    """More than ``limit`` reminders for one event."""

    limit: int


@dataclass(eq=False)
class ReminderLongerThanRepeat(EventError):
    """A reminder ``offset`` seconds before is as long as the gap between occurrences."""

    offset: int


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
