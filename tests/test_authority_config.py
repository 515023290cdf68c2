"""Rooms by any room id or alias, home rooms and servers, and the one-line note without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.login import login_name
from bot.config import parse_settings
from bot.core.errors import ConfigError
from tests.test_cli import run

V12 = "!" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V"  # "!" and 43 unpadded base64 letters
MATRIX = {"homeserver": "https://matrix.example.org", "user_id": "@bot:example.org"}
NOTE = "Note: Only [roles] gives roles on Matrix"


def test_room_ids_of_every_version_and_aliases_are_accepted_wherever_a_room_is_named() -> None:
    rooms = [V12, "!old:example.org", "#campaign:example.org"]
    settings = parse_settings(
        {
            "matrix": {**MATRIX, "allow_rooms": rooms, "home_rooms": rooms},
            "channels": {"main": {"matrix": V12}, "mirror": {"matrix": "#campaign:example.org"}},
        },
        "t",
    )
    assert settings.matrix is not None
    assert settings.matrix.allow_rooms == settings.matrix.home_rooms == tuple(rooms)
    assert [p.id for p in settings.channels["main"] + settings.channels["mirror"]] == [
        V12,
        "#campaign:example.org",
    ]


def test_what_is_not_a_room_is_named_with_its_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(
            {
                "matrix": {
                    **MATRIX,
                    "allow_rooms": ["room:example.org"],
                    "home_rooms": ["#x", "!"],
                },
                "channels": {"main": {"matrix": "general"}},
            },
            "t",
        )
    problems = caught.value.problems
    assert any(
        p.startswith("matrix.allow_rooms: 'room:example.org' is not a room id") for p in problems
    )
    assert any(p.startswith("matrix.home_rooms: '#x'") for p in problems)
    assert any(p.startswith("matrix.home_rooms: '!'") for p in problems)
    assert any(p.startswith("channels.main.matrix: 'general' is not a room id") for p in problems)


def test_home_guilds_must_be_served() -> None:
    settings = parse_settings({"discord": {"guilds": ["1", "2"], "home_guilds": ["2"]}}, "t")
    assert settings.discord is not None and settings.discord.home_guilds == ("2",)
    with pytest.raises(ConfigError) as caught:
        parse_settings({"discord": {"guilds": ["1"], "home_guilds": ["3"]}}, "t")
    assert caught.value.problems == ["discord.home_guilds: '3' is not one of discord.guilds"]


def matrix_config(path: Path, *extra: str) -> Path:
    lines = ["[matrix]", *(f'{key} = "{value}"' for key, value in MATRIX.items()), *extra]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_check_config_accepts_a_v12_room_and_says_when_power_counts_nowhere(tmp_path: Path) -> None:
    config = matrix_config(tmp_path / "a.toml", f'allow_rooms = ["{V12}"]')
    without = run("check-config", str(config), "--offline")
    assert without.returncode == 0, without.stderr
    lines = without.stdout.splitlines()
    offline = "(prefix '!', time zone Europe/London) (tokens not checked: --offline)"
    assert lines[0].endswith(offline)
    assert lines[1].startswith(NOTE) and "[matrix] home_rooms" in lines[1] and len(lines) == 2
    home = matrix_config(tmp_path / "b.toml", f'home_rooms = ["{V12}", "#campaign:example.org"]')
    with_home = run("check-config", str(home), "--offline")
    assert with_home.returncode == 0 and NOTE not in with_home.stdout


def test_whoami_in_the_console(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    organiser = run("console", "--db", db, "--as", "organiser", stdin="!whoami\n")
    assert "organiser: the console, started with --as organiser" in organiser.stdout
    user = login_name()
    config = tmp_path / "roles.toml"
    config.write_text(f'[roles]\nadmins = ["console:{user}"]\n')
    listed = run(
        "console", "--config", str(config), "--db", db, "--as", "member", stdin="!whoami\n"
    )
    assert "admin: listed in [roles] admins" in listed.stdout
    assert f"Your id (for the config's [roles]): console:{user}" in listed.stdout
