"""One scheduler per database, with real processes: `run`, a second `run`, and consoles."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO

from bot.app import App
from bot.config import Settings, load_settings
from bot.events.drafts import Draft
from bot.events.lease import Holder, lease_path
from tests.test_reminder_processes import bot_command, read_sink, schedule_announcements

EVENTS = 20
WAIT = 90.0  # a bound to fail on, never a timing assertion


def until(check: Callable[[], object], what: str, bound: float = WAIT) -> None:
    """Poll ``check`` until it is true."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"never reached: {what}")


@dataclass
class Rig:
    """A config with a file channel (and maybe a console channel) on one database."""

    folder: Path
    sink: Path
    console_channel: bool = False

    @property
    def db(self) -> Path:
        return self.folder / "bot.db"

    @property
    def config(self) -> Path:
        path = self.folder / "config.toml"
        if not path.exists():
            desk = "[channels.desk]\nconsole = true\n" if self.console_channel else ""
            path.write_text(
                f'[bot]\ndatabase = "{self.db}"\n'
                f'[channels.feed]\nfile = "{self.sink}"\n{desk}'
                "[events]\nmax_events_per_person_per_hour = 1000\n",
                "utf-8",
            )
        return path

    def settings(self) -> Settings:
        return load_settings(self.config)

    def run_command(self) -> list[str]:
        return bot_command("run", "--config", str(self.config), "--log-level", "WARNING")

    def holder(self) -> Holder | None:
        """Who the lease file names now."""
        try:
            return Holder.from_record(lease_path(self.db).read_text("utf-8"))
        except OSError:
            return None

    def holds(self, process: subprocess.Popen[bytes]) -> Callable[[], bool]:
        """A check: ``process`` holds the lease."""
        return lambda: (held := self.holder()) is not None and held.pid == process.pid


@contextmanager
def started(command: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A bot process logging to ``log``; stopped with SIGTERM (then killed) at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> int:
    """SIGTERM ``process`` and reap it (SIGKILL if it does not stop)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait(timeout=30)


class Console:
    """A `campaign-bot console` with its input piped and its output in files."""

    def __init__(self, rig: Rig, name: str) -> None:
        self.out = rig.folder / f"{name}.out"
        self.err = rig.folder / f"{name}.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                bot_command("console", "--config", str(rig.config), "--as", "organiser"),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                text=True,
            )

    def type(self, line: str) -> None:
        stdin: IO[str] | None = self.process.stdin
        assert stdin is not None
        stdin.write(line + "\n")
        stdin.flush()

    def output(self) -> str:
        return self.out.read_text("utf-8", errors="replace")

    def errors(self) -> str:
        return self.err.read_text("utf-8", errors="replace")

    def close(self) -> int:
        """End its input; it exits by itself."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            return self.process.wait(timeout=60)
        finally:
            stop(self.process)


async def add_daily_events(settings: Settings, db: Path, count: int, lead: int) -> None:
    """``count`` events repeating every day, starting ``lead`` to ``lead + 4`` s from now."""
    app = await App.open(settings, db, wake=False)
    try:
        now = app.events.clock.now().replace(microsecond=0)
        for number in range(count):
            start = now + timedelta(seconds=lead + number % 5)
            local = start.astimezone(settings.zone).replace(tzinfo=None)
            draft = Draft(f"Meeting {number}", local, rule="FREQ=DAILY", reminders=(0,))
            await app.events.add(draft, "test:organiser")
    finally:
        await app.close()


def rows(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    """Rows read from the bot's database by a plain reader."""
    with sqlite3.connect(db, timeout=10) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute(sql, params).fetchall()
    connection.close()
    return found


def refusal(rig: Rig) -> subprocess.CompletedProcess[str]:
    """Start a second `run` and wait for it to end."""
    return subprocess.run(
        rig.run_command(), capture_output=True, text=True, timeout=WAIT, check=False
    )


def assert_refused_naming(done: subprocess.CompletedProcess[str], holder: int) -> None:
    """One line naming the holder, a non-zero exit, no traceback."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 4, done.stderr
    assert len(lines) == 1, done.stderr
    assert f"campaign-bot run (pid {holder} on {socket.gethostname()}, since " in lines[0]
    assert re.search(r"since \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC\)", lines[0]), lines[0]
    assert "Traceback" not in done.stderr + done.stdout


def test_a_second_run_refuses_naming_the_holder(tmp_path: Path) -> None:
    rig = Rig(tmp_path, tmp_path / "sink.jsonl")
    with started(rig.run_command(), tmp_path / "first.log") as first:
        until(rig.holds(first), "the first run holding the lease")
        assert_refused_naming(refusal(rig), first.pid)
        assert first.poll() is None
        assert lease_path(rig.db).stat().st_mode & 0o777 == 0o600
    assert first.returncode == 0


def test_the_lease_is_released_on_sigkill_and_a_new_run_starts_at_once(tmp_path: Path) -> None:
    rig = Rig(tmp_path, tmp_path / "sink.jsonl")
    settings = rig.settings()
    with started(rig.run_command(), tmp_path / "first.log") as first:
        until(rig.holds(first), "the first run holding the lease")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    asyncio.run(schedule_announcements(settings, rig.db, 1, lead=3.0))
    with started(rig.run_command(), tmp_path / "second.log") as second:
        until(rig.holds(second), "the new run holding the lease")
        until(lambda: read_sink(rig.sink), "the announcement posted by the new run")
        assert second.poll() is None, (tmp_path / "second.log").read_text("utf-8")
    assert [post["text"] for post in read_sink(rig.sink)] == ["Reminder 0"]


def test_two_runs_and_a_console_post_twenty_recurring_events_once(tmp_path: Path) -> None:
    rig = Rig(tmp_path, tmp_path / "sink.jsonl", console_channel=True)
    settings = rig.settings()
    # Due 20 to 24 s from now: the console and the run are up well before, even on a busy box.
    asyncio.run(add_daily_events(settings, rig.db, EVENTS, lead=20))
    # The console opens first, so it has had turns: a `run` started after it still starts.
    console = Console(rig, "console")
    try:
        console.type("!events")
        until(lambda: "Meeting 19" in console.output(), "the console answering")
        with started(rig.run_command(), tmp_path / "run.log") as run:
            until(rig.holds(run), "the run holding the lease")
            assert_refused_naming(refusal(rig), run.pid)
            # An edit in the console wakes its scheduler, which finds the run sending.
            console.type('!event add "Poke" in 2 hours remind:start')
            told = f"Reminders are sent by campaign-bot run (pid {run.pid} on"
            until(lambda: told in console.errors(), "the console saying who sends")
            until(lambda: len(read_sink(rig.sink)) >= EVENTS, "every reminder in the feed")
            assert_refused_naming(refusal(rig), run.pid)
            assert "Starting now" not in console.output(), "the console sent while run held it"
        assert run.returncode == 0, (tmp_path / "run.log").read_text("utf-8")
        # Nobody holds the lease now: the console's next turn prints its channel's reminders.
        console.type('!event add "Poke again" in 3 hours remind:start')
        until(
            lambda: console.output().count("Starting now") >= EVENTS,
            "the console printing its reminders",
        )
        assert console.close() == 0
    finally:
        stop(console.process)
    assert console.errors().count("Reminders are sent by") == 1, console.errors()
    assert "Traceback" not in console.output() + console.errors()

    titles = {f"Meeting {n}" for n in range(EVENTS)}
    feed = read_sink(rig.sink)
    assert len(feed) == EVENTS and len({post["key"] for post in feed}) == EVENTS
    assert Counter(post["text"].split(" — ")[0] for post in feed) == Counter(
        f"Starting now: {title}" for title in titles
    )
    printed = [line for line in console.output().splitlines() if line.startswith("Starting now")]
    assert Counter(line.split(" — ")[0] for line in printed) == Counter(
        f"Starting now: {title}" for title in titles
    )
    # Each event was moved on once: its next day's reminders are planned once per channel.
    for event in rows(rig.db, "SELECT * FROM events WHERE title LIKE 'Meeting %'"):
        planned = rows(
            rig.db,
            "SELECT occurrence, channel, state FROM deliveries WHERE event_id = ?"
            " ORDER BY occurrence, channel",
            event["id"],
        )
        first, second = event["first_start"], event["next_start"]
        assert second > first
        assert [tuple(row) for row in planned] == [
            (first, "desk", planned[0]["state"]),
            (first, "feed", planned[1]["state"]),
            (second, "desk", "pending"),
            (second, "feed", "pending"),
        ], event["title"]
        assert {planned[0]["state"], planned[1]["state"]} <= {"sent", "late"}


def test_a_console_started_while_run_sends_leaves_the_delivery_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    rig = Rig(tmp_path, fifo)
    asyncio.run(schedule_announcements(rig.settings(), rig.db, 1, lead=3.0))

    def delivery() -> sqlite3.Row:
        (row,) = rows(rig.db, "SELECT * FROM deliveries")
        return row

    with started(rig.run_command(), tmp_path / "run.log") as run:
        # Nobody reads the FIFO yet: the run's send waits in the middle, claimed.
        until(lambda: delivery()["state"] == "sending", "the run sending")
        claimed = dict(delivery())
        console = Console(rig, "console")
        try:
            console.type("!help")
            until(lambda: console.output().strip(), "the console answering")
            assert dict(delivery()) == claimed, "the console took over the delivery"
            told = f"Reminders are sent by campaign-bot run (pid {run.pid} on"
            assert told in console.errors()
            with fifo.open("rb") as feed:
                posted = feed.read().decode("utf-8").splitlines()
            until(lambda: delivery()["state"] == "sent", "the run marking it sent")
            assert console.close() == 0
        finally:
            stop(console.process)
    assert [json.loads(line)["key"] for line in posted] == [claimed["key"]]
    assert (delivery()["attempts"], delivery()["claim"]) == (1, claimed["claim"])
