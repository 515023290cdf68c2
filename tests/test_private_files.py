"""The database, its backups and exports are owner-only; history names the real login."""

from __future__ import annotations

import os
import pwd
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import App
from bot.config import Settings
from tests.admin_helpers import db_args
from tests.processes import bot_command, run
from tests.sql import execute

LOGIN_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The usual umask (022), under which files are readable by everyone unless made private."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def as_admin(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> str:
    """Run the CLI (umask 022, like most shells); its standard output."""
    done = run(
        bot_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        env=env if env is not None else os.environ,
        umask=0o022,
    )
    assert done.returncode == 0, done.stderr
    return str(done.stdout)


async def test_a_new_database_and_its_folder_are_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data" / "campaign-bot"
    db = data / "bot.db"
    app = await App.open(Settings(), db)
    try:
        await execute(app.database, "INSERT INTO meta VALUES ('written', 'now')")
        assert mode(data) == 0o700
        assert mode(db) == 0o600
        assert mode(Path(f"{db}-wal")) == 0o600
        assert mode(Path(f"{db}-shm")) == 0o600
    finally:
        await app.close()
    assert mode(db) == 0o600


def test_backups_and_exports_are_owner_only(tmp_path: Path) -> None:
    db = db_args(tmp_path / "bot.db")
    as_admin("facts", "verify", *db)  # makes and seeds the database
    backup = tmp_path / "backups" / "copy.db"
    as_admin("db", "backup", str(backup), *db)
    assert mode(backup.parent) == 0o700 and mode(backup) == 0o600
    export = tmp_path / "out" / "facts.toml"
    as_admin("facts", "export", str(export), *db)
    assert mode(export.parent) == 0o700 and mode(export) == 0o600
    texts = export.parent / "sources"
    assert mode(texts) == 0o700
    assert [mode(text) for text in texts.iterdir()] == [0o600]


def test_export_says_in_full_where_it_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    db = db_args(tmp_path / "bot.db")
    done = run(
        bot_command("facts", "export", "facts.toml", *db),
        capture_output=True,
        text=True,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"Wrote 22 facts, 11 topics and 1 source to {folder / 'facts.toml'}"
        f" (1 source text in {folder / 'sources'})."
    )
    assert sorted(p.name for p in folder.iterdir()) == ["facts.toml", "sources"]


def test_history_names_the_console_user_by_login_when_user_is_unset(tmp_path: Path) -> None:
    login = pwd.getpwuid(os.getuid()).pw_name
    env = {key: value for key, value in os.environ.items() if key not in LOGIN_VARIABLES}
    db = db_args(tmp_path / "bot.db")
    edits = '!fact edit 3 note:"Checked."\n!fact history 3\n'
    shown = as_admin("console", *db, stdin=edits, env=env)
    assert f"· console:{login} · edited: note:" in shown, shown
    assert "console:you" not in shown
