"""Several processes opening one new database file at the same moment all start."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from bot.storage.database import migrations
from tests.processes import popen, stop

OPENER = """
import asyncio, sys, time
from pathlib import Path
from bot.storage.database import open_database

go = Path(sys.argv[2])
Path(sys.argv[3]).touch()  # this opener is waiting for the go file
while not go.exists():
    time.sleep(0.005)

async def main():
    database = await open_database(Path(sys.argv[1]))
    await database.close()

asyncio.run(main())
"""


def test_processes_opening_a_new_file_together_apply_each_migration_once(tmp_path: Path) -> None:
    db, go = tmp_path / "new.db", tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(4)]
    openers = [
        popen([sys.executable, "-c", OPENER, str(db), str(go), str(mark)], stderr=subprocess.PIPE,
              text=True)
        for mark in ready
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 120  # a bound, not a timing: all wait, then all go
        while not all(mark.exists() for mark in ready) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert all(mark.exists() for mark in ready), "an opener never started"
        go.touch()
        results = [opener.communicate(timeout=120) for opener in openers]
    finally:
        for opener in openers:
            stop(opener)
    for opener, (_, err) in zip(openers, results, strict=True):
        assert opener.returncode == 0, err
    with closing(sqlite3.connect(db)) as connection:
        applied = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
    assert sorted(applied) == [version for version, _, _ in migrations()]
