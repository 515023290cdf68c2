"""Events as an RFC 5545 calendar file, with their time zone and recurrence."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as CalendarEvent

from bot import __version__
from bot.events.records import Event

log = logging.getLogger(__name__)

PRODID = f"-//campaign-bot//campaign-bot {__version__}//EN"


def calendar(events: list[Event], now: datetime, name: str = "Campaign events") -> bytes:
    """An iCalendar file of ``events`` (cancelled ones marked CANCELLED), with VTIMEZONEs."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        try:
            cal.add_component(_vevent(event, now))
        except ValueError as problem:  # a repeat rule stored by hand that cannot be read
            log.warning("event #%d left out of the calendar: %s", event.id, problem)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _vevent(event: Event, now: datetime) -> CalendarEvent:
    """One VEVENT: its first occurrence in its zone, and the rule it repeats by."""
    item = CalendarEvent()
    item.add("uid", f"event-{event.id}-{event.created_at:%Y%m%dT%H%M%S}@campaign-bot")
    item.add("dtstamp", now)
    item.add("created", event.created_at)
    item.add("dtstart", event.local_start.replace(tzinfo=ZoneInfo(event.timezone)))
    item.add("summary", event.title)
    if event.place:
        item.add("location", event.place)
    if event.details:
        item.add("description", event.details)
    if event.rule:
        item.add("rrule", vRecur.from_ical(event.rule))
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return item
