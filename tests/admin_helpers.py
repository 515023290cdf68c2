"""Helpers shared by the admin tests: people, snapshots of every table, the CLI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bot.adapters.recording import RecordingAdapter, person
from bot.app import App
from bot.core.model import Person, Role
from tests.processes import bot_command, run
from tests.sql import rows

ADMIN = person(Role.ADMIN, "test:alice")
OTHER_ADMIN = person(Role.ADMIN, "test:bob")
MEMBER = person(Role.MEMBER, "test:mo")
TABLES = ("facts", "topic_keys", "topics", "fact_topics", "sources", "revisions", "meta")


async def snapshot(app: App) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the admin commands touch."""
    return {
        table: sorted(
            (tuple(row) for row in await rows(app.database, f"SELECT * FROM {table}")), key=repr
        )
        for table in TABLES
    }


async def say(chat: RecordingAdapter, text: str, who: Person = ADMIN) -> str:
    """Send ``text`` as ``who`` and return the one reply's plain text."""
    sent = await chat.push(text, author=who)
    assert len(sent) == 1, sent
    return sent[0].text


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot`` with ``args`` (as a separate process, like an admin would)."""
    return run(
        bot_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "USER": "ada", "LOGNAME": "ada"},
    )


def db_args(path: Path) -> list[str]:
    """--db PATH."""
    return ["--db", str(path)]
