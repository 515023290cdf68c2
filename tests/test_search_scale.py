"""Search and topic paging stay cheap on a large database, and still answer correctly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.facts.factfile import FactFile
from bot.facts.paging import topic_sizes
from bot.facts.records import Fact, Source, Topic
from bot.facts.search import RANK_AT_MOST
from bot.facts.seed import load_fact_file
from bot.facts.store import FactStore
from bot.storage.database import Database, open_database

MANY = RANK_AT_MOST + 100


@pytest.fixture
async def big(db_path: Path) -> AsyncIterator[FactStore]:
    """A database where 'common' is in more facts than are ranked, 'rare' in three."""
    facts = [
        Fact(n, ("crowd",), "s", f"common filler {'word ' * (n % 7)}{n}")
        for n in range(1, MANY + 1)
    ]
    facts += [
        Fact(MANY + 1, ("few",), "s", "rare rare rare"),
        Fact(MANY + 2, ("few",), "s", "rare and much longer text " * 5),
        Fact(MANY + 3, ("few",), "s", "rarely said, rare", deleted=True),
        Fact(MANY + 4, ("few",), "s", "rarefied air"),
    ]
    fact_file = FactFile([Source("s", "A source")], [Topic("crowd"), Topic("few")], facts)
    database: Database = await open_database(db_path)
    await load_fact_file(database, fact_file, {}, author="test")
    yield FactStore(database)
    await database.close()


async def test_a_broad_search_shows_the_newest_matches(big: FactStore) -> None:
    found = await big.search("common", limit=6)
    assert [fact.id for fact in found] == list(range(MANY, MANY - 6, -1))


async def test_a_narrow_search_ranks_and_skips_hidden_facts(big: FactStore) -> None:
    found = await big.search("rare", limit=6)
    ids = [fact.id for fact in found]
    assert ids[:2] == [MANY + 1, MANY + 2]
    assert MANY + 3 not in ids


async def test_whole_words_come_before_prefix_matches(big: FactStore) -> None:
    ids = [fact.id for fact in await big.search("rare", limit=3)]
    assert ids == [MANY + 1, MANY + 2, MANY + 4]
    assert [fact.id for fact in await big.search("rarefi", limit=3)] == [MANY + 4]


async def test_a_topic_page_plan_counts_only_visible_facts(big: FactStore) -> None:
    found = await big.db.read("sizes", lambda connection: topic_sizes(connection, "few"))
    assert found is not None
    topic, sizes = found
    assert topic.fact_count == 3
    assert [fact_id for fact_id, _ in sizes] == [MANY + 1, MANY + 2, MANY + 4]
    assert sizes[0][1] == len("rare rare rare")
    assert await big.db.read("sizes", lambda connection: topic_sizes(connection, "nothing")) is None
    crowd = await big.db.read("sizes", lambda connection: topic_sizes(connection, "crowd"))
    assert crowd is not None and len(crowd[1]) == MANY
