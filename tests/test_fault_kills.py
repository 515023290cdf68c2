"""SIGKILL the bot 20 times while 200 reminders fall due and an admin edits facts."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import subprocess
import threading
import time
from collections import defaultdict
from pathlib import Path

from bot.config import load_settings
from tests import processes
from tests.processes import bot_command
from tests.test_reminder_processes import (
    delivery_states,
    kill_then_finish,
    read_sink,
    schedule_announcements,
)

REMINDERS = 200
KILLS = 20


def edit_facts(console: subprocess.Popen[str], stop: threading.Event) -> int:
    """Pipe admin fact edits (notes, delete and undo) into a console until ``stop``."""
    assert console.stdin is not None
    sent = 0
    while not stop.is_set():
        fact = 1 + sent % 5
        if sent % 7 == 3:
            lines = [f"!fact delete {fact}\n", f"!fact undo {fact}\n"]
        else:
            lines = [f'!fact edit {fact} note:"Checked again, round {sent}."\n']
        console.stdin.writelines(lines)
        console.stdin.flush()
        sent += 1
        time.sleep(0.05)
    return sent


def test_twenty_kills_during_due_reminders_and_fact_edits(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    sink = tmp_path / "sink.jsonl"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{db}"\n'
        f'[channels.feed]\nfile = "{sink}"\n'
        '[events]\ngrace = "10m"\nmax_events_per_person_per_hour = 1000\n',
        "utf-8",
    )
    settings = load_settings(config)
    # Due over 12 seconds from 3 seconds from now; the kills span that window and the catch-up.
    asyncio.run(schedule_announcements(settings, db, REMINDERS, lead=3.0, gap=0.06))
    # The console opens (and recovers) before any bot runs, then only edits facts.
    console_out = (tmp_path / "console.txt").open("w", encoding="utf-8")
    console = processes.popen(
        bot_command("console", "--db", str(db), "--as", "admin"),
        stdin=subprocess.PIPE,
        stdout=console_out,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stop = threading.Event()
    editor = threading.Thread(target=edit_facts, args=(console, stop), daemon=True)
    editor.start()
    command = bot_command("run", "--config", str(config), "--log-level", "WARNING")
    chance = random.Random(7)
    pauses = [chance.uniform(0.3, 1.6) for _ in range(KILLS)]
    try:
        at_kills, errors = kill_then_finish(command, pauses, sink, db, REMINDERS)
    finally:
        stop.set()
        editor.join(timeout=10)
        try:
            assert console.stdin is not None
            console.stdin.close()
            console.wait(timeout=60)
        finally:
            processes.stop(console)
            console_out.close()
    edits = (tmp_path / "console.txt").read_text("utf-8")
    assert "Changed #1: note" in edits and "Traceback" not in edits

    attempts = read_sink(sink)
    texts_by_key: dict[str, set[str]] = defaultdict(set)
    keys_by_text: dict[str, set[str]] = defaultdict(set)
    for attempt in attempts:
        texts_by_key[attempt["key"]].add(attempt["text"])
        keys_by_text[attempt["text"]].add(attempt["key"])
    assert set(keys_by_text) == {f"Reminder {n}" for n in range(REMINDERS)}, errors
    assert len(texts_by_key) == REMINDERS
    assert all(len(texts) == 1 for texts in texts_by_key.values())
    assert all(len(keys) == 1 for keys in keys_by_text.values()), "a resend must keep its key"
    states = asyncio.run(delivery_states(settings, db))
    assert set(states) <= {"sent", "late"} and sum(states.values()) == REMINDERS, states

    verify = processes.run(
        bot_command("facts", "verify", "--db", str(db)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    print(f"sink lines at the kills {at_kills}; {len(attempts)} attempts; {states}")
