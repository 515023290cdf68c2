"""`check-config` refuses what `run` refuses; `run` finds its config or says how to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.config.readiness import NO_PLATFORM, start_problems

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
DISCORD = '[discord]\nguilds = ["123456789012345678"]\n'
MATRIX = '[matrix]\nhomeserver = "https://matrix.example.org"\nuser_id = "@bot:example.org"\n'
SECRETS = (
    "CAMPAIGN_BOT_DISCORD_TOKEN",
    "CAMPAIGN_BOT_MATRIX_TOKEN",
    "CAMPAIGN_BOT_MATRIX_DEVICE_ID",
    "CAMPAIGN_BOT_MATRIX_PASSWORD",
)


@pytest.fixture(autouse=True)
def no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the secrets it means to have."""
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)


def verdicts(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
    """What run, check-config and check-config --offline say (exit code, stderr) of ``config``.

    `run` is refused before it starts anything: a refusal leaves no database behind.
    """
    database = config.parent / "never.db"
    said = []
    for argv in (
        ["run", "--config", str(config), "--db", str(database)],
        ["check-config", str(config)],
        ["check-config", "--offline", str(config)],
    ):
        code = main(argv)
        said.append((code, capsys.readouterr().err))
    assert not database.exists()
    return said[0], said[1], said[2]


def write(tmp_path: Path, text: str) -> Path:
    """A config file holding ``text``."""
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


def test_the_example_config_is_refused_by_both_saying_what_to_uncomment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run, check, offline = verdicts(EXAMPLE, capsys)
    assert run == check == offline
    assert run[0] == 2
    assert "uncomment [discord]" in run[1] and "or [matrix]" in run[1]
    assert "campaign-bot console" in run[1]


def test_a_missing_discord_token_is_refused_by_both_and_skipped_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, DISCORD)
    run, check, offline = verdicts(config, capsys)
    assert run == check
    assert run[0] == 2 and "[discord]: CAMPAIGN_BOT_DISCORD_TOKEN holds no bot token" in run[1]
    assert offline == (0, "")
    monkeypatch.setenv("CAMPAIGN_BOT_DISCORD_TOKEN", "a-token-for-the-check")
    assert main(["check-config", str(config)]) == 0
    assert "OK: run would serve discord" in capsys.readouterr().out


def test_a_platform_whose_extra_is_missing_is_refused_even_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # discord.py is installed here: hide it the way an absent package looks to importlib.
    monkeypatch.setitem(sys.modules, "discord", None)
    monkeypatch.setenv("CAMPAIGN_BOT_DISCORD_TOKEN", "a-token-for-the-check")
    run, check, offline = verdicts(write(tmp_path, DISCORD), capsys)
    assert run == check == offline
    assert run[0] == 2
    assert (
        "[discord]: needs discord.py, not installed: pip install 'campaign-bot[discord]'"
        in (run[1])
    )


def test_a_matrix_login_is_needed_unless_one_was_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    config = write(tmp_path, MATRIX + f'store = "{store}"\n')
    run, check, offline = verdicts(config, capsys)
    assert run == check and run[0] == 2
    assert "[matrix]: no login: set CAMPAIGN_BOT_MATRIX_TOKEN" in run[1] and str(store) in run[1]
    assert offline[0] == 0
    store.mkdir()
    (store / "credentials.json").write_text("{}")
    assert start_problems(load_settings(config)) == []
    (store / "credentials.json").unlink()
    monkeypatch.setenv("CAMPAIGN_BOT_MATRIX_PASSWORD", "once")
    assert start_problems(load_settings(config)) == []


@pytest.mark.parametrize(
    ("section", "says"),
    [
        ('[channels.main]\ndiscord = "#general"\n', "channels.main.discord: '#general' is not"),
        ('[channels.main]\nmatrix = "room:example.org"\n', "channels.main.matrix: 'room:"),
        ('[discord]\nguilds = ["my server"]\n', "discord.guilds: 'my server' is not a server id"),
        ('[matrix]\nallow_rooms = ["lobby"]\n', "matrix.allow_rooms: 'lobby' is not a room id"),
    ],
)
def test_malformed_ids_are_refused_by_both_with_their_key(
    section: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run, check, offline = verdicts(
        write(tmp_path, DISCORD * ("discord" not in section) + section), capsys
    )
    assert run == check == offline
    assert run[0] == 2 and says in run[1]


def test_settings_that_would_make_everyone_admin_are_refused_by_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = (
        '[roles]\nadmins = ["discord-role:123456789012345678", "discord-role:@everyone"]\n'
        'organisers = ["discord-role:Organisers"]\n'
    )
    powers = "organiser_power = 0\nadmin_power = -5\n"
    run, check, offline = verdicts(write(tmp_path, roles + DISCORD + MATRIX + powers), capsys)
    assert run == check == offline
    assert run[0] == 2
    for says in (
        "roles.admins: 'discord-role:123456789012345678' is the id of server"
        " 123456789012345678, which is also the id of its @everyone role: every member would"
        " be admin",
        "roles.admins: 'discord-role:@everyone' would make every member admin",
        "matrix.organiser_power: must be above 0 (every member has power 0 unless given more)",
        "matrix.admin_power: must be above 0 (every member has power 0 unless given more)",
    ):
        assert says in run[1]
    assert "Organisers" not in run[1]


def test_every_problem_is_listed_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nio", None)
    config = write(tmp_path, DISCORD + MATRIX)
    assert main(["check-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "3 problem" in err
    for key in (
        "[discord]: CAMPAIGN_BOT_DISCORD_TOKEN",
        "[matrix]: needs matrix-nio",
        "[matrix]: no login",
    ):
        assert key in err


def test_a_file_feed_alone_is_something_to_run(tmp_path: Path) -> None:
    config = write(tmp_path, f'[channels.site]\nfile = "{tmp_path / "feed.jsonl"}"\n')
    assert start_problems(load_settings(config)) == []
    assert NO_PLATFORM in start_problems(load_settings(None))


def cli(*args: str, cwd: Path, config_env: str | None = None) -> subprocess.CompletedProcess[str]:
    """`campaign-bot` in ``cwd``, with CAMPAIGN_BOT_CONFIG set to ``config_env`` or unset."""
    env = {k: v for k, v in os.environ.items() if k != "CAMPAIGN_BOT_CONFIG"}
    if config_env is not None:
        env["CAMPAIGN_BOT_CONFIG"] = config_env
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_run_with_no_config_anywhere_says_exactly_how_to_start(tmp_path: Path) -> None:
    done = cli("run", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    for step in (
        "cp config.example.toml config.toml",
        "uncomment [discord] or [matrix] in config.toml",
        "--config FILE",
        "CAMPAIGN_BOT_CONFIG",
        "campaign-bot console",
    ):
        assert step in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
    assert cli("check-config", cwd=tmp_path).stderr == done.stderr


def test_run_reads_the_config_named_by_the_environment_then_the_local_one(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[bot]\nprefix = "?"\n')
    named = tmp_path / "elsewhere.toml"
    named.write_text('[bot]\nprefix = "%"\n')
    local = cli("run", cwd=tmp_path)
    assert local.returncode == 2 and "config.toml: 1 problem" in local.stderr
    assert "no chat platform is configured" in local.stderr
    from_env = cli("run", cwd=tmp_path, config_env=str(named))
    assert from_env.returncode == 2 and f"{named}: 1 problem" in from_env.stderr
    # The console reads the same file as run: ./config.toml's prefix here.
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "c.db")],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "CAMPAIGN_BOT_CONFIG"},
        input="?fact 8\n!fact 8\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert asked.stdout.count("#8 “IOM UK runs two") == 1, asked.stdout


def test_room_ids_of_every_room_version_are_accepted(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        '[channels.main]\nmatrix = "!S5aVCeBjfGY2G5mEdzl04CDYZLw3Vo7nRzqS2CMeOYM"\n'
        '[channels.old]\nmatrix = "!abcdefghijklmnop:example.org:8448"\ndiscord = "1234567"\n',
    )
    settings = load_settings(config)
    assert [place.id for group in settings.channels.values() for place in group] == [
        "!S5aVCeBjfGY2G5mEdzl04CDYZLw3Vo7nRzqS2CMeOYM",
        "1234567",
        "!abcdefghijklmnop:example.org:8448",
    ]
