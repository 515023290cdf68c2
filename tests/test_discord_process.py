"""`campaign-bot run` against the fake Discord: a reminder survives SIGKILL as one message."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.app import App
from bot.config import Settings, load_settings
from bot.events.drafts import Draft
from tests.discord_fake.fixtures import TOKEN
from tests.discord_fake.server import FakeDiscord, Post
from tests.processes import bot_command, spawn, stop_async

LEAD = timedelta(seconds=4)


def write_config(tmp_path: Path, fake: FakeDiscord) -> Path:
    """A config for the fake's home server, its channel as the announcement channel."""
    home = fake.home
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{tmp_path / "bot.db"}"\n'
        f'[discord]\nguilds = ["{home["id"]}"]\n'
        f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
        '[roles]\nadmins = ["discord-role:Admins"]\n'
        f'[channels.main]\ndiscord = "{home["channels"][0]["id"]}"\n'
        '[events]\ngrace = "10m"\n',
        "utf-8",
    )
    return config


async def add_event(settings: Settings, db: Path, title: str) -> tuple[int, int]:
    """An event starting LEAD from now with a reminder at its start: (id, unix start)."""
    app = await App.open(settings, db, wake=False)
    try:
        start = app.events.clock.now().replace(microsecond=0) + LEAD
        local = start.astimezone(settings.zone).replace(tzinfo=None)
        event = await app.events.add(Draft(title, local, reminders=(0,)), "test:organiser")
        return event.id, int(start.timestamp())
    finally:
        await app.close()


async def bot_process(config: Path, log: Path) -> asyncio.subprocess.Process:
    """`campaign-bot run` with the token in its environment."""
    env = {**os.environ, "CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN}
    with log.open("ab") as errors:
        return await spawn(
            *bot_command("run", "--config", str(config), "--log-level", "INFO"),
            env=env, stdout=asyncio.subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip


def going(db: Path, event_id: int) -> int:
    """How many said they are going (read beside the running bot; WAL allows it)."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT COALESCE(SUM(going), 0) FROM rsvps WHERE event_id = ?", (event_id,)
        ).fetchone()
    return int(row[0])


async def test_a_reminder_killed_mid_send_is_one_message_and_a_tick_counts(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    config = write_config(tmp_path, fake)
    settings = load_settings(config)
    db = tmp_path / "bot.db"
    log = tmp_path / "bot.log"
    event_id, unix = await add_event(settings, db, "Picket at IOM office")
    channel = str(fake.home["channels"][0]["id"])

    def reminders() -> list[Post]:
        return [p for p in fake.posts if p.channel_id == channel and "Picket" in p.text]

    # Discord creates the message but the bot is killed before it hears back.
    fake.hold = asyncio.Event()
    doomed = await bot_process(config, log)
    try:
        await fake.wait_for(reminders, bound=90)
    finally:
        await stop_async(doomed)
    fake.hold.set()
    fake.hold = None

    again = await bot_process(config, log)
    try:
        [post] = reminders()

        def resent() -> bool:
            tries = [a for a in fake.attempts if a["channel_id"] == channel]
            return len(tries) >= 2

        await fake.wait_for(resent, bound=90)
        user = fake.user("bea")
        await fake.react(user, post)
        for _ in range(1500):
            if going(db, event_id):
                break
            await asyncio.sleep(0.02)
        counted = going(db, event_id)
    finally:
        try:
            again.send_signal(signal.SIGINT)
            await asyncio.wait_for(again.wait(), 60)
        finally:
            await stop_async(again)
    errors = log.read_text("utf-8")
    assert counted == 1, errors
    assert reminders() == [post], "the resend with the same nonce is the same message"
    tries = [a for a in fake.attempts if a["channel_id"] == channel]
    assert len(tries) == 2
    assert tries[0]["nonce"] == tries[1]["nonce"] and tries[1]["enforce_nonce"] is True
    content = post.body["content"]
    assert f"<t:{unix}:F> (<t:{unix}:R>)" in content
    assert re.search(r"\d\d:\d\d (GMT|BST)", content) is None
    assert "was being sent when the bot stopped: resending" in errors
    with sqlite3.connect(db) as connection:
        [(state, message_id)] = connection.execute(
            "SELECT state, message_id FROM deliveries WHERE event_id = ?", (event_id,)
        ).fetchall()
    assert state in {"sent", "late"} and message_id == post.id
