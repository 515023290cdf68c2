"""The console as a full chat: files it is sent are saved; quit, exit and Ctrl-D end it."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import icalendar

from bot.adapters.console import CONSOLE_PLACE, ConsoleAdapter
from bot.core.model import Attachment, Line, Person, Reply, Role

ME = Person.given("console:me", "me", Role.ADMIN, "the console tests")
ADD = '!event add "Picket at IOM office" tomorrow 2pm at:"IOM office, 11 Belgrave Road"\n'


def console(*args: str, stdin: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`campaign-bot console` in ``cwd`` with its database in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(cwd / "bot.db"), *args],
        input=stdin,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def saved_calendar(path: Path) -> list[str]:
    """The titles of the events in the calendar file at ``path``."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_events_ics_saves_the_calendar_in_the_current_folder_and_says_where(
    tmp_path: Path,
) -> None:
    done = console(stdin=ADD + "!events ics\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    saved = tmp_path / "events.ics"
    assert f"Saved as {saved}\n" in done.stdout
    assert "attached where this chat allows" not in done.stdout
    assert saved_calendar(saved) == ["Picket at IOM office"]
    assert saved.stat().st_mode & 0o777 == 0o600


def test_events_ics_saves_in_the_out_folder(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    out.mkdir()
    done = console("--out", str(out), stdin=ADD + "!events ics\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Saved as {out / 'events.ics'}\n" in done.stdout
    assert saved_calendar(out / "events.ics") == ["Picket at IOM office"]
    assert not (tmp_path / "events.ics").exists()


def test_an_out_folder_that_does_not_exist_is_refused_before_starting(tmp_path: Path) -> None:
    done = console("--out", str(tmp_path / "nowhere"), stdin="!iom\n", cwd=tmp_path)
    assert done.returncode == 2
    assert "is not a folder" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "bot.db").exists()


async def test_a_file_that_cannot_be_saved_is_said_in_one_line(tmp_path: Path) -> None:
    out = io.StringIO()
    adapter = ConsoleAdapter(ME, io.StringIO(), out, out_dir=tmp_path / "removed")
    reply = Reply((Line("The events calendar."),), attachment=Attachment("e.ics", b"x"))
    await adapter.send(CONSOLE_PLACE, reply)
    assert out.getvalue().startswith("The events calendar.\nCould not save e.ics in ")
    assert "No such file or directory" in out.getvalue()


async def test_a_file_name_cannot_lead_out_of_the_out_folder(tmp_path: Path) -> None:
    inside = tmp_path / "out"
    inside.mkdir()
    out = io.StringIO()
    adapter = ConsoleAdapter(ME, io.StringIO(), out, out_dir=inside)
    reply = Reply((Line("File."),), attachment=Attachment("../../evil.ics", b"x"))
    await adapter.send(CONSOLE_PLACE, reply)
    assert (inside / "evil.ics").read_text() == "x"
    assert not (tmp_path / "evil.ics").exists()
    assert f"Saved as {inside / 'evil.ics'}" in out.getvalue()


def test_quit_and_exit_end_the_console(tmp_path: Path) -> None:
    for word in ("quit", "exit", "  QUIT "):
        done = console(stdin=f"!fact 3\n{word}\n!fact 8\n", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "#3 “Established in 1951" in done.stdout
        assert "#8" not in done.stdout and "Commands start with" not in done.stdout


def read_until(descriptor: int, wanted: bytes, seen: bytearray, limit: float = 30) -> bool:
    """Read the terminal into ``seen`` until it holds ``wanted`` (or the output ends)."""
    deadline = time.monotonic() + limit
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([descriptor], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(descriptor, 4096)
            except OSError:  # the other end closed: the console exited
                return wanted in seen
            if not chunk:
                break
            seen.extend(chunk)
    return wanted in seen


def test_ctrl_d_on_a_terminal_ends_with_a_newline_after_the_prompt(tmp_path: Path) -> None:
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "bot.db")],
        stdin=terminal,
        stdout=terminal,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    os.close(terminal)
    seen = bytearray()
    try:
        assert read_until(main, b"> ", seen), seen
        os.write(main, b"!fact 3\n")
        # The answer, a blank line and the next prompt (the terminal writes \n as \r\n).
        assert read_until(main, b"1951", seen), seen
        assert read_until(main, b"\r\n\r\n> ", seen), seen
        os.write(main, b"\x04")
        assert process.wait(timeout=30) == 0
        read_until(main, b"\0", seen, limit=1)  # whatever is left
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
        assert process.stderr is not None
        process.stderr.close()
    assert bytes(seen).endswith(b"> \r\n"), bytes(seen[-40:])


def test_a_private_answer_is_printed_as_any_answer(tmp_path: Path) -> None:
    done = console(stdin="!web login\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Your login link for the web editor" in done.stdout
    assert "/login/" in done.stdout
    assert "only in a direct message" not in done.stdout
