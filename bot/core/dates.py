"""How dates and times are written in answers: the one interface, and English, the source.

The bot's languages (bot/i18n) write them through Babel; English needs no library here,
and its names come from these tables, so the output never depends on the machine's locale.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_SHORT = tuple(name[:3] for name in MONTHS)
WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Dates(Protocol):
    """Dates and times written in one language."""

    def long_date(self, day: date) -> str:
        """'11 December 2008': citations and full "as of" dates."""
        ...

    def year(self, day: date) -> str:
        """'2008'."""
        ...

    def day_month(self, day: int, month: int) -> str:
        """'3 Apr': a day of a month, as people may type it back."""
        ...

    def short_day(self, day: date, *, year: bool = False) -> str:
        """'Sat 21 Mar', or with ``year`` 'Sat 21 Mar 2026'."""
        ...

    def clock(self, moment: datetime) -> str:
        """'14:00'."""
        ...

    def day_and_time(self, local: datetime, *, year: bool = False) -> str:
        """'Sat 21 Mar, 14:00 GMT': a local time with its zone's name (``year`` adds the year)."""
        ...

    def timestamp(self, local: datetime) -> str:
        """'27 Nov 2026 23:41 GMT': when a change was made, in history."""
        ...


def long_date(day: date) -> str:
    """'11 December 2008': citations and full "as of" dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def as_of(day: date, *, full: bool = False) -> str:
    """'as of 2008' beside a figure in a list; 'as of 11 December 2008' on the fact itself.

    A list is read at a glance and the year is what tells whether a figure is stale;
    the exact day is one command away, so only the full view gives it.
    """
    return f"as of {long_date(day) if full else day.year}"


def month_short(month: int) -> str:
    """'Mar' for 3."""
    return MONTHS_SHORT[month - 1]


def short_day(day: date, *, year: bool = False) -> str:
    """'Sat 21 Mar', or with ``year`` 'Sat 21 Mar 2026'."""
    shown = f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]}"
    return f"{shown} {day.year}" if year else shown


def clock(moment: datetime) -> str:
    """'14:00' (24-hour)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_and_time(local: datetime, *, year: bool = False) -> str:
    """'Sat 21 Mar, 14:00 GMT': a local time with its zone's name (``year`` adds the year)."""
    zone = local.tzname()
    return f"{short_day(local, year=year)}, {clock(local)}" + (f" {zone}" if zone else "")


def timestamp(local: datetime) -> str:
    """'27 Nov 2026 23:41 GMT': when a change was made, in history."""
    zone = local.tzname()
    shown = f"{local.day} {MONTHS_SHORT[local.month - 1]} {local.year} {clock(local)}"
    return f"{shown} {zone}" if zone else shown


class EnglishDates:
    """The Dates of English, from the tables above."""

    def long_date(self, day: date) -> str:
        """'11 December 2008'."""
        return long_date(day)

    def year(self, day: date) -> str:
        """'2008'."""
        return str(day.year)

    def day_month(self, day: int, month: int) -> str:
        """'3 Apr'."""
        return f"{day} {month_short(month)}"

    def short_day(self, day: date, *, year: bool = False) -> str:
        """'Sat 21 Mar' ('Sat 21 Mar 2026')."""
        return short_day(day, year=year)

    def clock(self, moment: datetime) -> str:
        """'14:00'."""
        return clock(moment)

    def day_and_time(self, local: datetime, *, year: bool = False) -> str:
        """'Sat 21 Mar, 14:00 GMT'."""
        return day_and_time(local, year=year)

    def timestamp(self, local: datetime) -> str:
        """'27 Nov 2026 23:41 GMT'."""
        return timestamp(local)


ENGLISH_DATES: Dates = EnglishDates()
