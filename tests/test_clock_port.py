"""Time comes from the bot's clock: future dates in the group's zone, the file feed's stamps."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from bot.adapters.file_sink import FileSinkAdapter
from bot.adapters.recording import person
from bot.core.clock import ManualClock
from bot.core.model import Place, Reply, Role
from tests.eventkit import running_bot, utc

ADMIN = person(Role.ADMIN, "test:ada")


async def test_a_source_date_is_in_the_future_by_the_bots_clock(db_path: Path) -> None:
    # The clock stands at 1 January 2031, 00:30 in London (still 31 December in New York).
    async with running_bot(db_path, utc(2031, 1, 1, 0, 30)) as bot:
        add = '!source add "A later report" author:A publication:B date:{day}'
        added = await bot.say(add.format(day="2031-01-01"), ADMIN)
        assert "is in the future" not in added, added
        refused = await bot.say(add.format(day="2031-01-02"), ADMIN)
        assert refused == "The date 2031-01-02 is in the future."


async def test_an_as_of_date_is_in_the_future_by_the_bots_clock(db_path: Path) -> None:
    async with running_bot(db_path, utc(2031, 1, 1, 0, 30)) as bot:
        refused = await bot.say("!fact edit 8 as-of:2031-01-02", ADMIN)
        assert refused == "The as-of date 2031-01-02 is in the future."
        changed = await bot.say("!fact edit 8 as-of:2031-01-01", ADMIN)
        assert "in the future" not in changed, changed


async def test_the_file_feed_stamps_each_post_with_the_bots_clock(tmp_path: Path) -> None:
    start = utc(2031, 1, 1, 0, 30)
    clock = ManualClock(start)
    feed = tmp_path / "feed.jsonl"
    sink = FileSinkAdapter(clock)
    place = Place("file", str(feed), "main")
    await sink.send(place, Reply.oops("first"), key="one")
    clock.advance(timedelta(minutes=5))
    await sink.send(place, Reply.oops("second"), key="two")
    posts = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    assert [(post["key"], post["at"]) for post in posts] == [
        ("one", start.isoformat()),
        ("two", (start + timedelta(minutes=5)).isoformat()),
    ]
