"""Typed and slash commands through the unmodified discord.py client and a loopback Discord."""

from __future__ import annotations

import re
from typing import Any

from bot.app import App
from bot.facts.factfile import parse_fact_file
from bot.facts.seed import load_fact_file
from tests.discord_fake.fixtures import Starter

CITATION = "— Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"
CHANNEL_MESSAGE = 4
AUTOCOMPLETE_RESULT = 8


def shown(markdown: str) -> str:
    """What Discord shows for Markdown: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def assert_nothing_allowed(body: dict[str, Any]) -> None:
    """The message may ping nobody: no parse types, no users, no roles, no replied user."""
    allowed = body["allowed_mentions"]
    assert allowed["parse"] == []
    assert not allowed.get("users") and not allowed.get("roles")
    assert not allowed.get("replied_user")


async def test_iom_answers_with_quote_embeds_cited_once(start_bot: Starter) -> None:
    bot = await start_bot()
    post = await bot.ask("!iom")
    assert_nothing_allowed(post.body)
    assert "International Organisation for Migration" in post.body["content"]
    embeds = post.embeds
    assert len(embeds) == 5
    assert embeds[0]["title"].startswith("#1")
    assert "helped over 13 million migrants" in embeds[0]["description"]
    assert embeds[-1]["footer"]["text"] == CITATION
    assert all("footer" not in embed for embed in embeds[:-1])


async def test_facts_topic_cites_every_quote(start_bot: Starter) -> None:
    bot = await start_bot()
    post = await bot.ask("!facts varrp")
    assert_nothing_allowed(post.body)
    assert "VARRP" in post.body["content"] and "Next: !facts varrp 2" in post.body["content"]
    assert [embed["title"].split()[0] for embed in post.embeds] == ["#8", "#9", "#12", "#13"]
    assert "Voluntary Assisted Return and Reintegration Programme" in post.embeds[0]["description"]
    assert all(embed["footer"]["text"] == CITATION for embed in post.embeds)


async def test_facts_search_and_help(start_bot: Starter) -> None:
    bot = await start_bot()
    found = await bot.ask("!facts search waiver")
    assert_nothing_allowed(found.body)
    assert found.embeds and all("waiver" in e["description"].lower() for e in found.embeds)
    assert all(e["footer"]["text"] == CITATION for e in found.embeds)
    help_post = await bot.ask("!help")
    assert_nothing_allowed(help_post.body)
    assert "!facts search <words> — Search every quote" in shown(help_post.body["content"])
    assert not help_post.embeds


async def test_slash_facts_answers_through_the_interaction(start_bot: Starter) -> None:
    bot = await start_bot()
    callback = await bot.slash("facts", {"topic": "varrp"})
    assert callback["type"] == CHANNEL_MESSAGE
    data = callback["data"]
    assert_nothing_allowed(data)
    assert [embed["title"].split()[0] for embed in data["embeds"]] == ["#8", "#9", "#12", "#13"]
    assert data["embeds"][0]["footer"]["text"] == CITATION
    assert bot.fake.posts == [], "a slash command is answered by its callback, not a new post"


async def test_slash_commands_are_synced_from_the_registry(start_bot: Starter) -> None:
    bot = await start_bot()
    commands = {c["name"]: c for c in bot.fake.synced[bot.guild["id"]]}
    assert {"iom", "facts", "facts-search", "fact", "help"} <= set(commands)
    topic = next(o for o in commands["facts"]["options"] if o["name"] == "topic")
    assert topic["autocomplete"] is True and topic["required"] is False
    words = commands["facts-search"]["options"][0]
    assert (words["name"], words["required"]) == ("words", True)


async def test_slash_facts_search_and_fact(start_bot: Starter) -> None:
    bot = await start_bot()
    found = await bot.slash("facts-search", {"words": "waiver"})
    assert all("waiver" in e["description"].lower() for e in found["data"]["embeds"])
    one = await bot.slash("fact", {"id": "8"})
    [embed] = one["data"]["embeds"]
    assert embed["title"] == "#8 (as of 11 December 2008)"
    assert [field["name"] for field in embed["fields"]] == ["Topics"]


async def test_topic_autocomplete(start_bot: Starter) -> None:
    bot = await start_bot()
    interaction = await bot.fake.interact(
        bot.guild, bot.user(), "facts", {"topic": "var"}, focused="topic"
    )
    callback = await bot.fake.wait_for(lambda: bot.fake.callback(interaction))
    assert callback["type"] == AUTOCOMPLETE_RESULT
    names = [choice["value"] for choice in callback["data"]["choices"]]
    assert names[0] == "varrp"
    alias = await bot.fake.interact(
        bot.guild, bot.user(), "facts", {"topic": "voluntary"}, focused="topic"
    )
    answer = await bot.fake.wait_for(lambda: bot.fake.callback(alias))
    assert "voluntary return" in [choice["value"] for choice in answer["data"]["choices"]]


async def test_mass_mentions_in_a_quote_never_ping(start_bot: Starter) -> None:
    async def add_pinging_fact(app: App) -> None:
        facts = parse_fact_file(PINGING_FACTS)
        assert not facts.problems
        await load_fact_file(app.database, facts, {}, "test")

    bot = await start_bot(prepare=add_pinging_fact)
    for post in [await bot.ask("!facts pings"), await bot.ask("!facts search everyone")]:
        assert_nothing_allowed(post.body)
        [embed] = post.embeds
        text = embed["description"]
        assert "@everyone" not in text and "@here" not in text and "<@&" not in text
        assert "@\u200beveryone" in text and "@\u200bhere" in text
        assert embed["url"] == "https://example.org/article"
    typed = await bot.ask("!facts @everyone")
    assert_nothing_allowed(typed.body)
    assert "@everyone" not in typed.body["content"]


PINGING_FACTS = """
[[sources]]
id = "test-source"
title = "A test article"
author = "A Writer"
publication = "Test News"
published = 2020-01-02
url = "https://example.org/article"

[[topics]]
name = "pings"
title = "Quotes that would ping"

[[facts]]
id = 900
topics = ["pings"]
source = "test-source"
quote = "Tell @everyone and @here, and <@&123456789012345678> too: everyone is welcome."
"""
