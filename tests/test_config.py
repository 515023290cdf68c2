"""Config parsing: typed settings, every problem listed with its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings, parse_settings
from bot.core.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings(None)
    assert settings.prefix == "!" and settings.timezone == "Europe/London"


def test_values_are_typed() -> None:
    settings = parse_settings(
        {"bot": {"prefix": "?", "database": "~/x.db"}, "roles": {"admins": ["console:me"]}}, "t"
    )
    assert settings.prefix == "?"
    assert settings.database == Path("~/x.db").expanduser()
    assert settings.roles.admins == ("console:me",)


def test_every_problem_is_listed() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings({"bot": {"prefix": 3, "log_level": "loud"}, "roles": {"admins": "me"}}, "t")
    keys = " ".join(caught.value.problems)
    for key in ["bot.prefix", "bot.log_level", "roles.admins"]:
        assert key in keys


def test_matrix_section() -> None:
    settings = parse_settings(
        {
            "matrix": {
                "homeserver": "https://matrix.example.org/",
                "user_id": "@bot:example.org",
                "store": "~/bot-store",
                "allow_inviters": ["@ann:example.org"],
                "allow_servers": ["example.org"],
                "allow_rooms": ["!abc:example.org"],
                "organiser_power": 20,
            }
        },
        "t",
    )
    assert settings.matrix is not None
    assert settings.matrix.homeserver == "https://matrix.example.org"
    assert settings.matrix.store == Path("~/bot-store").expanduser()
    assert settings.matrix.organiser_power == 20 and settings.matrix.admin_power == 100
    assert settings.matrix.allow_rooms == ("!abc:example.org",)
    assert parse_settings({}, "t").matrix is None


def test_matrix_problems_are_all_listed() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(
            {
                "matrix": {
                    "homeserver": "matrix.example.org",
                    "user_id": "bot",
                    "allow_inviters": ["ann"],
                    "allow_rooms": ["#room:example.org"],
                    "allow_servers": ["https://example.org"],
                    "organiser_power": 200,
                    "admin_power": "high",
                    "timeline_limit": 0,
                    "token": "secret",
                }
            },
            "t",
        )
    problems = " ".join(caught.value.problems)
    for key in [
        "matrix.homeserver",
        "matrix.user_id",
        "matrix.allow_inviters",
        "matrix.allow_rooms",
        "matrix.allow_servers",
        "matrix.organiser_power",
        "matrix.admin_power",
        "matrix.timeline_limit",
        "matrix.token: unknown setting",
    ]:
        assert key in problems
