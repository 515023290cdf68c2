"""One lease per database file, however its path is written, and a lost lease stops sending."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from bot.events.lease import Lease, lease_path
from bot.events.turns import Turns
from tests.test_reminder_processes import read_sink, schedule_announcements
from tests.test_scheduler_lease import Rig, assert_refused_naming, started, until

LOST = "was removed or replaced while this process held it"


def test_a_database_named_through_a_symlink_has_the_same_lease(tmp_path: Path) -> None:
    real = tmp_path / "data"
    real.mkdir()
    (tmp_path / "folder-link").symlink_to(real)
    (real / "alias.db").symlink_to(real / "bot.db")
    holder = Lease(real / "bot.db", "run")
    others = [Lease(tmp_path / "folder-link" / "bot.db", "run"), Lease(real / "alias.db", "run")]
    try:
        holder.take()
        for other in others:
            assert not other.try_take(), other.path
            assert other.current_holder() == holder.holder
        assert sorted(path.name for path in real.iterdir()) == ["alias.db", "bot.db.lease"]
    finally:
        for lease in (holder, *others):
            lease.close()


def test_a_second_run_through_a_symlink_refuses_naming_the_holder(tmp_path: Path) -> None:
    rig = Rig(tmp_path, tmp_path / "sink.jsonl")
    alias = tmp_path / "alias.db"
    alias.symlink_to(rig.db)
    with started(rig.run_command(), tmp_path / "first.log") as first:
        until(rig.holds(first), "the first run holding the lease")
        second = subprocess.run(
            [*rig.run_command(), "--db", str(alias)],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
        assert_refused_naming(second, first.pid)
        assert first.poll() is None
    assert not (tmp_path / "alias.db.lease").exists(), "a second lease file"


def test_a_turn_after_the_lease_file_was_replaced_sends_nothing(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    turns = Turns(Lease(db_path, "run"))
    assert turns.begin() and turns.recovering()
    lease_path(db_path).unlink()
    second = Lease(db_path, "run")  # a second `run` started meanwhile makes and locks a new file
    try:
        second.take()
        assert not turns.begin() and not turns.begin()
        lost = [r for r in caplog.records if LOST in r.getMessage()]
        assert len(lost) == 1 and lost[0].levelno == logging.ERROR, lost
        second.close()
        assert turns.begin(), "the new file is free: this process takes it"
        assert turns.recovering(), "rows the other holder left 'sending' are orphans now"
        assert turns.lease is not None and turns.lease.current_holder() == turns.lease.holder
    finally:
        second.close()
        assert turns.lease is not None
        turns.lease.close()


def delivery_state(db: Path) -> str:
    """The state of the one delivery."""
    with closing(sqlite3.connect(db, timeout=10)) as connection:
        (state,) = connection.execute("SELECT state FROM deliveries").fetchone()
    return str(state)


def test_a_run_whose_lease_file_is_removed_stops_sending_until_it_holds_the_new_one(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path, tmp_path / "sink.jsonl")
    log = tmp_path / "run.log"
    # Made (and migrated) first: the run takes the lease before it opens the database.
    asyncio.run(schedule_announcements(rig.settings(), rig.db, 0, lead=0))
    with started(rig.run_command(), log) as run:
        until(rig.holds(run), "the run holding the lease")
        lease_path(rig.db).unlink()
        second = Lease(rig.db, "run")  # what a second `run` started now does first
        try:
            second.take()
            asyncio.run(schedule_announcements(rig.settings(), rig.db, 1, lead=1.0))
            # The run's next turn (its sweep) finds the file it locked is not the lease now.
            until(lambda: LOST in log.read_text("utf-8") or read_sink(rig.sink), "the next turn")
            assert read_sink(rig.sink) == [], "sent while another process held the lease"
            assert delivery_state(rig.db) == "pending"
        finally:
            second.close()
        until(lambda: read_sink(rig.sink), "the run holding the new lease and sending")
        assert run.poll() is None
        assert rig.holds(run)()
    assert [post["text"] for post in read_sink(rig.sink)] == ["Reminder 0"]
    assert log.read_text("utf-8").count(LOST) == 1
