"""Secrets never reach a log line, even at DEBUG (extend as each adapter lands)."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import run

SECRETS = {
    "CAMPAIGN_BOT_DISCORD_TOKEN": "discord-7f3a9c1e-never-log-this-token",
    "CAMPAIGN_BOT_MATRIX_TOKEN": "syt_matrix_4b2e8d0a_never_log_this_token",
}
CONFIG = """
[bot]
log_level = "DEBUG"

[discord]
[matrix]
"""


def leaks(output: str) -> list[str]:
    """Every output line that holds a secret, or a 12-character piece of one."""
    pieces = {value[i : i + 12] for value in SECRETS.values() for i in range(len(value) - 11)}
    return [line for line in output.splitlines() if any(piece in line for piece in pieces)]


def test_no_secret_is_logged_at_debug(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    db = str(tmp_path / "s.db")
    common = ("--config", str(config), "--db", db, "--log-level", "DEBUG")
    stdin = '!iom\n!facts varrp\n!nosuch\n!fact abc\n!facts search "unclosed\n!help\n'
    results = [
        run("console", *common, stdin=stdin, env=SECRETS),
        run("run", *common, env=SECRETS),
        run("health", *common, env=SECRETS),
        run("check-config", str(config), env=SECRETS),
    ]
    console = results[0]
    assert console.returncode == 0, console.stderr
    assert " DEBUG " in console.stderr, "nothing was logged at DEBUG: the grep proves nothing"
    assert "unknown command" in console.stderr
    for result in results:
        assert leaks(result.stdout + result.stderr) == []
