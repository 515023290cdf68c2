"""The shipped fact database: verbatim quotes, the claims it must cover, seeded once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from bot.app import App
from bot.config import Settings
from bot.core.text import for_matching
from bot.facts.seed import shipped_fact_file
from tests.sql import rows

ARTICLE = resources.files("bot").joinpath("data/sources/a-fake-friend.txt").read_text("utf-8")


def test_every_shipped_quote_is_verbatim_in_the_article() -> None:
    fact_file, _ = shipped_fact_file()
    article = for_matching(ARTICLE)
    missing = [fact.id for fact in fact_file.facts if for_matching(fact.quote) not in article]
    assert missing == []
    assert len(fact_file.facts) >= 15


def test_the_check_would_catch_a_changed_word() -> None:
    fact_file, _ = shipped_fact_file()
    quote = fact_file.facts[0].quote.replace("13 million", "15 million")
    assert for_matching(quote) not in for_matching(ARTICLE)


def test_the_article_claims_are_all_covered() -> None:
    fact_file, _ = shipped_fact_file()
    everything = " ".join(fact.quote for fact in fact_file.facts)
    for claim in [
        "Established in 1951",
        "125 member states",
        "more than 100 countries",
        "80 per cent state funded",
        "helped over 13 million migrants",
        "mission is to",
        "Voluntary Assisted Return and Reintegration Programme (VARRP)",
        "another for irregular migrants",
        "Denise McDowell",
        "refusal to refer her clients",
        "It has no credibility as an independent organisation",
        "says No Borders",
        "Faced with the alternative of destitution",
        "IOM’s own representative",
        "sign a waiver",
        "detention camps",
        "Nauru",
        "good cop to the Home Office’s bad cop",
    ]:
        assert claim in everything, claim


def test_figures_say_as_of_when() -> None:
    fact_file, _ = shipped_fact_file()
    dated = {fact.id: fact.as_of for fact in fact_file.facts}
    for fact in fact_file.facts:
        if "125 member states" in fact.quote or "80 per cent" in fact.quote:
            assert dated[fact.id] is not None and dated[fact.id].year == 2008


async def test_source_text_is_stored_in_full(app: App) -> None:
    found = await rows(
        app.database, "SELECT full_text, url FROM sources WHERE id = 'a-fake-friend'"
    )
    assert found and found[0]["full_text"] == ARTICLE
    assert found[0]["url"] == ""


async def test_seeding_happens_once(db_path: Path) -> None:
    for _ in range(3):
        app = await App.open(Settings(), db_path)
        (row,) = await rows(app.database, "SELECT COUNT(*) FROM facts")
        (aliases,) = await rows(app.database, "SELECT COUNT(*) FROM topic_keys")
        await app.close()
        counts = (row[0], aliases[0])
        if _ == 0:
            first = counts
        assert counts == first
    fact_file, _ = shipped_fact_file()
    assert first[0] == len(fact_file.facts)
