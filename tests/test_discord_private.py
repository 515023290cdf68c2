"""Private answers on Discord: a typed !web login goes to a DM, /web-login is ephemeral.

Against the loopback fake: the link must appear only where its asker alone reads it, and
roles count where the command was typed (the group's server), never in a DM.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.adapters.discord import interactions
from bot.commands.private_texts import KEPT_BACK, SENT
from bot.commands.web import LOGIN_DENIED
from tests.discord_fake.direct import ephemeral
from tests.discord_fake.fixtures import GUILD_ROLES, DiscordBot, Starter, discord_settings
from tests.discord_fake.server import FakeDiscord, Post
from tests.test_discord_authority import ask_in
from tests.test_discord_commands import shown
from tests.webkit import LINK, redeem, web_client

ADMINS = ("Admins",)


def links_in_channel(bot: DiscordBot) -> list[Post]:
    """The bot's posts in the server's channel that carry a login link."""
    return [post for post in bot.fake.posts_in(bot.channel_id) if "/login/" in post.text]


async def dm_post(bot: DiscordBot, user: str, count: int = 1) -> Post:
    """The ``count``-th message the bot sent in ``user``'s DM channel."""
    channel = bot.fake.direct.channel(str(bot.user(user)["id"]))
    posts: list[Post] = await bot.fake.wait_for(
        lambda: len(bot.fake.posts_in(channel)) >= count and bot.fake.posts_in(channel)
    )
    return posts[count - 1]


async def ask_in_dm(bot: DiscordBot, text: str, user: str = "alice") -> Post:
    """Type ``text`` in ``user``'s DM with the bot; the bot's answer there."""
    return await bot.fake.answer_to(await bot.fake.say_direct(bot.user(user), text))


async def test_typed_web_login_in_the_server_arrives_in_a_dm(start_bot: Starter) -> None:
    bot = await start_bot()
    note = await bot.ask("!web login", ADMINS)
    assert note.text == SENT
    sent = await dm_post(bot, "alice")
    assert "Your login link for the web editor" in sent.text
    assert LINK.search(sent.text)
    assert "message_reference" not in sent.body  # the command is in another channel
    assert links_in_channel(bot) == []
    assert bot.fake.direct.opened == [str(bot.user("alice")["id"])]
    async with web_client(bot.app) as client:
        assert await redeem(client, sent.text) == 303
        assert await redeem(client, sent.text) == 403


async def test_a_private_answer_and_its_note_speak_the_channel_language(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    await bot.ask("!language fr", ADMINS)
    note = await bot.ask("!web login", ADMINS)
    assert shown(note.text) == (
        "Je vous ai envoyé la réponse en message privé, où personne d'autre que vous ne peut la"
        " lire."
    )
    sent = await dm_post(bot, "alice")
    assert "Votre lien de connexion à l'éditeur web" in shown(sent.text)
    assert LINK.search(sent.text)
    bot.fake.direct.closed.add(str(bot.user("alice")["id"]))
    kept = await bot.ask("!web login", ADMINS)
    assert shown(kept.text).startswith("Je n'ai pas pu vous envoyer de message privé")
    assert not any("/login/" in post.text for post in bot.fake.posts_in(bot.channel_id))


async def test_the_same_dm_is_used_again(start_bot: Starter) -> None:
    bot = await start_bot()
    await bot.ask("!web login", ADMINS)
    first = await dm_post(bot, "alice")
    await bot.ask("!web login", ADMINS)
    second = await dm_post(bot, "alice", 2)
    assert first.channel_id == second.channel_id
    assert LINK.search(first.text) and LINK.search(second.text)
    assert first.text != second.text, "each link is new"


async def test_slash_web_login_is_ephemeral(start_bot: Starter) -> None:
    bot = await start_bot()
    callback = await bot.slash("web-login", {}, ADMINS)
    assert callback["type"] == 4 and ephemeral(callback)
    assert LINK.search(callback["data"]["content"])
    assert bot.fake.posts == [], "nothing posted in any channel"
    assert bot.fake.direct.opened == []
    async with web_client(bot.app) as client:
        assert await redeem(client, callback["data"]["content"]) == 303
        assert await redeem(client, callback["data"]["content"]) == 403


async def test_a_slow_private_answer_defers_ephemerally(
    start_bot: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Discord waits three seconds for an answer; deferring at once stands for a slow one.
    monkeypatch.setattr(interactions, "DEFER_AFTER", 0.0)
    bot = await start_bot()
    interaction = await bot.fake.interact(
        bot.guild, bot.user("alice"), "web-login", {}, roles=ADMINS
    )

    def both() -> list[dict[str, Any]] | None:
        found = [c for c in bot.fake.callbacks if c["interaction"] == interaction]
        return found if len(found) >= 2 else None

    deferred, followup = await bot.fake.wait_for(both)
    assert deferred["type"] == 5 and ephemeral(deferred)
    assert followup.get("followup") and ephemeral(followup)
    assert LINK.search(followup["data"]["content"])
    assert bot.fake.posts == []


async def test_a_member_gets_the_refusal_in_the_channel_and_no_dm(start_bot: Starter) -> None:
    bot = await start_bot()
    for roles in ((), ("Organisers",)):
        refused = await bot.ask("!web login", roles, user="mallory")
        assert refused.text == LOGIN_DENIED
    callback = await bot.slash("web-login", {}, user="mallory")
    assert callback["data"]["content"] == LOGIN_DENIED
    assert bot.fake.direct.opened == []
    assert not any("/login/" in post.text for post in bot.fake.posts)


async def test_closed_dms_keep_the_link_back(start_bot: Starter) -> None:
    bot = await start_bot()
    bot.fake.direct.closed.add(str(bot.user("alice")["id"]))
    note = await bot.ask("!web login", ADMINS)
    assert note.text == KEPT_BACK
    assert not any("/login/" in post.text for post in bot.fake.posts)
    attempts = [a for a in bot.fake.attempts if a["channel_id"] != bot.channel_id]
    assert len(attempts) == 1 and "/login/" in attempts[0]["content"], "tried the DM only"


async def test_server_roles_count_where_typed_not_in_a_dm(start_bot: Starter) -> None:
    bot = await start_bot()
    assert (await ask_in_dm(bot, "!web login")).text == LOGIN_DENIED  # no roles in a DM
    await bot.ask("!web login", ADMINS)  # the same person, typed in the server
    assert LINK.search((await dm_post(bot, "alice", 2)).text)


async def test_an_admin_listed_by_id_gets_the_link_in_the_dm_itself(
    fake: FakeDiscord, start_bot: Starter
) -> None:
    alice = fake.user("alice")
    bot = await start_bot(discord_settings(fake, admins=(f"discord:{alice['id']}",)))
    bot.users["alice"] = alice
    answer = await ask_in_dm(bot, "!web login")
    assert LINK.search(answer.text)
    assert answer.channel_id == fake.direct.channel(str(alice["id"]))
    assert fake.posts_in(bot.channel_id) == [], "no note: it was asked in private"


async def test_power_in_a_server_that_is_not_home_gives_no_link(
    fake: FakeDiscord, start_bot: Starter
) -> None:
    other = fake.add_guild("Elsewhere", GUILD_ROLES)
    settings = discord_settings(fake)
    assert settings.discord is not None
    served = replace(settings.discord, guilds=(fake.home["id"], other["id"]))
    bot = await start_bot(replace(settings, discord=served))
    refused = await ask_in(bot, other, "!web login", ("Server admins", "Admins"))
    assert refused.text == LOGIN_DENIED
    slash = await fake.interact(other, bot.user("mallory"), "web-login", {}, roles=("Admins",))
    answered = await fake.wait_for(lambda: fake.callback(slash))
    assert answered["data"]["content"] == LOGIN_DENIED
    assert fake.direct.opened == []
    assert not any("/login/" in post.text for post in fake.posts)
