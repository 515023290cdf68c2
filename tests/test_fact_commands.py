"""!iom, !facts, !facts search and !fact <id> through the whole bot."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from bot.adapters.recording import RecordingAdapter, person
from tests.conftest import Asker

CITATION = "Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"
SHIPPED = tomllib.loads(resources.files("bot").joinpath("data/facts.toml").read_text("utf-8"))
VARRP_QUOTE = next(f["quote"] for f in SHIPPED["facts"] if "(VARRP)" in f["quote"])


async def test_iom_is_a_short_card_cited_once_at_the_foot(ask: Asker) -> None:
    text = await ask("!iom")
    quotes = re.findall(r"^#\d+ “", text, re.MULTILINE)
    assert 3 <= len(quotes) <= 5
    assert text.count(CITATION) == 1
    assert text.rstrip().endswith(CITATION)
    assert "helped over 13 million migrants" in text
    assert "Established in 1951" in text


async def test_facts_varrp_shows_the_varrp_quote_with_its_citation(ask: Asker) -> None:
    text = await ask("!facts varrp")
    assert f"“{VARRP_QUOTE}”" in text
    first_quote, citation_line = text.split("\n\n")[1].splitlines()[:2]
    assert "VARRP" in first_quote
    assert citation_line.strip() == f"— {CITATION}"


async def test_each_quote_in_a_topic_carries_its_own_citation(ask: Asker) -> None:
    text = await ask("!facts waiver")
    assert len(re.findall(r"^#\d+ “", text, re.MULTILINE)) == text.count(CITATION) == 2


@pytest.mark.parametrize(
    ("alias", "topic"),
    [(alias, topic["name"]) for topic in SHIPPED["topics"] for alias in topic["aliases"]]
    + [(topic["name"].upper(), topic["name"]) for topic in SHIPPED["topics"]],
)
async def test_every_alias_answers_with_its_topic(ask: Asker, alias: str, topic: str) -> None:
    text = await ask(f"!facts {alias}")
    assert text.splitlines()[0].find(f"({topic})") > 0, text.splitlines()[0]


async def test_required_aliases_exist(ask: Asker) -> None:
    for alias in ["voluntary return", "voluntary-return", "VARRP"]:
        assert "(varrp)" in (await ask(f"!facts {alias}")).splitlines()[0]
    assert "(iom)" in (await ask("!facts international organisation for migration"))
    for alias, topic in [("nauru", "detention"), ("no borders", "no-borders"), ("iau", "iau")]:
        assert f"({topic})" in (await ask(f"!facts {alias}")).splitlines()[0]


async def test_topic_list_has_counts(ask: Asker) -> None:
    text = await ask("!facts")
    counts = dict(re.findall(r"^([a-z-]+) \((\d+)\):", text, re.MULTILINE))
    expected = {t["name"]: 0 for t in SHIPPED["topics"]}
    for fact in SHIPPED["facts"]:
        for name in fact["topics"]:
            expected[name] += 1
    assert {name: int(count) for name, count in counts.items()} == expected


async def test_long_topics_are_paged_and_never_cut_mid_quote(ask: Asker) -> None:
    first = await ask("!facts varrp")
    assert "page 1 of 2" in first and "Next: !facts varrp 2" in first
    second = await ask("!facts varrp 2")
    assert "page 2 of 2" in second and "Next:" not in second
    shown = re.findall(r"^#(\d+) “(.*)”", first + "\n" + second, re.MULTILINE)
    varrp_ids = {f["id"] for f in SHIPPED["facts"] if "varrp" in f["topics"]}
    assert {int(i) for i, _ in shown} == varrp_ids
    quotes = {f["id"]: f["quote"] for f in SHIPPED["facts"]}
    for fact_id, quote in shown:
        assert quote == quotes[int(fact_id)]


async def test_a_page_that_does_not_exist(ask: Asker) -> None:
    assert await ask("!facts varrp 9") == "There is no page 9: varrp has 2 pages."


async def test_unknown_topic_suggests_the_nearest(ask: Asker) -> None:
    assert await ask("!facts varp") == "No facts on 'varp'. Did you mean: varrp?"
    assert (await ask("!facts zzzqqq")).startswith("No facts on 'zzzqqq'. See !facts")


async def test_search_finds_the_waiver_first(ask: Asker) -> None:
    text = await ask("!facts search waiver")
    first = re.search(r"^#(\d+) “(.*)”", text, re.MULTILINE)
    assert first and "sign a waiver" in first.group(2)
    assert CITATION in text


async def test_search_ranks_and_matches_prefixes(ask: Asker) -> None:
    text = await ask("!facts search destitution Iraqis")
    ids = [int(i) for i in re.findall(r"^#(\d+)", text, re.MULTILINE)]
    assert ids and ids[0] in {15, 16}
    assert (await ask("!facts search quantum chromodynamics")).startswith("Nothing found")


async def test_search_input_is_never_fts_syntax(ask: Asker) -> None:
    for nasty in ['"', "NEAR(", "a OR", "*", "') DROP TABLE facts; --", "col:umn"]:
        reply = await ask(f"!facts search {nasty}")
        assert "went wrong" not in reply
    assert "#8" in await ask("!facts varrp")


async def test_one_fact_in_full(ask: Asker) -> None:
    text = await ask("!fact 8")
    assert text.startswith(f"#8 “{VARRP_QUOTE}” (as of 11 December 2008)\n")
    assert f"— {CITATION}" in text
    assert "As of" not in text
    assert "Topics: varrp" in text
    assert await ask("!fact #8") == text


async def test_fact_ids_that_do_not_exist(ask: Asker) -> None:
    assert (await ask("!fact 999")).startswith("There is no fact #999.")
    assert (await ask("!fact abc")).startswith("'abc' is not a fact id")
    assert "Usage: !fact <id>" in await ask("!fact abc")


async def test_replies_answer_the_message_and_place(chat: RecordingAdapter) -> None:
    sent = await chat.push("!facts varrp", author=person())
    assert sent[0].reply_to is not None and sent[0].reply_to.text == "!facts varrp"
    assert sent[0].place == sent[0].reply_to.place


async def test_plain_chat_is_ignored(chat: RecordingAdapter) -> None:
    assert await chat.push("just talking about the iom") == []
