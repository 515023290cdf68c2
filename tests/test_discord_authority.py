"""Discord authority over the loopback Discord: roles by id or by a unique name, home servers only.

Each test is an attack from issue 11 that must now fail: nothing changes in the database.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

import pytest

from tests.admin_helpers import snapshot
from tests.discord_fake.fixtures import GUILD_ROLES, DiscordBot, Starter, discord_settings
from tests.discord_fake.server import FakeDiscord, Post

DELETE = "!fact delete 1"
REFUSED = "Only admins can edit facts."
NOT_HOME = "here, but this server is not one of the group's home servers"


async def ask_in(bot: DiscordBot, guild: dict[str, Any], text: str, roles: tuple[str, ...]) -> Post:
    """``mallory`` types ``text`` in ``guild``'s channel; the bot's answer."""
    return await bot.fake.answer_to(await bot.fake.say(guild, bot.user("mallory"), text, roles))


def shown(text: str) -> str:
    """What Discord shows: Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def first_line(post: Post) -> str:
    """The first line the bot wrote, as Discord shows it."""
    return shown(post.text).splitlines()[0]


def refusals(caplog: pytest.LogCaptureFixture, who: str) -> list[str]:
    """The router's logged refusals of ``who``."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.getMessage().startswith("refused") and who in r.getMessage()
    ]


async def test_a_role_named_like_the_admin_role_id_gives_nothing(
    start_bot: Starter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    admins = fake.role_id(fake.home, "Admins")
    fake.add_role(fake.home, admins)  # anyone with Manage Roles can name a role like this
    bot = await start_bot(discord_settings(fake, admins=(f"discord-role:{admins}",)))
    before = await snapshot(bot.app)
    caplog.set_level(logging.INFO)
    refused = await bot.ask(DELETE, (admins,), user="mallory")
    assert refused.body["content"] == REFUSED
    assert await snapshot(bot.app) == before
    mallory = f"discord:{bot.user('mallory')['id']}"
    (logged,) = refusals(caplog, mallory)
    assert f"in discord {bot.channel_id} is member" in logged and "needs admin" in logged
    assert first_line(await bot.ask("!whoami", (admins,), user="mallory")).startswith("member: ")
    admin = await bot.ask("!whoami", ("Admins",))
    assert first_line(admin) == "admin: the role Admins (in [roles] admins) in home server Campaign"
    assert first_line(await bot.ask(DELETE, ("Admins",))).startswith("Deleted #1:")


async def test_a_second_role_with_the_admin_role_name_makes_the_name_count_for_nobody(
    start_bot: Starter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    second = fake.add_role(fake.home, "Admins")
    caplog.set_level(logging.WARNING, logger="bot.adapters.discord.roles")
    bot = await start_bot()  # [roles] admins = ["discord-role:Admins"]
    warnings = [r.getMessage() for r in caplog.records]
    assert any("2 roles in server Campaign" in m and bot.guild["id"] in m for m in warnings)
    before = await snapshot(bot.app)
    for roles in (("Admins",), (f"id:{second}",)):
        assert (await bot.ask(DELETE, roles, user="mallory")).body["content"] == REFUSED
        whoami = first_line(await bot.ask("!whoami", roles, user="mallory"))
        assert whoami.startswith("member: the role Admins, but 2 roles in server Campaign")
    assert await snapshot(bot.app) == before
    organiser = first_line(await bot.ask("!whoami", ("Organisers",)))
    assert (
        organiser
        == "organiser: the role Organisers (in [roles] organisers) in home server Campaign"
    )


async def test_administrator_in_a_server_not_listed_gives_nothing(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    other = fake.add_guild("Elsewhere", GUILD_ROLES)
    settings = discord_settings(fake)
    assert settings.discord is not None
    served = replace(settings.discord, guilds=(fake.home["id"], other["id"]))
    bot = await start_bot(replace(settings, discord=served))
    before = await snapshot(bot.app)
    for roles in (("Server admins",), ("Admins",)):
        assert (await ask_in(bot, other, DELETE, roles)).body["content"] == REFUSED
    slash = await bot.fake.interact(
        other, bot.user("mallory"), "fact-delete", {"args": "1"}, roles=("Server admins",)
    )
    answered = await bot.fake.wait_for(lambda: bot.fake.callback(slash))
    assert answered["data"]["content"] == REFUSED
    assert await snapshot(bot.app) == before
    whoami = first_line(await ask_in(bot, other, "!whoami", ("Server admins", "Admins")))
    assert whoami == (
        f"member: the Administrator permission {NOT_HOME}; "
        f"the role Admins (in [roles] admins) {NOT_HOME}"
    )
    home = first_line(await bot.ask("!whoami", ("Server admins",)))
    assert home == "admin: the Administrator permission in home server Campaign"


async def test_without_home_guilds_discord_power_counts_nowhere(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    settings = discord_settings(fake)
    assert settings.discord is not None
    bot = await start_bot(replace(settings, discord=replace(settings.discord, home_guilds=())))
    assert "Only [roles] gives roles on Discord" in bot.app.settings.authority_note()
    before = await snapshot(bot.app)
    for roles in (("Admins",), ("Server admins",)):
        assert (await bot.ask(DELETE, roles, user="mallory")).body["content"] == REFUSED
    assert await snapshot(bot.app) == before


async def test_whoami_typed_and_as_a_slash_command(start_bot: Starter, fake: FakeDiscord) -> None:
    carol = fake.user("carol")
    settings = discord_settings(fake, admins=(f"discord:{carol['id']}", "discord-role:Admins"))
    bot = await start_bot(settings)
    bot.users["carol"] = carol
    typed = await bot.ask("!whoami", user="carol")
    assert shown(typed.text).splitlines() == [
        "admin: listed in [roles] admins",
        f"Your id (for the config's [roles]): discord:{carol['id']}",
    ]
    synced = {c["name"]: c for c in bot.fake.synced[bot.guild["id"]]}
    assert synced["whoami"]["options"] == [], "a slash command with nothing to fill in"
    slashed = await bot.slash("whoami", {}, ("Organisers",))
    assert shown(slashed["data"]["content"]).splitlines()[0] == (
        "organiser: the role Organisers (in [roles] organisers) in home server Campaign"
    )
    member = await bot.slash("whoami", {})
    assert member["data"]["content"].startswith("member: everyone is a member")


async def test_the_everyone_role_listed_in_roles_gives_nobody_anything(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    # @everyone's id is the server's id; a config that lists it is refused (check-config),
    # and the role that every member holds never counts even if it gets this far.
    guild = fake.home["id"]
    admins = (f"discord-role:{guild}", "discord-role:@everyone")
    bot = await start_bot(discord_settings(fake, admins=admins))
    before = await snapshot(bot.app)
    assert (await bot.ask(DELETE, user="mallory")).body["content"] == REFUSED
    slash = await bot.slash("fact-delete", {"args": "1"}, user="mallory")
    assert slash["data"]["content"] == REFUSED
    assert first_line(await bot.ask("!whoami", user="mallory")).startswith("member: everyone")
    assert await snapshot(bot.app) == before


async def test_a_role_name_no_role_of_a_home_server_bears_is_warned_about(
    start_bot: Starter, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.adapters.discord.roles")
    organisers = ("discord-role:Organisers", "discord-role:Stewards")
    await start_bot(discord_settings(fake, organisers=organisers))
    warnings = [r.getMessage() for r in caplog.records]
    (warned,) = [m for m in warnings if "Stewards" in m]
    assert f"no role in server Campaign ({fake.home['id']}) is named 'Stewards'" in warned
    assert "anyone who may manage roles there could make it" in warned
    assert not any("'Organisers'" in m for m in warnings)
