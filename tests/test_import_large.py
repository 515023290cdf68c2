"""A large fact file: imported in one go, with a progress bar on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
from importlib import resources
from pathlib import Path

from bot.facts.factfile import FactFile
from bot.facts.factfile_writer import render_fact_file
from bot.facts.records import Fact, Source, Topic
from tests.admin_helpers import cli, db_args
from tests.processes import bot_command, popen, stopped

ARTICLE = resources.files("bot").joinpath("data/sources/a-fake-friend.txt").read_text("utf-8")


def large_file(folder: Path, count: int) -> Path:
    """A fact file of ``count`` real quotes: runs of eight words from the article."""
    words = ARTICLE.split()
    starts = [i % (len(words) - 8) for i in range(count)]
    facts = [
        Fact(i + 1, ("iom",), "article", " ".join(words[start : start + 8]))
        for i, start in enumerate(starts)
    ]
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "article.txt").write_text(ARTICLE)
    fact_file = FactFile(
        sources=[Source("article", "A fake friend", text_file="sources/article.txt")],
        topics=[Topic("iom")],
        facts=facts,
    )
    path = folder / "large.toml"
    path.write_text(render_fact_file(fact_file))
    return path


def run_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with its standard error on a pseudo-terminal; returns the code and output."""
    leader, follower = pty.openpty()
    process = popen(
        bot_command(*args),
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    with stopped(process):
        while True:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        os.close(leader)
        return process.wait(timeout=120), shown.decode("utf-8", "replace")


def test_a_large_import_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    path = large_file(tmp_path / "in", 1500)
    db = tmp_path / "large.db"
    code, shown = run_on_a_terminal("facts", "import", str(path), *db_args(db))
    assert code == 0, shown
    assert "Importing large.toml" in shown
    verify = cli("facts", "verify", *db_args(db))
    assert verify.returncode == 0
    assert "All 1,500 checked facts are word for word" in verify.stdout


def test_without_a_terminal_there_is_no_bar(tmp_path: Path) -> None:
    path = large_file(tmp_path / "in", 300)
    result = cli("facts", "import", str(path), *db_args(tmp_path / "x.db"))
    assert result.returncode == 0 and result.stderr == ""
    assert "300 facts added" in result.stdout
