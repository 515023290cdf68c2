"""The status file the running bot keeps, `campaign-bot health`, and stopping on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.adapters.recording import RecordingAdapter, person
from bot.app import App
from bot.config import Settings
from bot.core.model import Place, Role
from bot.health import Status, judge, read_status, status_path, write_status
from tests.processes import bot_command, spawn, stop_async
from tests.test_cli import CITATION, run
from tests.test_database_refusals import LOCKER


def test_judge_needs_a_fresh_status_with_a_connected_platform() -> None:
    now = 1_000_000.0
    fresh = Status(1, now - 100, now - 5, {"discord": True, "matrix": False})
    assert judge(fresh, now) == (True, "healthy: discord connected (5 s ago)")
    healthy, reason = judge(fresh, now + 200)
    assert not healthy and "205 s old" in reason
    down = Status(1, now, now, {"discord": False, "matrix": False})
    assert judge(down, now) == (False, "unhealthy: no platform connected (discord, matrix)")
    assert judge(None, now)[0] is False


def test_the_status_file_round_trips_and_garbage_reads_as_none(tmp_path: Path) -> None:
    path = status_path(tmp_path / "bot.db")
    assert path == tmp_path / "bot.status.json"
    status = Status(7, 1.5, 2.5, {"matrix": True})
    write_status(path, status)
    assert read_status(path) == status
    path.write_text("{not json")
    assert read_status(path) is None
    path.write_text(json.dumps({"pid": 1}))
    assert read_status(path) is None
    assert read_status(tmp_path / "missing.json") is None


async def wait_for_status(path: Path, connected: bool) -> Status:
    """Poll until the bot has written a status with (or without) a connected platform."""
    for _ in range(400):
        status = await asyncio.to_thread(read_status, path)
        if status is not None and bool(status.connected()) is connected:
            return status
        await asyncio.sleep(0.025)
    raise AssertionError(f"no status with connected={connected} in {path}")


async def test_the_running_bot_keeps_its_status_and_health_reads_it(db_path: Path) -> None:
    app = await App.open(Settings(), db_path)
    recorder = RecordingAdapter()
    status_file = status_path(db_path)
    running = asyncio.create_task(
        app.run([recorder], status_file=status_file, status_interval=0.02)
    )
    try:
        status = await wait_for_status(status_file, connected=True)
        assert status.platforms == {"test": True} and status.pid == os.getpid()
        for _ in range(400):
            if (await wait_for_status(status_file, connected=True)).updated > status.updated:
                break
            await asyncio.sleep(0.025)
        else:
            raise AssertionError("the status file was never refreshed")
        result = await asyncio.to_thread(run, "health", "--db", str(db_path))
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("healthy: test connected")
    finally:
        app.request_stop()
        await running
        await app.close()
    assert not status_file.exists()
    result = run("health", "--db", str(db_path))
    assert result.returncode == 1
    assert result.stdout.startswith("unhealthy: no status file")


def test_health_fails_on_a_stale_status(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    write_status(status_path(db), Status(1, 0.0, time.time() - 600, {"matrix": True}))
    result = run("health", "--db", str(db))
    assert result.returncode == 1 and "old" in result.stdout
    assert run("health", "--db", str(db), "--max-age", "3600").returncode == 0


async def test_sigterm_stops_the_console_cleanly(tmp_path: Path) -> None:
    process = await spawn(
        *bot_command("console", "--db", str(tmp_path / "term.db"), "--log-level", "INFO"),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdin and process.stdout and process.stderr
        process.stdin.write(b"!iom\n")
        await process.stdin.drain()
        seen = b""
        while CITATION.encode() not in seen:
            line = await asyncio.wait_for(process.stdout.readline(), 60)
            assert line, "the console ended before answering"
            seen += line
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 60)
        errors = (await process.stderr.read()).decode()
    finally:
        await stop_async(process)
    assert code == 0, errors
    assert "SIGTERM received: stopping" in errors
    assert "Traceback" not in errors


async def wait_for_problems(path: Path, wanted: bool) -> Status:
    """Poll until the bot has written a status with (or without) problems."""
    for _ in range(2400):
        status = await asyncio.to_thread(read_status, path)
        if status is not None and bool(status.problems) is wanted:
            return status
        await asyncio.sleep(0.025)
    raise AssertionError(f"no status with problems={wanted} in {path}")


async def health(db_path: Path) -> subprocess.CompletedProcess[str]:
    """`campaign-bot health` for the bot on ``db_path``, as its own process."""
    return await asyncio.to_thread(run, "health", "--db", str(db_path))


async def test_health_fails_while_reminder_runs_fail_on_a_corrupt_database(
    db_path: Path,
) -> None:
    settings = Settings(channels={"main": (Place("test", "room-1", "main"),)})
    app = await App.open(settings, db_path)
    status_file = status_path(db_path)
    running = asyncio.create_task(
        app.run([RecordingAdapter()], status_file=status_file, status_interval=0.05)
    )
    try:
        await wait_for_status(status_file, connected=True)
        assert (await health(db_path)).returncode == 0
        with sqlite3.connect(db_path) as other:  # every page into the main file
            other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = 4096
        with db_path.open("r+b") as file:
            file.seek(page)
            intact = file.read()
            file.seek(page)
            file.write(b"\xa5" * len(intact))  # every page but the first overwritten
        app.waker.poke()
        status = await wait_for_problems(status_file, wanted=True)
        assert status.problems == (
            "the last reminder run failed: DatabaseError: database disk image is malformed",
        )
        result = await health(db_path)
        assert result.returncode == 1
        assert result.stdout == (
            "unhealthy: the last reminder run failed: DatabaseError: database disk image is"
            " malformed\n"
        )
        with db_path.open("r+b") as file:
            file.seek(page)
            file.write(intact)
        app.waker.poke()
        await wait_for_problems(status_file, wanted=False)
        assert (await health(db_path)).returncode == 0
    finally:
        app.request_stop()
        await running
        await app.close()


async def test_health_fails_after_a_write_fails_until_one_succeeds(db_path: Path) -> None:
    app = await App.open(Settings(), db_path)
    chat = RecordingAdapter()
    status_file = status_path(db_path)
    running = asyncio.create_task(app.run([chat], status_file=status_file, status_interval=0.05))
    organiser = person(Role.ORGANISER, "test:olu")
    try:
        await wait_for_status(status_file, connected=True)
        locker = await asyncio.create_subprocess_exec(
            sys.executable, "-c", LOCKER, str(db_path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert locker.stdin and locker.stdout
        assert await asyncio.wait_for(locker.stdout.readline(), 60) == b"locked\n"
        refused = await chat.push('!event add "Picket" tomorrow 2pm', author=organiser)
        assert "something went wrong" in refused[0].text
        await wait_for_problems(status_file, wanted=True)
        result = await health(db_path)
        assert result.returncode == 1
        assert result.stdout == "unhealthy: a write to the database failed: database is locked\n"
        locker.stdin.close()
        assert await asyncio.wait_for(locker.wait(), 60) == 0
        added = await chat.push('!event add "Picket" tomorrow 2pm', author=organiser)
        assert added[0].text.startswith("Added: #1 Picket"), added[0].text
        await wait_for_problems(status_file, wanted=False)
        assert (await health(db_path)).returncode == 0
    finally:
        app.request_stop()
        await running
        await app.close()


def test_a_status_with_problems_round_trips_and_is_unhealthy(tmp_path: Path) -> None:
    path = status_path(tmp_path / "bot.db")
    now = time.time()
    failing = Status(7, now - 10, now, {"matrix": True}, ("a write to the database failed: x",))
    write_status(path, failing)
    assert read_status(path) == failing
    assert judge(failing, now) == (False, "unhealthy: a write to the database failed: x")
    path.write_text(json.dumps({"pid": 1, "started": 1, "updated": 2, "platforms": {}}))
    assert read_status(path) == Status(1, 1.0, 2.0, {}, ())
