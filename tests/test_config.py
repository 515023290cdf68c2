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
