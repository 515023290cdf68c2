"""Dates and times in any of the bot's languages, from the Unicode CLDR through Babel.

English keeps its own forms (bot/core/dates.py); the others take their locale's own
patterns for the same shapes, and the time zone's abbreviation from the time itself.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_skeleton, get_datetime_format

from bot.core.bidi import isolated


class BabelDates:
    """The Dates of one locale ('fr', 'es', 'ar')."""

    def __init__(self, code: str, *, right_to_left: bool) -> None:
        self.locale = Locale.parse(code)
        self.glue = str(get_datetime_format("medium", locale=self.locale))
        self.short_glue = str(get_datetime_format("short", locale=self.locale))
        self.right_to_left = right_to_left

    def _shape(self, skeleton: str, when: date | datetime) -> str:
        """``when`` in the locale's pattern for ``skeleton`` (CLDR's 'yMMMMd' and the like)."""
        return str(format_skeleton(skeleton, when, locale=self.locale))

    def long_date(self, day: date) -> str:
        """'11 décembre 2008'."""
        return self._shape("yMMMMd", day)

    def year(self, day: date) -> str:
        """'2008'."""
        return self._shape("y", day)

    def day_month(self, day: int, month: int) -> str:
        """'3 avr.': a day of a month of this year's calendar (the year is not shown)."""
        return self._shape("MMMd", date(2000, month, day))

    def short_day(self, day: date, *, year: bool = False) -> str:
        """'sam. 21 mars' ('sam. 21 mars 2026')."""
        return self._shape("yMMMEd" if year else "MMMEd", day)

    def clock(self, moment: datetime) -> str:
        """'14:00'."""
        return self._shape("Hm", moment)

    def day_and_time(self, local: datetime, *, year: bool = False) -> str:
        """'sam. 21 mars, 14:00 GMT'."""
        shown = self.glue.format(self.clock(local), self.short_day(local, year=year))
        return self._zoned(shown, local)

    def timestamp(self, local: datetime) -> str:
        """'27 nov. 2026 23:41 GMT'."""
        shown = self.short_glue.format(self.clock(local), self._shape("yMMMd", local))
        return self._zoned(shown, local)

    def _zoned(self, shown: str, local: datetime) -> str:
        """``shown`` with the zone's abbreviation ('GMT', 'BST'), kept whole in Arabic."""
        zone = local.tzname()
        if not zone:
            return shown
        return f"{shown} {isolated(zone) if self.right_to_left else zone}"
