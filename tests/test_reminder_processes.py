"""Reminders with the real clock and real processes: console, CLI, and SIGKILL restarts."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections import defaultdict
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.config import Settings, load_settings
from bot.core.model import Place
from bot.events.drafts import Draft
from tests.processes import bot_command, popen, run, stopped

REMINDERS = 50


async def schedule_announcements(
    settings: Settings, db: Path, count: int, lead: float, gap: float = 0.08
) -> None:
    """Add ``count`` announcements due from ``lead`` seconds from now, ``gap`` seconds apart."""
    app = await App.open(settings, db, wake=False)
    try:
        now = app.events.clock.now()
        for number in range(count):
            due = now + timedelta(seconds=lead + number * gap)
            local = due.astimezone(settings.zone).replace(tzinfo=None)
            draft = Draft(f"Reminder {number}", local, reminders=(0,), kind="announcement")
            await app.events.add(draft, "test:organiser")
    finally:
        await app.close()


async def test_the_timer_wakes_the_engine_on_the_real_clock(db_path: Path) -> None:
    settings = Settings(channels={"main": (Place("test", "room-1", "main"),)})
    app = await App.open(settings, db_path)
    chat = RecordingAdapter()
    running = asyncio.create_task(app.run([chat]))
    try:
        for _ in range(1000):
            if "test" in app.engine.adapters:
                break
            await asyncio.sleep(0.01)
        now = app.events.clock.now() + timedelta(seconds=1)
        local = now.astimezone(settings.zone).replace(tzinfo=None)
        await app.events.add(Draft("Wake up", local, reminders=(0,), kind="announcement"), "t:o")
        for _ in range(3000):
            if chat.sent:
                break
            await asyncio.sleep(0.01)
        assert [s.text for s in chat.sent] == ["Wake up"]
        for _ in range(1000):  # the engine records "sent" just after the adapter returns
            (row,) = await app.events.deliveries.for_event(1)
            if row.state != "sending":
                break
            await asyncio.sleep(0.01)
        assert row.state == "sent" and row.key == chat.sent[0].key
    finally:
        await chat.stop()
        await running
        await app.close()


def test_the_console_prints_due_reminders_while_it_is_open(tmp_path: Path) -> None:
    console = popen(
        bot_command("console", "--db", str(tmp_path / "c.db"), "--as", "organiser"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with stopped(console):
        assert console.stdin is not None and console.stdout is not None
        console.stdin.write('!event add "Picket at IOM office" in 3 seconds remind:start\n')
        console.stdin.flush()
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = console.stdout.readline()
            lines.append(line)
            if line.startswith("Starting now: Picket at IOM office") or not line:
                break
        console.stdin.close()
        assert console.wait(timeout=60) == 0
    output = "".join(lines)
    assert "Added: #1 Picket at IOM office" in output
    assert "Starting now: Picket at IOM office" in output


def test_cli_events_add_list_and_ics(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    added = run(
        bot_command(
            "events",
            "--db",
            db,
            "add",
            "Picket at IOM office",
            "5 Dec 14:00",
            "at:IOM office, London",
            "remind:1d,2h",
            "every:month",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert "Added: #1 Picket at IOM office — Sat 5 Dec" in added.stdout
    assert ", at IOM office, London (every month)" in added.stdout
    refused = run(
        bot_command("events", "--db", db, "add", "x", "3/4 2pm"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1
    assert "could be 3 Apr or 4 Mar" in refused.stdout
    listed = run(
        bot_command("events", "--db", db, "list"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "#1 Picket at IOM office — Sat 5 Dec" in listed.stdout
    out = tmp_path / "events.ics"
    run(bot_command("events", "--db", db, "ics", str(out)), check=True, timeout=60)
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.month, start.day, start.hour, start.minute) == (12, 5, 14, 0)
    assert str(start.tzinfo) == "Europe/London"
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY"


def read_sink(path: Path) -> list[dict[str, str]]:
    """Every send attempt the file sink recorded."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def unsettled(db: Path) -> int | None:
    """How many deliveries are not yet sent (or posted late); None if it cannot be read now."""
    try:
        with closing(sqlite3.connect(db, timeout=5)) as connection:
            row = connection.execute(
                "SELECT count(*) FROM deliveries WHERE state NOT IN ('sent', 'late')"
            ).fetchone()
    except sqlite3.Error:
        return None
    return int(row[0])


def wait_for_all(
    sink: Path, db: Path, process: subprocess.Popen[bytes], expected: int, timeout: float
) -> None:
    """Wait until ``expected`` reminders reached the sink and every delivery is settled.

    Stops early if the bot dies or time runs out. A bot killed after a send but before
    noting it leaves a delivery for the next bot to settle, so the sink alone is not enough.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if len({r["text"] for r in read_sink(sink)}) >= expected and unsettled(db) == 0:
            return
        time.sleep(0.1)


def kill_then_finish(
    command: list[str], pauses: list[float], sink: Path, db: Path, expected: int
) -> tuple[list[int], str]:
    """SIGKILL the bot after each pause, then run it until ``expected`` reminders are sent.

    Returns the sink's length at each kill and what the last bot wrote to stderr. Every bot
    is killed and reaped before this returns, however it returns.
    """
    at_kills = []
    for pause in pauses:
        with stopped(popen(command, stderr=subprocess.DEVNULL)) as doomed:
            time.sleep(pause)
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait(timeout=30)
        at_kills.append(len(read_sink(sink)))
    with stopped(popen(command, stderr=subprocess.PIPE)) as last:
        wait_for_all(sink, db, last, expected, timeout=90)
        last.send_signal(signal.SIGINT)
        _, stderr = last.communicate(timeout=30)
    return at_kills, stderr.decode(errors="replace")


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_sigkill_at_random_moments_never_loses_or_doubles_a_reminder(
    tmp_path: Path, seed: int
) -> None:
    sink = tmp_path / "sink.jsonl"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.db"}"\n'
        f'[channels.feed]\nfile = "{sink}"\n'
        '[events]\ngrace = "10m"\nmax_events_per_person_per_hour = 1000\n',
        "utf-8",
    )
    settings = load_settings(config)
    # Due 4 to 8 seconds from now: the first bot is killed somewhere in that window, the
    # second soon after it starts, and a third runs until every reminder is in the sink.
    asyncio.run(schedule_announcements(settings, tmp_path / "bot.db", REMINDERS, lead=4.0))
    command = bot_command("run", "--config", str(config), "--log-level", "WARNING")
    chance = random.Random(seed)
    pauses = [chance.uniform(3.5, 8.5), chance.uniform(0.5, 3.0)]
    db = tmp_path / "bot.db"
    sent_before_kill, errors = kill_then_finish(command, pauses, sink, db, REMINDERS)
    attempts = read_sink(sink)
    keys_by_text: dict[str, set[str]] = defaultdict(set)
    for attempt in attempts:
        keys_by_text[attempt["text"]].add(attempt["key"])
    assert set(keys_by_text) == {f"Reminder {n}" for n in range(REMINDERS)}, errors
    repeated = {text: keys for text, keys in keys_by_text.items() if len(keys) != 1}
    assert repeated == {}, "a repeated send must carry the same key"
    states = asyncio.run(delivery_states(settings, tmp_path / "bot.db"))
    assert set(states) <= {"sent", "late"} and sum(states.values()) == REMINDERS, states
    print(
        f"seed {seed}: sink had {sent_before_kill} lines at the kills;"
        f" {len(attempts)} attempts for {REMINDERS} reminders"
    )


async def delivery_states(settings: Settings, db: Path) -> dict[str, int]:
    """How many deliveries are in each state."""
    app = await App.open(settings, db, wake=False)
    try:
        return await app.events.deliveries.counts()
    finally:
        await app.close()
