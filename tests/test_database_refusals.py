"""A database locked by another process, or read-only, stops every command with one line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import CITATION

# Holds a write lock on the database named by argv[1] until its standard input closes.
LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""
# Root writes any file whatever its mode; without these capabilities it obeys the mode.
DROP_OVERRIDES = ["-dac_override", "-dac_read_search"]


def unprivileged() -> list[str]:
    """A command prefix under which file modes apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root, these tests need setpriv (util-linux) to drop privileges"
    caps = ",".join(DROP_OVERRIDES)
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def commands(db: Path, folder: Path) -> dict[str, list[str]]:
    """Every command that opens the database, by name."""
    config = folder / "config.toml"
    config.write_text(f'[channels.main]\nfile = "{folder / "posts.jsonl"}"\n')
    text = folder / "leaflet.txt"
    text.write_text("Nobody is illegal.\n")
    fact_file = folder / "facts.toml"
    fact_file.write_text('[[topics]]\nname = "borders"\n')
    source = ["--title", "L", "--author", "A", "--publication", "P", "--date", "2003-01-01"]
    common = ["--config", str(config), "--db", str(db)]
    every = {
        "run": ["run", *common],
        "console": ["console", *common],
        "facts export": ["facts", "export", str(folder / "out" / "facts.toml"), *common],
        "facts import": ["facts", "import", str(fact_file), *common],
        "facts import --dry-run": ["facts", "import", "--dry-run", str(fact_file), *common],
        "facts verify": ["facts", "verify", *common],
        "sources add": ["sources", "add", str(text), *source, *common],
        "events list": ["events", *common, "list"],
    }
    return {name: [sys.executable, "-m", "bot", *args] for name, args in every.items()}


def start_all(
    prefix: list[str], commands: dict[str, list[str]]
) -> dict[str, subprocess.Popen[str]]:
    """Start every command at once (each waits out the lock's 5 s on its own)."""
    return {
        name: subprocess.Popen(
            [*prefix, *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, command in commands.items()
    }


def dump(path: Path) -> list[str]:
    """The whole database as SQL."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A database with the shipped facts, in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "bot.db"
    first = subprocess.run(
        [sys.executable, "-m", "bot", "facts", "verify", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    return db


@pytest.fixture
def locked(seeded: Path) -> Iterator[Path]:
    """The seeded database while another process holds a write lock on it."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(seeded)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
    yield seeded
    assert locker.stdin is not None
    locker.stdin.close()
    assert locker.wait(60) == 0


def test_a_locked_database_stops_every_command_with_one_line(locked: Path, tmp_path: Path) -> None:
    before = dump(locked)
    running = start_all([], commands(locked, tmp_path))
    for name, process in running.items():
        stdout, stderr = process.communicate("!iom\n", timeout=120)
        assert process.returncode == 3, (name, stdout, stderr)
        assert stderr == (
            f"Database error: The database {locked} is locked by another process (database is"
            " locked): it held a write lock for more than 5 s. Stop that program, or try again"
            " when it is done.\n"
        ), name
    assert dump(locked) == before


def test_a_backup_is_still_taken_while_another_process_writes(locked: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "backup", str(copy), "--db", str(locked)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert dump(copy) == dump(locked)


def test_a_read_only_database_stops_every_command_with_one_line(
    seeded: Path, tmp_path: Path
) -> None:
    before = dump(seeded)
    seeded.chmod(0o444)
    running = start_all(unprivileged(), commands(seeded, tmp_path))
    for name, process in running.items():
        stdout, stderr = process.communicate("!iom\n", timeout=120)
        assert process.returncode == 3, (name, stdout, stderr)
        assert stderr == (
            f"Database error: The database {seeded} is read-only (attempt to write a readonly"
            " database). Make the file and its folder writable by the user the bot runs as.\n"
        ), name
        assert CITATION not in stdout
    copy = tmp_path / "copy.db"
    backup = subprocess.run(
        [
            *unprivileged(),
            sys.executable,
            "-m",
            "bot",
            "db",
            "backup",
            str(copy),
            "--db",
            str(seeded),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert backup.returncode == 0, backup.stderr  # a backup only reads
    seeded.chmod(0o644)
    assert dump(seeded) == before == dump(copy)


def test_without_the_lock_the_same_commands_work(seeded: Path, tmp_path: Path) -> None:
    """The commands above are not refused for some other reason."""
    everything = commands(seeded, tmp_path)
    del everything["run"]  # runs until stopped; test_health covers it
    for name, process in start_all([], everything).items():
        stdout, stderr = process.communicate("!iom\n", timeout=120)
        assert process.returncode == 0, (name, stdout, stderr)
        assert "Database error" not in stderr
