"""The [discord] settings, the adapter's wiring, and the command descriptions slash commands use."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.adapters.discord import slash
from bot.app import App
from bot.config import DISCORD_API, DISCORD_GATEWAY, Settings, parse_settings
from bot.core.errors import ConfigError
from bot.core.menus import CommandSpec, MenuOption, ValueType
from bot.core.model import Role
from bot.platforms import platform_adapters


def test_discord_defaults_point_at_discord() -> None:
    settings = parse_settings({"discord": {"guilds": ["123"]}}, "t")
    assert settings.discord is not None
    assert settings.discord.guilds == ("123",)
    assert (settings.discord.api_base_url, settings.discord.gateway_url) == (
        DISCORD_API,
        DISCORD_GATEWAY,
    )
    assert parse_settings({}, "t").discord is None


def test_every_discord_problem_is_listed() -> None:
    bad = {"guilds": ["abc"], "api_base_url": "ftp://x", "gateway_url": "http://x",
           "max_concurrent_sends": 0, "colour": "red"}  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        parse_settings({"discord": bad}, "t")
    text = " ".join(caught.value.problems)
    for key in ["discord.guilds", "api_base_url", "gateway_url", "max_concurrent_sends", "colour"]:
        assert key in text
    with pytest.raises(ConfigError, match=r"discord\.guilds"):
        parse_settings({"discord": {}}, "t")


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = parse_settings({"discord": {"guilds": ["123"]}}, "t")
    monkeypatch.delenv("CAMPAIGN_BOT_DISCORD_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="CAMPAIGN_BOT_DISCORD_TOKEN"):
        platform_adapters(settings)
    monkeypatch.setenv("CAMPAIGN_BOT_DISCORD_TOKEN", "secret-token")
    [adapter] = platform_adapters(settings)
    assert adapter.platform == "discord"


def specs(app: App) -> dict[str, CommandSpec]:
    """The menu description of every registered command, by name."""
    return {spec.name: spec for spec in app.catalog.specs()}


async def test_menu_options_come_from_the_declared_parameters(app: App) -> None:
    described = specs(app)
    assert described["facts"].options == (
        MenuOption("topic", "a topic, like varrp", ValueType.TEXT, False, "topic"),
        MenuOption("page", "which page, like 2", ValueType.WHOLE_NUMBER, False, "", 1, 999999999),
    )
    [words] = described["facts search"].options
    assert (words.name, words.type, words.required) == ("words", ValueType.TEXT, True)
    [fact_id] = described["fact"].options
    assert (fact_id.type, fact_id.required, fact_id.minimum) == (ValueType.WHOLE_NUMBER, True, 1)
    assert described["iom"].options == ()


async def test_role_commands_get_their_options_and_flags_typed(app: App) -> None:
    add = specs(app)["fact add"]
    assert add.role is Role.ADMIN
    shown = [(o.name, o.type, o.required) for o in add.options]
    assert shown == [
        ("topic", ValueType.TEXT, True),
        ("quote", ValueType.TEXT, True),
        ("source", ValueType.TEXT, True),
        ("as-of", ValueType.TEXT, False),
        ("note", ValueType.TEXT, False),
        ("unverified", ValueType.YES_NO, False),
        ("new-topic", ValueType.YES_NO, False),
        ("duplicate", ValueType.YES_NO, False),
    ]
    remind = specs(app)["event remind"]
    assert [(o.name, o.type) for o in remind.options] == [
        ("id", ValueType.WHOLE_NUMBER),
        ("reminders", ValueType.TEXT),
    ]


async def test_slash_payloads_put_required_options_first_with_discord_types(app: App) -> None:
    payload = slash.payload("event-edit", specs(app)["event edit"])
    options = payload["options"]
    localised = ("name_localizations", "description_localizations")
    first = {key: value for key, value in options[0].items() if key not in localised}
    assert first == {"type": 4, "name": "id", "description": "an event id, like 3",
                     "required": True, "min_value": 1, "max_value": 999999999}  # fmt: skip
    assert all(not option["required"] for option in options[1:])
    assert all(len(option["description"]) <= 100 for option in options)
    flags = slash.payload("fact-add", specs(app)["fact add"])["options"]
    assert {o["name"]: o["type"] for o in flags if o["type"] == 5} == {
        "unverified": 5, "new-topic": 5, "duplicate": 5,
    }  # fmt: skip
    assert next(o for o in flags if o["name"] == "topic")["autocomplete"] is True
    assert all(len(slash.payload(name, spec)["options"]) <= 25 for name, spec in
               slash.by_slash_name(app.catalog.specs()).items())  # fmt: skip


async def test_suggestions_come_from_the_fact_database(app: App) -> None:
    assert (await app.catalog.suggest("topic", "var"))[0] == "varrp"
    assert "voluntary return" in await app.catalog.suggest("topic", "VOLUNTARY")
    assert "varrp" in await app.catalog.suggest("topic", "")
    assert await app.catalog.suggest("command", "facts s") == ["facts search"]
    assert await app.catalog.suggest("page", "1") == []


def test_settings_without_discord_make_no_adapter() -> None:
    assert platform_adapters(Settings()) == []


def test_the_example_discord_section_is_valid() -> None:
    lines = Path("config.example.toml").read_text("utf-8").splitlines()
    start = lines.index("# [discord]")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("# ---"))
    section = [line.removeprefix("# ") for line in lines[start:end] if "=" in line or "[" in line]
    data = tomllib.loads("\n".join(line for line in section if not line.startswith("#")))
    settings = parse_settings(data, "config.example.toml")
    assert settings.discord is not None and settings.discord.guilds
    assert settings.discord.home_guilds == settings.discord.guilds
