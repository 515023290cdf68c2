"""One event row that cannot be read or moved on never stops the other reminders."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.config import Settings, load_settings
from bot.events.drafts import Draft
from bot.events.records import to_db
from tests.eventkit import running_bot, utc
from tests.processes import bot_command, popen, stopped
from tests.test_reminder_processes import read_sink, schedule_announcements

START = utc(2026, 3, 20, 12)  # a Friday
WAIT = 90.0  # a bound to fail on, never a timing assertion

# What a hand edit or an older version can leave in the row of a weekly event (and of its
# first reminder), with what is logged about it, and the column that says it was left alone.
BROKEN = [
    ("events", "local_start", "next monday", "ended", 0),  # not a time: cannot be read
    ("events", "next_start", "2026-03-20 19:00", "ended", 0),  # not in the stored form
    ("events", "timezone", "Mars/Olympus_Mons", "ended", 0),  # readable; no tzdata knows it
    ("deliveries", "due_at", "2026-03-21 11:00", "state", "pending"),
    ("deliveries", "occurrence", "next saturday", "state", "pending"),
]


def hand_edit(db: Path, sql: str, *params: object) -> None:
    """Change the database file the way a plain sqlite3 client would."""
    with closing(sqlite3.connect(db, timeout=10)) as connection, connection:
        connection.execute(sql, params)


def about_row_1(table: str, records: list[logging.LogRecord]) -> list[str]:
    """The warnings and errors logged about row 1 of ``table``."""
    needles = (f"{table} row 1:", "event #1 " if table == "events" else f"{table} row 1:")
    return [
        record.getMessage()
        for record in records
        if record.levelno >= logging.WARNING
        and any(needle in record.getMessage() for needle in needles)
    ]


@pytest.mark.parametrize(("table", "column", "value", "other", "kept"), BROKEN)
async def test_one_broken_row_leaves_the_other_reminders_on_time(
    db_path: Path,
    caplog: pytest.LogCaptureFixture,
    table: str,
    column: str,
    value: str,
    other: str,
    kept: object,
) -> None:
    async with running_bot(db_path, START) as bot:
        assert "Added: #1" in await bot.say('!event add "Meeting" today 7pm every:week remind:1h')
        assert "Added: #2" in await bot.say('!event add "Picket" saturday 2pm remind:2h')
        hand_edit(db_path, f"UPDATE {table} SET {column} = ? WHERE id = 1", value)
        # The meeting's time has passed (it is due to move on); the picket's reminder is due.
        posts = await bot.at(utc(2026, 3, 21, 12))
        assert [post.text.splitlines()[0] for post in posts] == [
            "Reminder: Picket — in 2 hours, Sat 21 Mar, 14:00 GMT"
        ]
        assert await bot.at(utc(2026, 3, 21, 12, 5)) == []
        # The stuck row is not a wake-up already due: the loop would spin on it.
        wake = await bot.app.engine.next_wake()
        assert wake is None or wake > bot.clock.now(), wake
        logged = about_row_1(table, caplog.records)
        assert len(logged) == 1, logged
    # Left as it was, for someone to mend: nothing skipped is lost.
    with closing(sqlite3.connect(db_path)) as connection:
        row = connection.execute(f"SELECT {column}, {other} FROM {table} WHERE id = 1").fetchone()
    assert row == (value, kept)


async def add_broken_weekly(settings: Settings, db: Path) -> None:
    """A weekly event whose occurrence has passed, with a start no version could read."""
    app = await App.open(settings, db, wake=False)
    try:
        start = app.events.clock.now() + timedelta(hours=1)
        local = start.astimezone(settings.zone).replace(tzinfo=None)
        await app.events.add(Draft("Meeting", local, rule="FREQ=WEEKLY"), "test:organiser")
    finally:
        await app.close()
    past = to_db(start - timedelta(days=2))
    hand_edit(db, "UPDATE events SET local_start = 'next monday', next_start = ?", past)


def test_a_run_posts_an_announcement_past_an_unreadable_event(tmp_path: Path) -> None:
    sink = tmp_path / "sink.jsonl"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.db"}"\n[channels.feed]\nfile = "{sink}"\n', "utf-8"
    )
    settings = load_settings(config)
    asyncio.run(add_broken_weekly(settings, tmp_path / "bot.db"))
    asyncio.run(schedule_announcements(settings, tmp_path / "bot.db", 1, lead=3.0))
    command = bot_command("run", "--config", str(config), "--log-level", "WARNING")
    with stopped(popen(command, stderr=subprocess.PIPE, text=True)) as bot:
        deadline = time.monotonic() + WAIT
        while not read_sink(sink) and time.monotonic() < deadline and bot.poll() is None:
            time.sleep(0.1)
        bot.terminate()
        _, errors = bot.communicate(timeout=30)
    assert [post["text"] for post in read_sink(sink)] == ["Reminder 0"], errors
    assert errors.count("skipping events row 1: it cannot be read") == 1, errors
    assert "Traceback" not in errors and "reminder run failed" not in errors, errors


async def test_commands_naming_an_unreadable_event_answer_plainly(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm')
    hand_edit(db_path, "UPDATE events SET local_start = 'next monday' WHERE id = 1")
    async with running_bot(db_path, START) as bot:
        for command in ("!event 1", "!event cancel 1", '!event edit 1 title:"Moved"', "!going 1"):
            answer = await bot.say(command)
            assert "went wrong" not in answer, (command, answer)
            assert "No event #1" in answer, (command, answer)
    with closing(sqlite3.connect(db_path)) as connection:
        row = connection.execute("SELECT title, cancelled_at FROM events WHERE id = 1").fetchone()
    assert row == ("Picket", None)  # refused: nothing changed
