"""`campaign-bot web` alone, and `campaign-bot run` with [web]: served, then stopped by SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import bot_command, popen, run, stop


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, deadline: float) -> tuple[int, str]:
    """GET ``url``, retrying until the server answers or ``deadline`` passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def serving(args: list[str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The command running (its output piped), stopped when the block ends."""
    process = popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    try:
        yield process
    finally:
        stop(process)


def serve_and_stop(args: list[str], port: int, tmp_path: Path) -> str:
    """Start the command, read its front page and a fact, stop it; its standard output."""
    with serving(args, tmp_path) as process:
        status, page = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        assert status == 200 and "(varrp: 5 facts)" in page
        status, fact = fetch(f"http://127.0.0.1:{port}/facts/8", time.monotonic() + 5)
        assert status == 200 and "IOM UK runs two" in fact
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output
        return output


def test_campaign_bot_web_serves_the_embedded_default(tmp_path: Path) -> None:
    port = free_port()
    args = bot_command("web", "--db", str(tmp_path / "bot.db"), "--port", str(port))
    output = serve_and_stop(args, port, tmp_path)
    assert f"Serving the facts on http://127.0.0.1:{port}/" in output


def test_run_serves_the_web_face_when_configured(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[web]\nport = {port}\n\n[channels.feed]\nfile = "{tmp_path / "feed.jsonl"}"\n', "utf-8"
    )
    args = bot_command("run", "--config", str(config), "--db", str(tmp_path / "bot.db"))
    serve_and_stop(args, port, tmp_path)


def test_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = bot_command("web", "--db", str(tmp_path / "bot.db"), "--port", str(port))
        done = run(args, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert f"web.port: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_campaign_bot_web_alone_serves_the_calendar_and_the_events_page(tmp_path: Path) -> None:
    port, database = free_port(), str(tmp_path / "bot.db")
    added = run(
        bot_command("events", "--db", database, "add", "Picket", "in 3 days 2pm"),
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    config = tmp_path / "config.toml"
    config.write_text(f"[web]\nport = {port}\npublic_events = true\n", "utf-8")
    with serving(bot_command("web", "--config", str(config), "--db", database), tmp_path):
        status, calendar = fetch(f"http://127.0.0.1:{port}/calendar.ics", time.monotonic() + 60)
        assert status == 200 and "SUMMARY:Picket" in calendar
        status, page = fetch(f"http://127.0.0.1:{port}/events", time.monotonic() + 5)
        assert status == 200 and "Picket" in page
