"""Reading times in the group's zone, refusing vague ones, and zone-aware recurrence."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.commands.event_words import format_time
from bot.core.durations import parse_duration
from bot.events.drafts import parse_offsets
from bot.events.when import next_occurrence, parse_every, parse_when
from tests.eventkit import refused, utc

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = utc(2026, 3, 20, 12, 0)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saturday 2pm", datetime(2026, 3, 21, 14, 0)),
        ("5 Dec 14:00", datetime(2026, 12, 5, 14, 0)),
        ("tomorrow 18:30", datetime(2026, 3, 21, 18, 30)),
        ("2026-12-05T14:00", datetime(2026, 12, 5, 14, 0)),
        ("13/4 2pm", datetime(2026, 4, 13, 14, 0)),
    ],
)
def test_natural_times_are_read_in_the_group_zone(text: str, expected: datetime) -> None:
    assert parse_when(text, LONDON, NOW) == expected


def test_a_time_is_read_in_new_york_wall_clock() -> None:
    local = parse_when("saturday 2pm", NEW_YORK, NOW)
    assert local == datetime(2026, 3, 21, 14, 0)
    assert local.replace(tzinfo=NEW_YORK).utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("3/4 2pm", "'3/4 2pm' could be 3 Apr or 4 Mar: write '3 Apr 2pm'."),
        ("yesterday 2pm", "'yesterday 2pm' is Thu 19 Mar, 14:00 GMT, which has already passed."),
        ("5 Dec", "gives a day (Sat 5 Dec 2026) but no time"),
        ("29 March 2026 01:30", "there is no 01:30 on Sun 29 Mar, the clocks go forward"),
        ("25 October 2026 01:30", "01:30 comes twice on Sun 25 Oct as the clocks go back"),
        ("whenever suits", "I could not read 'whenever suits' as a time"),
        ("", "When is it?"),
    ],
)
def test_vague_ambiguous_and_past_times_are_refused_saying_what_was_understood(
    text: str, says: str
) -> None:
    with refused() as said:
        parse_when(text, LONDON, NOW)
    assert says in said[0]


def test_format_time_names_the_zone_and_adds_the_year_only_when_not_this_year() -> None:
    assert format_time(utc(2026, 12, 5, 14), LONDON, NOW) == "Sat 5 Dec, 14:00 GMT"
    assert format_time(utc(2026, 6, 6, 13), LONDON, NOW) == "Sat 6 Jun, 14:00 BST"
    assert format_time(utc(2027, 1, 2, 14), LONDON, NOW) == "Sat 2 Jan 2027, 14:00 GMT"


@pytest.mark.parametrize("text", ["1 second", "30 minutes", "FREQ=MINUTELY", "FREQ=SECONDLY"])
def test_repeats_under_an_hour_are_refused(text: str) -> None:
    with refused("more often than once an hour"):
        parse_every(text, datetime(2026, 3, 24, 19))


def test_a_rule_that_packs_occurrences_closer_than_an_hour_is_refused() -> None:
    with refused("more often than once an hour"):
        parse_every("FREQ=DAILY;BYMINUTE=0,30", datetime(2026, 3, 24, 19))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("week", "FREQ=WEEKLY"),
        ("2weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("month", "FREQ=MONTHLY"),
        ("rrule:freq=weekly;byday=tu,th", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("none", ""),
    ],
)
def test_repeats_people_write(text: str, rule: str) -> None:
    assert parse_every(text, datetime(2026, 3, 24, 19)) == rule


@pytest.mark.parametrize(
    ("zone", "first", "expected_utc_hours"),
    [
        # London: BST from 29 Mar to 25 Oct 2026.
        (LONDON, datetime(2026, 3, 24, 19), [19, 18, 18]),
        (LONDON, datetime(2026, 10, 20, 19), [18, 19, 19]),
        # New York: EDT from 8 Mar to 1 Nov 2026.
        (NEW_YORK, datetime(2026, 3, 3, 19), [0, 23, 23]),
        (NEW_YORK, datetime(2026, 10, 27, 19), [23, 0, 0]),
    ],
)
def test_a_weekly_rule_keeps_its_wall_clock_time_across_dst(
    zone: ZoneInfo, first: datetime, expected_utc_hours: list[int]
) -> None:
    after = first.replace(tzinfo=zone) - timedelta(minutes=1)
    for hour in expected_utc_hours:
        found = next_occurrence("FREQ=WEEKLY", first, zone, after)
        assert found is not None
        assert found.astimezone(zone).hour == 19 and found.astimezone(zone).minute == 0
        assert found.hour == hour
        after = found


def test_a_one_off_has_no_occurrence_once_it_has_passed() -> None:
    first = datetime(2026, 3, 24, 19)
    assert next_occurrence("", first, LONDON, utc(2026, 3, 24, 18)) == utc(2026, 3, 24, 19)
    assert next_occurrence("", first, LONDON, utc(2026, 3, 24, 19)) is None


def test_a_counted_rule_ends() -> None:
    first = datetime(2026, 3, 24, 19)
    last = next_occurrence("FREQ=WEEKLY;COUNT=2", first, LONDON, utc(2026, 3, 24, 19))
    assert last == utc(2026, 3, 31, 18)
    assert next_occurrence("FREQ=WEEKLY;COUNT=2", first, LONDON, last) is None


def test_offsets() -> None:
    assert parse_offsets("2h, 1d ,start") == (86400, 7200, 0)
    assert parse_duration("90 minutes") == 5400
    for bad, says in [
        ("2h,2h", "given twice"),
        ("-2h", "negative"),
        ("2x", "unknown unit"),
        ("9w", "too far ahead"),
        ("soon", "not a time before the event"),
        (",", "needs times"),
    ]:
        with refused(says):
            parse_offsets(bad)


def test_a_weekday_named_on_that_same_day_means_today_while_it_is_ahead() -> None:
    assert parse_when("friday 6pm", LONDON, NOW) == datetime(2026, 3, 20, 18)
    assert parse_when("friday 8am", LONDON, NOW) == datetime(2026, 3, 27, 8)
    assert parse_when("next friday 6pm", LONDON, NOW) == datetime(2026, 3, 27, 18)
    assert parse_when("today 6pm", LONDON, NOW) == datetime(2026, 3, 20, 18)


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # Earlier that Saturday: the time is still ahead, so it is today.
        (utc(2026, 3, 21, 10, 0), "saturday 2pm", datetime(2026, 3, 21, 14)),
        (utc(2026, 3, 21, 10, 0), "Sat 14:00", datetime(2026, 3, 21, 14)),
        (utc(2026, 3, 21, 13, 59), "on saturday at 2pm", datetime(2026, 3, 21, 14)),
        (utc(2026, 3, 21, 10, 0), "next saturday 2pm", datetime(2026, 3, 28, 14)),
        # Later that Saturday: 2pm has gone, so it is a week later; 11pm is still tonight.
        (utc(2026, 3, 21, 15, 0), "saturday 2pm", datetime(2026, 3, 28, 14)),
        (utc(2026, 3, 21, 14, 0), "saturday 2pm", datetime(2026, 3, 28, 14)),
        (utc(2026, 3, 21, 15, 0), "saturday 11pm", datetime(2026, 3, 21, 23)),
        (utc(2026, 3, 21, 23, 30), "saturday 11pm", datetime(2026, 3, 28, 23)),
    ],
)
def test_a_weekday_said_on_that_day_is_the_next_time_it_comes_round(
    now: datetime, text: str, expected: datetime
) -> None:
    assert parse_when(text, LONDON, now) == expected


def test_the_same_rule_holds_the_evening_before_the_clocks_change() -> None:
    # Saturday 28 March 2026; the clocks go forward early on Sunday 29 March.
    assert parse_when("saturday 2pm", LONDON, utc(2026, 3, 28, 9)) == datetime(2026, 3, 28, 14)
    assert parse_when("saturday 2pm", LONDON, utc(2026, 3, 28, 15)) == datetime(2026, 4, 4, 14)
