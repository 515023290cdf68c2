"""Two admins at once keep both changes; a backup taken while the bot writes is sound."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sqlite3
import subprocess
from pathlib import Path

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.storage.backup import backup_database
from tests.admin_helpers import ADMIN, OTHER_ADMIN, cli, db_args
from tests.processes import bot_command, popen, stop, stopped


def fact_revisions(path: Path, fact_id: int) -> list[sqlite3.Row]:
    """The revisions of one fact, oldest first, read straight from the file."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT * FROM revisions WHERE entity = 'fact' AND entity_id = ? ORDER BY id",
            (str(fact_id),),
        ).fetchall()


def assert_chained(revisions: list[sqlite3.Row]) -> None:
    """Each revision starts from the state the one before it left: nothing was lost."""
    for earlier, later in itertools.pairwise(revisions):
        assert json.loads(later["before"]) == json.loads(earlier["after"])


async def test_two_admins_editing_at_once_keep_both_changes(
    app: App, chat: RecordingAdapter, db_path: Path
) -> None:
    await asyncio.gather(
        chat.push('!fact edit 3 note:"Alice was here."', author=ADMIN),
        chat.push("!fact edit 3 as-of:2009-01-01", author=OTHER_ADMIN),
    )
    assert all(s.text.startswith("Changed #3") for s in chat.sent)
    revisions = fact_revisions(db_path, 3)
    assert sorted(r["author"] for r in revisions) == ["test:alice", "test:bob"]
    assert_chained(revisions)
    final = json.loads(revisions[-1]["after"])
    assert final["note"] == "Alice was here." and final["as_of"] == "2009-01-01"


async def test_two_admins_changing_the_same_field_both_land_in_history(
    chat: RecordingAdapter, db_path: Path
) -> None:
    await asyncio.gather(
        chat.push('!fact edit 3 note:"one"', author=ADMIN),
        chat.push('!fact edit 3 note:"two"', author=OTHER_ADMIN),
    )
    revisions = fact_revisions(db_path, 3)
    assert sorted(json.loads(r["after"])["note"] for r in revisions) == ["one", "two"]
    assert_chained(revisions)
    history = (await chat.push("!fact history 3", author=ADMIN))[0].text
    assert "test:alice · edited" in history and "test:bob · edited" in history


def console(path: Path, user: str, lines: list[str]) -> tuple[subprocess.Popen[bytes], Path]:
    """A console process acting as ``user``, fed ``lines``; returns it and its output file."""
    given = path.with_name(f"{user}.in")
    given.write_text("".join(f"{line}\n" for line in lines))
    output = path.with_name(f"{user}.out")
    with given.open("rb") as stdin, output.open("wb") as stdout:
        process = popen(
            bot_command("console", "--db", str(path)),
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            env={**os.environ, "USER": user, "LOGNAME": user},
        )
    return process, output


def test_two_processes_editing_at_once_keep_every_revision(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    assert cli("facts", "verify", *db_args(path)).returncode == 0
    count = 25
    writers = [
        console(path, user, [f'!fact edit 3 note:"{user} {i}"' for i in range(count)])
        for user in ("ann", "ben")
    ]
    try:
        for writer, output in writers:
            assert writer.wait(timeout=120) == 0
            out = output.read_text()
            assert out.count("Changed #3") == count, out[-500:]
    finally:
        for writer, _ in writers:
            stop(writer)
    revisions = fact_revisions(path, 3)
    assert len(revisions) == 2 * count
    assert {r["author"] for r in revisions} == {"console:ann", "console:ben"}
    assert_chained(revisions)


def test_a_backup_taken_while_the_bot_writes_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    assert cli("facts", "verify", *db_args(path)).returncode == 0
    writer, _ = console(path, "ann", [f'!fact edit 3 note:"n{i}"' for i in range(400)])
    with stopped(writer):
        while not fact_revisions(path, 3) and writer.poll() is None:
            pass
        taken_while_writing = 0
        for number in range(1000):
            if writer.poll() is not None:
                break
            copy = tmp_path / f"copy-{number}.db"
            backup_database(path, copy)
            taken_while_writing += 1
            with sqlite3.connect(copy) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                note = connection.execute("SELECT note FROM facts WHERE id = 3").fetchone()[0]
            revisions = fact_revisions(copy, 3)
            assert revisions and json.loads(revisions[-1]["after"])["note"] == note
            assert_chained(revisions)
        assert writer.wait(timeout=120) == 0
    assert taken_while_writing >= 1
    final = tmp_path / "final.db"
    done = cli("db", "backup", str(final), *db_args(path))
    assert done.returncode == 0 and "integrity check ok" in done.stdout, done.stderr
    assert len(fact_revisions(final, 3)) == 400
    assert cli("facts", "verify", *db_args(final)).returncode == 0


def test_backup_refuses_what_it_cannot_copy(tmp_path: Path) -> None:
    missing = cli("db", "backup", str(tmp_path / "b.db"), *db_args(tmp_path / "none.db"))
    assert missing.returncode == 3 and "There is no database at" in missing.stderr
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n" * 100)
    wrong = cli("db", "backup", str(tmp_path / "c.db"), *db_args(notes))
    assert wrong.returncode == 3 and "not a campaign-bot database" in wrong.stderr
    assert not (tmp_path / "c.db").exists() and not (tmp_path / "b.db").exists()
