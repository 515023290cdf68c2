"""Cached answers to fact commands are never stale: every commit, from anywhere, empties them."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.core.cache import VersionedCache
from bot.storage.database import open_database
from tests.admin_helpers import MEMBER, cli, db_args, say
from tests.processes import run
from tests.sql import execute, rows

NOTE = "Said by the No Borders network."


async def ask_twice(chat: RecordingAdapter, text: str) -> str:
    """The reply to ``text``, asked twice so the second answer can come from the cache."""
    first = await say(chat, text, MEMBER)
    assert await say(chat, text, MEMBER) == first
    return first


async def test_the_cache_answers_repeats_and_forgets_after_any_commit(db_path: Path) -> None:
    database = await open_database(db_path)
    made: list[int] = []

    async def make() -> int:
        made.append(1)
        return len(made)

    try:
        cache = VersionedCache(database.version)
        assert [await cache.get("k", make) for _ in range(3)] == [1, 1, 1]
        await execute(database, "INSERT INTO meta VALUES ('a', 'ours')")
        assert await cache.get("k", make) == 2
        with closing(sqlite3.connect(db_path)) as other, other:
            other.execute("INSERT INTO meta VALUES ('b', 'another connection')")
        assert await cache.get("k", make) == 3
        writer = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        writer += "c.execute(\"INSERT INTO meta VALUES ('c', 'another process')\"); c.commit()"
        await asyncio.to_thread(
            run, [sys.executable, "-c", writer, str(db_path)], check=True, timeout=60
        )
        assert [await cache.get("k", make) for _ in range(2)] == [4, 4]
        assert (cache.hits, cache.misses) == (3, 4)
    finally:
        await database.close()


async def test_an_answer_read_inside_a_rolled_back_transaction_is_not_kept(db_path: Path) -> None:
    database = await open_database(db_path)
    cache = VersionedCache(database.version)

    loop = asyncio.get_running_loop()
    seen_inside: asyncio.Future[int] = loop.create_future()
    counted = threading.Event()

    async def count() -> int:
        (row,) = await rows(database, "SELECT count(*) FROM meta")
        return int(row[0])

    def insert_count_and_fail(connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO meta VALUES ('phantom', 'rolled back')")
        inside = int(connection.execute("SELECT count(*) FROM meta").fetchone()[0])
        loop.call_soon_threadsafe(seen_inside.set_result, inside)
        counted.wait(60)  # the transaction stays open until the cache has kept the count
        raise RuntimeError("roll back")

    async def count_inside() -> int:
        return await seen_inside

    try:
        committed = await count()
        writing = asyncio.create_task(database.write("phantom", insert_count_and_fail))
        assert await cache.get("count", count_inside) == committed + 1
        counted.set()
        with pytest.raises(RuntimeError, match="roll back"):
            await writing
        assert await cache.get("count", count) == committed
    finally:
        counted.set()
        await database.close()


async def test_edits_in_chat_show_at_once(chat: RecordingAdapter) -> None:
    assert "Note: Seekers" not in await ask_twice(chat, "!fact 8")
    assert "Nothing found" in await ask_twice(chat, "!facts search seekersnote")
    listed = await ask_twice(chat, "!facts varrp")
    assert "#8 “IOM UK runs two" in listed

    await say(chat, '!fact edit 8 note:"Seekersnote added."')
    assert "Note: Seekersnote added." in await ask_twice(chat, "!fact 8")
    assert "#8 “IOM UK runs two" in await ask_twice(chat, "!facts search seekersnote")
    assert "Note: Seekersnote added." in await ask_twice(chat, "!facts varrp")

    await say(chat, "!fact undo 8")
    assert "Seekersnote" not in await ask_twice(chat, "!fact 8")
    assert "Nothing found" in await ask_twice(chat, "!facts search seekersnote")
    assert await ask_twice(chat, "!facts varrp") == listed

    await say(chat, "!fact delete 8")
    assert "There is no fact #8" in await ask_twice(chat, "!fact 8")
    assert "#8 “" not in await ask_twice(chat, "!facts varrp")
    await say(chat, "!fact restore 8")
    assert await ask_twice(chat, "!facts varrp") == listed


async def test_an_import_by_the_cli_while_the_bot_runs_shows_at_once(
    app: App, chat: RecordingAdapter, tmp_path: Path
) -> None:
    assert f"Note: {NOTE}" in await ask_twice(chat, "!fact 16")
    assert "Nothing found" in await ask_twice(chat, "!facts search borderless")
    toml = tmp_path / "facts.toml"
    path = app.database.path
    exported = await asyncio.to_thread(cli, "facts", "export", str(toml), *db_args(path))
    assert exported.returncode == 0, exported.stderr
    toml.write_text(toml.read_text().replace(NOTE, "Said by the borderless network."))
    done = await asyncio.to_thread(cli, "facts", "import", str(toml), *db_args(path))
    assert done.returncode == 0 and "1 fact updated" in done.stdout, done.stderr
    assert "Note: Said by the borderless network." in await ask_twice(chat, "!fact 16")
    assert "#16 “" in await ask_twice(chat, "!facts search borderless")
