"""The real admin commands over Discord: Discord roles decide who may change facts."""

from __future__ import annotations

import re

from tests.admin_helpers import snapshot
from tests.discord_fake.fixtures import Starter
from tests.discord_fake.server import Post

REFUSED = "Only admins can edit facts."
QUOTE = "It arranges transport ‘to the home doorstep’"
# Fact #9 holds this quote already: --duplicate adds it again, as an admin may.
ADD = f"!fact add varrp “{QUOTE}” source:a-fake-friend --duplicate"
ADD_OPTIONS = {"topic": "varrp", "quote": QUOTE, "source": "a-fake-friend", "duplicate": True}


def shown(post: Post) -> str:
    """What Discord shows of a post: content and embeds, backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", post.text)


async def test_fact_add_is_refused_for_members_and_organisers(start_bot: Starter) -> None:
    bot = await start_bot()
    before = await snapshot(bot.app)
    assert (await bot.ask(ADD)).body["content"] == REFUSED
    assert (await bot.ask(ADD, ("Organisers",))).body["content"] == REFUSED
    assert await snapshot(bot.app) == before


async def test_fact_add_works_for_the_admin_role_and_the_fact_is_shown(start_bot: Starter) -> None:
    bot = await start_bot()
    added = await bot.ask(ADD, ("Admins",))
    assert shown(added).startswith("Added #23 to varrp.")
    fact = await bot.ask("!fact 23")
    assert f"“{QUOTE}”" in shown(fact)
    assert "Red Pepper" in shown(fact)


async def test_slash_fact_add_follows_the_administrator_permission(start_bot: Starter) -> None:
    bot = await start_bot()
    before = await snapshot(bot.app)
    refused = await bot.slash("fact-add", ADD_OPTIONS, ("Organisers",))
    assert refused["data"]["content"] == REFUSED
    assert await snapshot(bot.app) == before
    allowed = await bot.slash("fact-add", ADD_OPTIONS, ("Server admins",), user="bob")
    assert re.sub(r"\\(.)", r"\1", allowed["data"]["content"]).startswith("Added #23 to varrp.")
    history = await bot.ask("!fact history 23", ("Admins",))
    assert f"discord:{bot.user('bob')['id']}" in shown(history), "the change names who made it"
