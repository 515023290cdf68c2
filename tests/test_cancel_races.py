"""A cancel made meanwhile, in another process, wins over an edit and a send in flight."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.app import App
from bot.config import Settings, load_settings
from bot.events.drafts import Draft
from bot.events.records import to_db
from tests.eventkit import refused, running_bot, utc
from tests.processes import bot_command, popen, run, stopped
from tests.test_scheduler_lease import until

START = utc(2026, 3, 20, 12)
WAIT = 90.0  # a bound to fail on, never a timing assertion


def console(db_or_config: list[str], typed: str) -> subprocess.CompletedProcess[str]:
    """A `campaign-bot console` run by an organiser who types ``typed`` and leaves."""
    command = bot_command("console", *db_or_config, "--as", "organiser")
    return run(command, input=typed, capture_output=True, text=True, timeout=WAIT)


def deliveries(db: Path) -> list[tuple[str, str]]:
    """(kind, state) of every delivery, in the order they were planned."""
    with closing(sqlite3.connect(db, timeout=10)) as connection:
        rows = connection.execute("SELECT kind, state FROM deliveries ORDER BY id").fetchall()
    return [(str(kind), str(state)) for kind, state in rows]


async def test_an_edit_read_before_another_process_cancels_is_refused(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        seen = await bot.app.events.events.get(1)
        assert seen is not None and not seen.cancelled
        # Between this process's read and its write, an organiser cancels in a console.
        cancelled = await asyncio.to_thread(console, ["--db", str(db_path)], "!event cancel 1\n")
        assert "Cancelled event #1" in cancelled.stdout, cancelled.stdout + cancelled.stderr
        later = replace(Draft.of(seen), local_start=seen.local_start + timedelta(hours=1))
        with refused("#1 is cancelled"):
            await bot.app.events.edit(seen, later)
        assert deliveries(db_path) == [("reminder", "cancelled")]
        assert await bot.at(utc(2026, 3, 21, 16)) == [], "the cancelled event was reminded"
        event = await bot.app.events.events.get(1)
        assert event is not None and event.cancelled and event.local_start == seen.local_start


async def test_a_cancel_read_before_another_process_cancels_tells_the_channels_once(
    db_path: Path,
) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:1d,2h')
        assert len(await bot.at(utc(2026, 3, 20, 14))) == 1, "the 1-day reminder"
        seen = await bot.app.events.events.get(1)
        assert seen is not None
        cancelled = await asyncio.to_thread(console, ["--db", str(db_path)], "!event cancel 1\n")
        assert "Cancelled event #1" in cancelled.stdout, cancelled.stdout + cancelled.stderr
        with refused("#1 is cancelled"):
            await bot.app.events.cancel(seen)
        # One notice for the channel reminded (the console planned it on its own clock).
        assert deliveries(db_path) == [
            ("reminder", "sent"),
            ("reminder", "cancelled"),
            ("cancellation", "pending"),
        ]


async def test_a_reminder_left_pending_on_a_cancelled_event_is_not_posted(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        # As an older version's edit after a cancel left it: cancelled, a reminder pending.
        with closing(sqlite3.connect(db_path, timeout=10)) as other, other:
            other.execute("UPDATE events SET cancelled_at = ? WHERE id = 1", (to_db(START),))
        assert await bot.at(utc(2026, 3, 21, 12)) == []
        assert deliveries(db_path) == [("reminder", "cancelled")]


async def add_event(settings: Settings, db: Path, lead: float) -> None:
    """An event starting ``lead`` seconds from now, reminded at its start."""
    app = await App.open(settings, db, wake=False)
    try:
        start = app.events.clock.now() + timedelta(seconds=lead)
        local = start.astimezone(settings.zone).replace(tzinfo=None)
        await app.events.add(Draft("Picket", local, reminders=(0,)), "test:organiser")
    finally:
        await app.close()


def read_one_post(fifo: Path) -> dict[str, str]:
    """The next post written into ``fifo`` (the sink opens it once per post)."""

    def read() -> bytes:
        with fifo.open("rb") as feed:
            return feed.read()

    with ThreadPoolExecutor(1) as reading:
        waiting = reading.submit(read)
        deadline = time.monotonic() + WAIT
        while not waiting.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not waiting.done():  # nobody wrote: open the other end so the reader returns
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        data = waiting.result()
    assert data, "nothing was posted"
    (line,) = data.decode("utf-8").splitlines()
    return dict(json.loads(line))


def test_a_cancel_while_the_reminder_is_being_sent_is_told_where_it_went(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.db"}"\n[channels.feed]\nfile = "{fifo}"\n', "utf-8"
    )
    db = tmp_path / "bot.db"
    asyncio.run(add_event(load_settings(config), db, lead=3.0))
    command = bot_command("run", "--config", str(config), "--log-level", "WARNING")
    with stopped(popen(command, stderr=subprocess.PIPE, text=True)) as bot:
        # Nobody reads the FIFO yet: the run's send of the reminder waits, claimed.
        until(lambda: deliveries(db) == [("reminder", "sending")], "the run sending")
        cancelled = console(["--config", str(config)], "!event cancel 1\n")
        assert "Cancelled event #1" in cancelled.stdout, cancelled.stdout + cancelled.stderr
        assert deliveries(db) == [("reminder", "sending"), ("cancellation", "pending")]
        reminder, notice = read_one_post(fifo), read_one_post(fifo)
        until(lambda: deliveries(db) == [("reminder", "sent"), ("cancellation", "sent")], "sent")
        bot.send_signal(signal.SIGTERM)
        _, errors = bot.communicate(timeout=30)
    assert reminder["text"].startswith("Starting now: Picket"), reminder
    assert notice["text"].startswith("Cancelled: Picket"), notice
    assert notice["text"].endswith("will not happen."), notice
    assert "Traceback" not in errors, errors
