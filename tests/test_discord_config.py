"""The [discord] settings, the adapter's wiring, and the command descriptions slash commands use."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.app import App, platform_adapters
from bot.commands.catalog import describe
from bot.commands.registry import Command, Context
from bot.config import DISCORD_API, DISCORD_GATEWAY, Settings, parse_settings
from bot.core.catalog import CommandSpec, Param
from bot.core.errors import ConfigError
from bot.core.model import Reply, Role


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


async def nothing(ctx: Context) -> Reply:
    return Reply.say("")


def test_member_commands_get_typed_arguments() -> None:
    spec = describe(Command("facts", "Topics.", "facts [topic] [page]", nothing))
    assert spec.params == (Param("topic", "topic", False, True), Param("page", "page"))
    assert not spec.generic
    assert (
        spec.text("!", {"topic": "voluntary return", "page": "2"}) == '!facts "voluntary return" 2'
    )
    assert spec.text("!", {"topic": "voluntary return"}) == "!facts voluntary return"
    search = describe(Command("facts search", "Search.", "facts search <words>", nothing))
    assert search.params == (Param("words", "words", True),)
    assert search.text("!", {"words": "waiver form"}) == "!facts search waiver form"


def test_role_commands_and_options_get_the_generic_form() -> None:
    add = Command("fact add", "Add.", 'fact add <topic> "<quote>" source:<id>', nothing,
                  role=Role.ADMIN, options=frozenset({"source"}))  # fmt: skip
    spec = describe(add)
    assert spec.generic and spec.role is Role.ADMIN
    assert [(p.name, p.required) for p in spec.params] == [("args", True)]
    typed = 'varrp "A quote" source:a-fake-friend'
    assert spec.text("!", {"args": typed}) == f"!fact add {typed}"
    assert CommandSpec("iom", "", "iom").text("!", {}) == "!iom"


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
