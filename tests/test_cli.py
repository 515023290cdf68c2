"""The console script end to end, as a subprocess fed through stdin."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests import processes
from tests.processes import bot_command

CITATION = "Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot`` with ``args``."""
    return processes.run(
        bot_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_console_answers_each_line_and_exits_at_end_of_input(tmp_path: Path) -> None:
    result = run("console", "--db", str(tmp_path / "c.db"), stdin="!facts varrp\n!iom\n")
    assert result.returncode == 0, result.stderr
    assert "Voluntary Assisted Return and Reintegration Programme (VARRP)" in result.stdout
    assert result.stdout.count(CITATION) >= 2
    assert "The International Organisation for Migration (IOM)" in result.stdout
    assert result.stderr == ""


def test_console_with_no_config_uses_the_user_data_directory(tmp_path: Path) -> None:
    result = run("console", stdin="!facts varrp\n", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "campaign-bot" / "campaign-bot.db").is_file()
    assert CITATION in result.stdout


def test_console_roles(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    member = run("console", "--db", db, "--as", "member", stdin="!help\n")
    assert member.returncode == 0 and "!facts" in member.stdout


def test_help_and_version() -> None:
    assert "console" in run("--help").stdout
    assert run("--version").stdout.startswith("campaign-bot ")


def test_check_config_accepts_the_example_once_a_platform_is_uncommented(tmp_path: Path) -> None:
    example = (Path(__file__).parent.parent / "config.example.toml").read_text("utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        example.replace("# [discord]\n", "[discord]\n").replace("# guilds =", "guilds =")
    )
    result = run("check-config", "--offline", str(config))
    assert result.returncode == 0, result.stderr
    assert "OK: run would serve discord" in result.stdout


def test_check_config_names_every_problem(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[bot]\nprefix = ""\ntimezone = "Mars/Olympus"\nlog_lvl = "x"\n[sirens]\n')
    result = run("check-config", str(config))
    assert result.returncode == 2
    for key in ["bot.prefix", "bot.timezone", "bot.log_lvl", "[sirens]", str(config)]:
        assert key in result.stderr


def test_a_broken_or_missing_config_stops_the_console(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[bot\nprefix =")
    result = run("console", "--config", str(broken), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "not valid TOML" in result.stderr
    missing = run("console", "--config", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "file not found" in missing.stderr
    assert not (tmp_path / "x.db").exists()


def test_an_unusable_database_path_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("console", "--db", str(blocker / "bot.db"), stdin="!iom\n")
    assert result.returncode == 3
    assert str(blocker) in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_text() == "x"


def test_a_custom_prefix_from_config(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[bot]\nprefix = "?"\n')
    result = run(
        "console", "--config", str(config), "--db", str(tmp_path / "p.db"), stdin="?fact 8\n"
    )
    assert "#8 “IOM UK runs two" in result.stdout


def test_run_without_a_platform_says_what_to_configure(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[bot]\nprefix = "!"\n')
    result = run("run", "--config", str(config), "--db", str(tmp_path / "r.db"))
    assert result.returncode == 2
    assert "no chat platform is configured: uncomment [discord]" in result.stderr
    assert not (tmp_path / "r.db").exists()
