"""Secrets never reach a log line, even at DEBUG (extend as each adapter lands)."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import signal
from pathlib import Path

from bot.health import status_path
from bot.redact import REDACTED, RedactingFormatter
from tests.discord_fake.server import FakeDiscord
from tests.processes import bot_command, spawn, stop_async
from tests.test_cli import CITATION, run

SECRETS = {
    "CAMPAIGN_BOT_DISCORD_TOKEN": "discord-7f3a9c1e-never-log-this-token",
    "CAMPAIGN_BOT_MATRIX_TOKEN": "syt_matrix_4b2e8d0a_never_log_this_token",
}


def leaks(output: str) -> list[str]:
    """Every output line that holds a secret, or a 12-character piece of one."""
    pieces = {value[i : i + 12] for value in SECRETS.values() for i in range(len(value) - 11)}
    return [line for line in output.splitlines() if any(piece in line for piece in pieces)]


def test_no_secret_is_logged_by_the_console_or_the_tools(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[bot]\nlog_level = "DEBUG"\n')
    common = ("--config", str(config), "--db", str(tmp_path / "s.db"), "--log-level", "DEBUG")
    stdin = '!iom\n!facts varrp\n!nosuch\n!fact abc\n!facts search "unclosed\n!help\n'
    results = [
        run("console", *common, stdin=stdin, env=SECRETS),
        run("health", *common, env=SECRETS),
        run("check-config", str(config), env=SECRETS),
    ]
    console = results[0]
    assert console.returncode == 0, console.stderr
    assert " DEBUG " in console.stderr, "nothing was logged at DEBUG: the grep proves nothing"
    assert "unknown command" in console.stderr
    for result in results:
        assert leaks(result.stdout + result.stderr) == []


def reply_text(fake: FakeDiscord, message_id: str) -> str | None:
    """The text of the bot's reply to ``message_id``, if it answered."""
    replies = fake.replies_to(message_id)
    return replies[0].text if replies else None


async def until_answered(fake: FakeDiscord, text: str) -> str:
    """Say ``text`` (again every 2 s until the bot is connected and ready) and return the reply."""
    for _ in range(30):
        if fake.gateway.session is not None:
            message_id = await fake.say(fake.home, fake.user("alice"), text, ())
            for _ in range(20):
                if (answer := reply_text(fake, message_id)) is not None:
                    return answer
                await asyncio.sleep(0.1)
        else:
            await asyncio.sleep(2)
    raise AssertionError(f"no answer to {text!r}")


async def test_run_on_discord_at_debug_logs_no_token(fake: FakeDiscord, tmp_path: Path) -> None:
    """`campaign-bot run` against the loopback Discord: answers, is healthy, stops on SIGTERM."""
    home = fake.home
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\nlog_level = "DEBUG"\n[discord]\nguilds = ["{home["id"]}"]\n'
        f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
    )
    db = tmp_path / "run.db"
    process = await spawn(
        *bot_command("run", "--config", str(config), "--db", str(db)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **SECRETS},
    )
    try:
        answer = await until_answered(fake, "!facts varrp")
        assert CITATION in answer
        # The status file follows a new connection within a second or so.
        for _ in range(20):
            health = await asyncio.to_thread(run, "health", "--db", str(db))
            if health.returncode == 0:
                break
            await asyncio.sleep(0.5)
        assert health.returncode == 0 and "discord connected" in health.stdout
    finally:
        try:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            await stop_async(process)
    logged = err.decode()
    assert process.returncode == 0, logged[-3000:]
    assert "SIGTERM received: stopping" in logged and " DEBUG " in logged
    # No home_guilds: the log says at start that only [roles] gives roles on Discord.
    assert "Only [roles] gives roles on Discord: with no [discord] home_guilds" in logged
    assert leaks(out.decode() + logged) == []
    assert not status_path(db).exists()


def test_the_formatter_blanks_secrets_and_anything_shaped_like_a_token() -> None:
    token = SECRETS["CAMPAIGN_BOT_MATRIX_TOKEN"]
    formatter = RedactingFormatter("%(levelname)s %(message)s", [token, "abc"])
    basic = base64.b64encode(token.encode()).decode()
    lines = [
        ("Validating %s", ({"access_token": "syt_learned_at_login", "device_id": "D"},)),
        ('{"password": "hunter2-long", "type": "m.login.password"}', ()),
        ("GET /sync?since=s1&access_token=syt_query_token HTTP/1.1", ()),
        ("headers %s", ({"Authorization": "Bot " + "x" * 40},)),
        ("env token %s in a sentence, and Basic %s", (token, basic)),
    ]
    out = [
        formatter.format(logging.LogRecord("nio", logging.DEBUG, "f", 1, msg, args, None))
        for msg, args in lines
    ]
    for shown in out:
        assert REDACTED in shown
        for hidden in ["syt_learned", "hunter2", "syt_query", "x" * 20, token[:12], basic[:12]]:
            assert hidden not in shown
    assert "device_id': 'D'" in out[0] and "m.login.password" in out[1]
    assert "abc" in formatter.format(logging.LogRecord("x", 20, "f", 1, "abc is short", (), None))


def test_escaped_passwords_and_unformattable_records_are_blanked() -> None:
    password = 'it\'s a "secret" \\ pass'
    formatter = RedactingFormatter("%(message)s", [password])
    records = [
        ("login %s", ({"password": password},)),
        ("body %s", (json.dumps({"password": password}),)),
        ("token %d", (password,)),
    ]
    for msg, args in records:
        shown = formatter.format(logging.LogRecord("nio", logging.DEBUG, "f", 1, msg, args, None))
        assert REDACTED in shown
        assert "secret" not in shown and "pass" not in shown.replace("password", "")
