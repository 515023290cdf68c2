"""Config parsing: typed settings, every problem listed with its key."""

from __future__ import annotations

import re
import tomllib
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
                    "allow_rooms": ["room:example.org"],
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


def test_channels_and_events() -> None:
    settings = parse_settings(
        {
            "channels": {
                "main": {"discord": "123", "matrix": "!room:example.org", "console": True},
                "feed": {"file": "feed.jsonl"},
            },
            "events": {
                "organisers_channel": "main",
                "grace": "20m",
                "default_reminders": ["2h", "1d"],
                "max_events_per_person_per_hour": 4,
            },
        },
        "t",
    )
    main = settings.channels["main"]
    assert [(p.platform, p.id, p.name) for p in main] == [
        ("discord", "123", "main"),
        ("matrix", "!room:example.org", "main"),
        ("console", "console", "main"),
    ]
    assert settings.channels["feed"][0].platform == "file"
    assert settings.events.grace_seconds == 1200
    assert settings.events.default_reminders == (86400, 7200)
    assert settings.events.max_events_per_person_per_hour == 4
    assert settings.organisers_channel() == "main"


def test_without_channels_the_console_is_the_channel_and_the_organisers_channel() -> None:
    settings = load_settings(None)
    assert list(settings.announcement_channels()) == ["console"]
    assert settings.organisers_channel() == "console"
    assert settings.events.grace_seconds == 900
    assert settings.events.default_reminders == (86400, 7200, 0)


def test_channel_and_event_problems_are_listed_with_their_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(
            {
                "channels": {"Main Room": {"slack": "x"}, "empty": {}, "bad": {"console": "yes"}},
                "events": {
                    "organisers_channel": "nowhere",
                    "grace": "soon",
                    "default_reminders": ["1q"],
                    "max_events_per_person_per_hour": 0,
                    "colour": "red",
                },
            },
            "t",
        )
    problems = "\n".join(caught.value.problems)
    for expected in [
        "[channels.Main Room]: use a lower-case name without spaces",
        "channels.Main Room.slack: unknown setting",
        "[channels.empty]: name at least one of discord, matrix, console, file",
        "channels.bad.console: must be true or false",
        "events.organisers_channel: no [channels.nowhere] section",
        "events.grace: 'soon' is not a time",
        "events.default_reminders: '1q' has an unknown unit",
        "events.max_events_per_person_per_hour: must be a whole number >= 1",
        "events.colour: unknown setting",
    ]:
        assert expected in problems


def test_the_example_matrix_section_is_valid_when_uncommented() -> None:
    example = (Path(__file__).parent.parent / "config.example.toml").read_text("utf-8")
    section = example[example.index("# [matrix]") :]
    setting = re.compile(r"^# (\[matrix\]$|[a-z_]+ = )")
    lines = [line[2:] for line in section.splitlines() if setting.match(line)]
    assert lines[0] == "[matrix]" and len(lines) > 8
    settings = parse_settings(tomllib.loads("\n".join(lines)), "example")
    assert settings.matrix is not None
    assert settings.matrix.user_id == "@campaign-bot:example.org"
    assert settings.matrix.allow_inviters == ("@alice:example.org",)
    assert settings.matrix.home_rooms == ("#campaign:example.org",)
