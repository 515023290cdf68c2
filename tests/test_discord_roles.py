"""Roles from Discord: configured server roles (by name or id), Administrator, and user ids."""

from __future__ import annotations

from bot.app import App
from bot.commands.registry import Command, Context
from bot.core.model import Reply, Role
from tests.discord_fake.fixtures import Starter, discord_settings
from tests.discord_fake.server import FakeDiscord

REFUSED = "Only organisers can use this command."


async def add_probe(app: App) -> None:
    """An organiser-only test command that says the role the bot saw."""

    async def probe(ctx: Context) -> Reply:
        return Reply.say(f"You are {ctx.person.role.label}.")

    command = Command("probe", "Say your role.", probe, role=Role.ORGANISER)
    app.router.registry.add(command)


async def test_typed_commands_check_discord_roles(start_bot: Starter) -> None:
    bot = await start_bot(prepare=add_probe)
    assert (await bot.ask("!probe")).body["content"] == REFUSED
    assert (await bot.ask("!probe", ("Organisers",))).body["content"] == "You are organiser."
    assert (await bot.ask("!probe", ("Admins",))).body["content"] == "You are admin."
    administrator = await bot.ask("!probe", ("Server admins",), user="bob")
    assert administrator.body["content"] == "You are admin."


async def test_slash_commands_check_the_same_roles(start_bot: Starter) -> None:
    bot = await start_bot(prepare=add_probe)
    synced = {c["name"]: c for c in bot.fake.synced[bot.guild["id"]]}
    assert synced["probe"]["options"] == [], "it declares nothing to fill in"
    assert (await bot.slash("probe", {}))["data"]["content"] == REFUSED
    organiser = await bot.slash("probe", {}, ("Organisers",))
    assert organiser["data"]["content"] == "You are organiser."
    administrator = await bot.slash("probe", {}, ("Server admins",))
    assert administrator["data"]["content"] == "You are admin."


async def test_roles_by_role_id_and_by_user_id(start_bot: Starter, fake: FakeDiscord) -> None:
    organisers = fake.role_id(fake.home, "Organisers")
    carol = fake.user("carol")
    settings = discord_settings(
        fake, admins=(f"discord:{carol['id']}",), organisers=(f"discord-role:{organisers}",)
    )
    bot = await start_bot(settings, prepare=add_probe)
    bot.users["carol"] = carol
    assert (await bot.ask("!probe", ("Organisers",))).body["content"] == "You are organiser."
    assert (await bot.ask("!probe", ("Admins",))).body["content"] == REFUSED, "not configured"
    assert (await bot.ask("!probe", user="carol")).body["content"] == "You are admin."
