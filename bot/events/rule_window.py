"""A repeat rule's times within a window, found in bounded work however rarely the rule matches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import MAXYEAR, datetime, timedelta

from dateutil.rrule import rrule, rrulestr

# The Gregorian calendar repeats exactly every 400 years (146,097 days, a whole number of
# weeks): every date has the same weekday, week number and leap day as 400 years later.
CYCLE_YEARS = 400


def occurrences_between(
    rule: str, local_start: datetime, begin: datetime, end: datetime
) -> Iterator[datetime]:
    """The rule's wall-clock times from ``begin`` to ``end`` (inclusive), in order.

    dateutil looks for a rule's next time period by period up to the year 9999, even past
    its UNTIL while nothing matches: FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30 takes seconds. So
    the rule is run as many whole 400-year cycles later as fit, where 9999 comes at most 400
    years after ``end``, and its times are moved back. Raises ValueError for a rule dateutil
    cannot read (check it with ``build_rule`` first for a readable message).
    """
    if end < begin or end < local_start:
        return
    years = CYCLE_YEARS * max(0, (MAXYEAR - end.year) // CYCLE_YEARS)
    moved = rrulestr(_moved_until(rule, years), dtstart=_move(local_start, years))
    if not isinstance(moved, rrule):
        raise ValueError("not a single RRULE")
    last = _move(end, years)
    try:
        for when in moved.xafter(_move(max(begin, local_start), years), inc=True):
            if when > last:
                return
            yield _move(when, -years)
    except (ValueError, OverflowError):
        return  # dateutil ran past the year 9999, far beyond ``end``


def later(when: datetime, span: timedelta) -> datetime:
    """``when`` + ``span``, or the last moment Python knows when that is past the year 9999."""
    try:
        return when + span
    except OverflowError:
        return datetime.max


def _move(when: datetime, years: int) -> datetime:
    """``when`` a whole number of 400-year cycles later (or earlier): same weekday, same day."""
    return when.replace(year=when.year + years)


def _moved_until(rule: str, years: int) -> str:
    """``rule`` with its UNTIL moved ``years`` later (dropped when that passes the year 9999)."""
    parts = []
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        if name.strip().upper() == "UNTIL" and value[:4].isdigit():
            year = int(value[:4]) + years
            if year > MAXYEAR:
                continue  # an end after 9999 is after the window: the window ends it first
            part = f"{name}={year:04d}{value[4:]}"
        parts.append(part)
    return ";".join(parts)
