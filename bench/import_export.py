"""Time `facts import`, `facts export` and `facts verify` on a generated file of N facts.

Run: .venv/bin/python bench/import_export.py [N]   (default 5000)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from bot.facts.fact_export import export_fact_file
from bot.facts.fact_import import import_fact_file
from bot.facts.factfile import FactFile
from bot.facts.factfile_writer import render_fact_file
from bot.facts.records import Fact, Source, Topic
from bot.facts.verification import verify_database
from bot.storage.database import open_database


def generated(folder: Path, count: int) -> Path:
    """A fact file of ``count`` real eight-word quotes from the shipped article."""
    article = resources.files("bot").joinpath("data/sources/a-fake-friend.txt").read_text("utf-8")
    words = article.split()
    facts = [
        Fact(i + 1, ("iom",), "article", " ".join(words[i % 800 : i % 800 + 8]))
        for i in range(count)
    ]
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "article.txt").write_text(article)
    fact_file = FactFile(
        [Source("article", "A fake friend", text_file="sources/article.txt")],
        [Topic("iom")],
        facts,
    )
    path = folder / "facts.toml"
    path.write_text(render_fact_file(fact_file))
    return path


async def main(count: int) -> None:
    """Print the time each step takes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = generated(folder / "in", count)
        database = await open_database(folder / "bench.db")
        start = time.perf_counter()
        result = await import_fact_file(database, path, "bench")
        imported = time.perf_counter() - start
        assert not result.problems, result.problems[:3]
        start = time.perf_counter()
        await export_fact_file(database, folder / "out" / "facts.toml")
        exported = time.perf_counter() - start
        start = time.perf_counter()
        report = await verify_database(database)
        verified = time.perf_counter() - start
        await database.close()
    print(f"{count} facts: import {imported:.2f}s, export {exported:.2f}s, verify {verified:.2f}s")
    assert not report.mismatches


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
