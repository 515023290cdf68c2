"""Repeat rules that never (or rarely) happen: refused in bounded work, off the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import islice, takewhile
from pathlib import Path
from types import FrameType
from typing import Any

import dateutil.rrule
import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.recording import person
from bot.core.model import Role
from bot.events.records import to_db
from bot.events.rule_window import CYCLE_YEARS, occurrences_between
from bot.events.when import CHECK_WINDOW, LOOK_AHEAD, next_occurrence, parse_every
from tests.eventkit import ORGANISER, refused, running_bot, utc
from tests.sql import rows
from tests.test_cli import CITATION
from tests.test_when import LONDON

START = utc(2026, 3, 20, 12)
NEVER = [
    "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO",
    "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=31",
]


@pytest.mark.parametrize("rule", NEVER)
def test_a_rule_that_never_happens_is_refused_with_one_line(rule: str) -> None:
    with refused() as said:
        parse_every(rule, datetime(2026, 12, 5, 14))
    assert said[0] == (
        f"The repeat rule '{rule}' has no date in the two years from the start: check it."
    )


def test_a_rule_whose_first_date_is_over_two_years_away_is_refused() -> None:
    # 29 February falls on a Monday in 2044, then 2072: nothing in the two years from 2026.
    with refused("no date in the two years"):
        parse_every("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", datetime(2026, 12, 5, 14))
    assert parse_every("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", datetime(2026, 12, 5, 14)) == (
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("FREQ=WEEKLY\nDTSTART:20260101T000000", "is not valid"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000", "has both COUNT and UNTIL"),
        ("FREQ=YEARLY;BYEASTER=0", "BYEASTER is not a standard"),
        ("FREQ=WEEKLY;INTERVAL=0", "is not valid"),
    ],
)
def test_rules_outside_the_standard_are_refused(text: str, says: str) -> None:
    with refused(says):
        parse_every(text, datetime(2026, 12, 5, 14))


def test_a_rare_rule_still_finds_its_next_date_decades_away() -> None:
    first = datetime(2044, 2, 29, 19)
    found = next_occurrence(
        "FREQ=YEARLY;BYMONTH=2;BYDAY=MO;BYMONTHDAY=29", first, LONDON, utc(2044, 3, 1)
    )
    assert found == utc(2072, 2, 29, 19)


def test_planning_a_rule_that_never_happens_again_ends_it() -> None:
    """A rule stored by hand (never checked) has no next time: None, not a walk to 9999."""
    for rule in NEVER:
        assert next_occurrence(rule, datetime(2026, 12, 5, 14), LONDON, utc(2026, 12, 1)) is None


class WalkedTooFar(Exception):
    """dateutil looked at more years than a bounded search ever needs."""


@contextmanager
def years_dateutil_looks_at(cap: int) -> Iterator[set[int]]:
    """The years dateutil builds its tables for meanwhile; past ``cap`` of them, stop it.

    dateutil's rrule rebuilds its tables once for each year (and month) it walks through:
    counting the years it rebuilds for measures the walk, whatever the machine's speed.
    """
    seen: set[int] = set()

    def count(frame: FrameType, event: str, arg: Any) -> None:
        code = frame.f_code
        if event == "call" and code.co_name == "rebuild" and code.co_filename == RRULE_FILE:
            seen.add(frame.f_locals["year"])
            if len(seen) > cap:
                raise WalkedTooFar(f"dateutil walked through more than {cap} years")

    previous = sys.gettrace()
    sys.settrace(count)
    try:
        yield seen
    finally:
        sys.settrace(previous)


RRULE_FILE = dateutil.rrule.__file__
# The bounded search walks at most one 400-year cycle past its window's end; an unbounded
# one walks from the start to the year 9999 (some 8,000 years from 2026).
UNBOUNDED = 2 * CYCLE_YEARS
YEARS = 366 * 24 * 3600


@pytest.mark.parametrize("rule", [NEVER[1], NEVER[2], NEVER[3]])
def test_checking_a_rule_that_never_happens_walks_at_most_one_cycle(rule: str) -> None:
    window = int(CHECK_WINDOW.total_seconds() // YEARS) + 1
    with years_dateutil_looks_at(UNBOUNDED) as seen, refused("no date in the two years"):
        parse_every(rule, datetime(2026, 12, 5, 14))
    assert seen, "dateutil was never asked"
    assert max(seen) - min(seen) <= CYCLE_YEARS + window, (min(seen), max(seen))


@pytest.mark.parametrize("rule", [NEVER[1], NEVER[2], NEVER[3]])
def test_planning_a_stored_rule_that_never_happens_walks_at_most_one_cycle(rule: str) -> None:
    window = int(LOOK_AHEAD.total_seconds() // YEARS) + 1
    with years_dateutil_looks_at(UNBOUNDED + window) as seen:
        assert next_occurrence(rule, datetime(2026, 12, 5, 14), LONDON, utc(2026, 12, 1)) is None
    assert seen, "dateutil was never asked"
    assert max(seen) - min(seen) <= CYCLE_YEARS + window, (min(seen), max(seen))


DAY_PARTS = ["", "BYDAY=MO,FR", "BYDAY=-1SU", "BYMONTHDAY=29,30,31", "BYDAY=TU;BYSETPOS=-1"]
YEAR_PARTS = ["BYWEEKNO=1,53", "BYYEARDAY=366", "BYYEARDAY=-1,100"]


@st.composite
def rules(draw: st.DrawFn) -> str:
    """Rules that happen again and again (never ones make dateutil itself walk to 9999)."""
    parts = [f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']))}"]
    parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    day = draw(st.sampled_from(DAY_PARTS + YEAR_PARTS))
    parts.append(day)
    if day not in YEAR_PARTS:
        parts.append(draw(st.sampled_from(["", "BYMONTH=2", "BYMONTH=1,7"])))
    parts.append(draw(st.sampled_from(["", "COUNT=7", "UNTIL=20350601T000000", "WKST=SU"])))
    return ";".join(part for part in parts if part)


@settings(max_examples=100, deadline=None)
@given(
    rule=rules(),
    start=st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)).map(
        lambda t: t.replace(second=0, microsecond=0)
    ),
    skip=st.integers(0, 5000),
    span=st.integers(1, 4000),
)
def test_the_bounded_search_finds_exactly_what_dateutil_finds(
    rule: str, start: datetime, skip: int, span: int
) -> None:
    begin = start + timedelta(days=skip)
    end = begin + timedelta(days=span)
    plain = rrulestr(rule, dtstart=start)
    expected = list(islice(takewhile(lambda t: t <= end, plain.xafter(begin, inc=True)), 200))
    found = list(islice(occurrences_between(rule, start, begin, end), 200))
    assert found == expected


async def test_another_person_is_answered_while_never_happening_rules_are_refused(
    db_path: Path,
) -> None:
    async with running_bot(db_path, START) as bot:
        assert "Added: #1" in await bot.say('!event add "Warm-up" saturday 2pm every:week')
        await bot.say("!iom", person(Role.MEMBER, "test:warm"))
        organisers = [person(Role.ORGANISER, f"test:o{n}") for n in range(4)]
        refusals = [
            asyncio.create_task(
                bot.chat.push(f'!event add "Picket" saturday 3pm every:"{NEVER[0]}"', author=who)
            )
            for who in organisers
        ]
        await asyncio.sleep(0)  # each refusal starts: its time is read, its rule check begins
        bystander = person(Role.MEMBER, "test:bystander")
        await asyncio.wait_for(bot.chat.push("!iom", author=bystander), 60)
        pending = sum(not task.done() for task in refusals)
        assert pending > 0, "the member was answered only after every rule check had finished"
        await asyncio.wait_for(asyncio.gather(*refusals), 60)
        answers = {sent.reply_to.author.id: sent.text for sent in bot.chat.sent if sent.reply_to}
        assert CITATION in answers[bystander.id]
        for who in organisers:
            assert answers[who.id] == (
                f"The repeat rule '{NEVER[0]}' has no date in the two years from the start:"
                " check it."
            )
        events = await rows(bot.app.database, "SELECT id FROM events")
        assert [row[0] for row in events] == [1]


async def test_stored_rules_that_never_happen_or_cannot_be_read_end_their_events(
    db_path: Path,
) -> None:
    async with running_bot(db_path, START) as bot:
        for title in ("Picket", "Vigil", "Meeting"):
            assert "Added:" in await bot.say(f'!event add "{title}" saturday 2pm every:week')
        with sqlite3.connect(db_path) as other:  # as an old version or a hand edit left them
            for event_id, rule in ((1, NEVER[0]), (2, "FREQ=WEEKLY;INTERVAL=x")):
                other.execute(
                    "UPDATE events SET rule = ?, next_start = ? WHERE id = ?",
                    (rule, to_db(START - timedelta(hours=1)), event_id),
                )
        await asyncio.wait_for(bot.app.engine.run_due(), 60)
        ended = await rows(bot.app.database, "SELECT id, ended FROM events ORDER BY id")
        assert [tuple(row) for row in ended] == [(1, 1), (2, 1), (3, 0)]
        listed = await bot.say("!events")
        assert "#3 Meeting" in listed and "something went wrong" not in listed
        sent = await asyncio.wait_for(bot.chat.push("!events ics", author=ORGANISER), 60)
        attachment = sent[0].reply.attachment
        attached = attachment.data.decode("utf-8") if attachment else ""
        # The unreadable rule's event is left out (and logged); the never-happening one is in.
        assert (
            attached.count("BEGIN:VEVENT") == 2
            and "RRULE:FREQ=HOURLY;BYMONTHDAY=30;BYMONTH=2" in attached
        )
