"""The late policy holds for every reminder, sent again after a failure or a crash too."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.commands.reminder_texts import LATE_NOTE
from bot.config import Settings, load_settings
from bot.core.model import Incoming, Place, Reply
from bot.events.drafts import Draft
from tests.eventkit import Bot, running_bot, settings, utc
from tests.processes import bot_command, popen, stopped
from tests.test_reminder_processes import read_sink
from tests.test_scheduler_lease import until

START = utc(2026, 3, 20, 12)
DUE = utc(2026, 3, 21, 12)  # the picket's reminder, 2 hours before it
MISSED = "1 reminder came due while the bot was offline and was not posted"
WAIT = 90.0  # a bound to fail on, never a timing assertion
CHANNELS = {
    "main": (Place("flaky", "room-x", "main"),),
    "organisers": (Place("test", "room-org", "organisers"),),
}


class FailsAtFirst(RecordingAdapter):
    """A platform whose first scheduled sends fail, the way an outage looks to the engine."""

    def __init__(self, failures: int) -> None:
        super().__init__("flaky")
        self.failures = failures

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        if key and self.failures > 0:
            self.failures -= 1
            raise ConnectionError("platform unreachable")
        return await super().send(place, reply, reply_to=reply_to, key=key)


@contextmanager
def flaky_bot_parts(bot: Bot, failures: int) -> Iterator[FailsAtFirst]:
    """The flaky platform attached to the running bot's engine."""
    flaky = FailsAtFirst(failures)
    bot.app.engine.attach(flaky)
    try:
        yield flaky
    finally:
        bot.app.engine.detach(flaky)


async def states(bot: Bot) -> list[str]:
    """The states of the picket's deliveries."""
    return [row.state for row in await bot.app.events.deliveries.for_event(1)]


async def test_a_retry_posted_late_carries_the_late_note(db_path: Path) -> None:
    async with running_bot(db_path, START, settings(channels=CHANNELS)) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h channels:main')
        with flaky_bot_parts(bot, failures=1) as flaky:
            assert await bot.at(DUE) == [] and flaky.sent == []
            # Retried five minutes on: within the grace, but late.
            await bot.at(DUE + timedelta(minutes=5))
        (post,) = flaky.sent
        first_line = post.text.splitlines()[0]
        assert first_line == f"Reminder: Picket — in 2 hours, Sat 21 Mar, 14:00 GMT {LATE_NOTE}"
        assert await states(bot) == ["late"]


async def test_a_retry_past_the_grace_is_missed_and_reported(db_path: Path) -> None:
    config = settings(channels=CHANNELS, organisers_channel="organisers")
    async with running_bot(db_path, START, config) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h channels:main')
        with flaky_bot_parts(bot, failures=1) as flaky:
            assert await bot.at(DUE) == []
            # The platform came back twenty minutes on: past the 15 minutes' grace.
            told = await bot.at(DUE + timedelta(minutes=20))
        assert flaky.sent == [], [post.text for post in flaky.sent]
        assert [post.place.id for post in told] == ["room-org"]
        assert MISSED in told[0].text
        assert await states(bot) == ["missed"]


@contextmanager
def calls_on_log(logger: str, needle: str, action: Callable[[], None]) -> Iterator[list[str]]:
    """Run ``action`` each time ``logger`` logs a message containing ``needle``."""
    seen: list[str] = []

    class Hook(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if needle in record.getMessage():
                seen.append(record.getMessage())
                action()

    hook = Hook(logging.DEBUG)
    target = logging.getLogger(logger)
    target.addHandler(hook)
    try:
        yield seen
    finally:
        target.removeHandler(hook)


def execute(db: Path, *statements: str) -> None:
    """Run SQL on the database file through a connection of its own (another process's)."""
    with closing(sqlite3.connect(db, timeout=10)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


async def test_marking_a_post_sent_is_tried_again_when_the_write_fails(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        # The write that marks the post sent fails once, as a full disk or a lock would.
        execute(
            db_path,
            "CREATE TABLE fault (armed INTEGER)",
            "INSERT INTO fault VALUES (1)",
            "CREATE TRIGGER marking_fails BEFORE UPDATE OF state ON deliveries"
            " WHEN NEW.state IN ('sent', 'late') AND EXISTS (SELECT 1 FROM fault)"
            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
        )

        def disarm() -> None:
            execute(db_path, "DELETE FROM fault")

        with calls_on_log("bot.events.engine", "could not be marked", disarm) as failed:
            posts = await bot.at(DUE)
        assert len(posts) == 1 and len(failed) == 1, failed
        assert "disk I/O error" in failed[0]
        (row,) = await bot.app.events.deliveries.for_event(1)
        assert (row.state, row.message_id, row.attempts) == ("sent", "sent-2", 1)
        assert await bot.at(DUE + timedelta(hours=1)) == [], "posted once"


def write_config(folder: Path, feed: Path, organisers: Path) -> Path:
    """A config with a file channel for the reminder and one for the organisers; 2 s grace."""
    config = folder / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{folder / "bot.db"}"\n'
        f'[channels.feed]\nfile = "{feed}"\n[channels.organisers]\nfile = "{organisers}"\n'
        '[events]\norganisers_channel = "organisers"\ngrace = "2s"\n',
        "utf-8",
    )
    return config


async def add_event(settings: Settings, db: Path, lead: float) -> float:
    """An event reminded in the feed ``lead`` seconds from now; returns when (epoch seconds)."""
    app = await App.open(settings, db, wake=False)
    try:
        due = app.events.clock.now() + timedelta(seconds=lead)
        local = due.astimezone(settings.zone).replace(tzinfo=None)
        draft = Draft("Picket", local, reminders=(0,), channels=("feed",))
        await app.events.add(draft, "test:organiser")
    finally:
        await app.close()
    return due.timestamp()


def state(db: Path) -> str:
    """The state of the one delivery."""
    with closing(sqlite3.connect(db, timeout=10)) as connection:
        (value,) = connection.execute("SELECT state FROM deliveries").fetchone()
    return str(value)


def test_a_send_cut_off_by_a_crash_is_not_resent_past_the_grace(tmp_path: Path) -> None:
    feed, organisers = tmp_path / "feed.jsonl", tmp_path / "organisers.jsonl"
    config = write_config(tmp_path, feed, organisers)
    db = tmp_path / "bot.db"
    # Due 6 s on: the first bot must claim it before due + grace, even when slow to start.
    due = asyncio.run(add_event(load_settings(config), db, lead=6.0))
    command = bot_command("run", "--config", str(config), "--log-level", "WARNING")
    # Nobody reads the FIFO: the first bot's send hangs, claimed, until it is killed.
    os.mkfifo(feed)
    with stopped(popen(command, stderr=subprocess.DEVNULL)) as first:
        until(lambda: state(db) == "sending", "the first bot sending")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    feed.unlink()
    while time.time() < due + 3:  # down past the 2 s grace
        time.sleep(0.1)
    with stopped(popen(command, stderr=subprocess.PIPE, text=True)) as second:
        until(lambda: read_sink(organisers) or feed.exists(), "the restarted bot acting")
        second.send_signal(signal.SIGTERM)
        _, errors = second.communicate(timeout=30)
    assert not feed.exists(), read_sink(feed)
    (report,) = read_sink(organisers)
    assert MISSED in report["text"] and "event #1, at the start" in report["text"], report
    assert state(db) == "missed"
    assert "Traceback" not in errors, errors
