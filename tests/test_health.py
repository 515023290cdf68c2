"""The status file the running bot keeps, `campaign-bot health`, and stopping on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.config import Settings
from bot.health import Status, judge, read_status, status_path, write_status
from tests.processes import bot_command, spawn, stop_async
from tests.test_cli import CITATION, run


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
