"""In-process benchmark: one `!fact add` at 100k facts, with its check for repeated quotes.

Reuses (or builds) the database of bench/facts_inprocess.py, works on a copy of it made
as schema 7 left it (so opening it times migration 8, which fills every fact's quote head),
and sends admin commands one after another through the real router (App.answer):
- `!fact add` of a new generated quote (added: the repeat check, the insert, the revision),
  and the same with --duplicate (no repeat check), to see what the check adds;
- `!fact add` of words cut from the middle of a stored quote (refused as a repeat);
- `!fact add` of a stored quote with a new sentence around it (refused as a repeat);
and times the repeat check alone (`repeated_by`) for new quotes. Reports p50/p99 as JSON
in bench/results/ and as a Markdown table on stdout.

    python bench/fact_add.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from pathlib import Path

# A sibling script (bench/ is on sys.path when this one runs), not a package.
from facts_inprocess import (
    FIRST_ID,
    RESULTS,
    machine,
    percentile,
    pin_to_one_core,
    prepare,
    zipf_weights,
)

from bot.app import App
from bot.config import LimitSettings, Settings
from bot.core.model import Incoming, Person, Place, Role
from bot.facts.duplicates import repeated_by
from bot.render.text import to_plain

ADMIN = Person.given("bench:admin", "admin", Role.ADMIN, "the bench")
PLACE = Place("bench", "room", "bench room")


def copy_before_quote_heads(source: Path, target: Path) -> None:
    """A copy of ``source`` as it was before migration 8, so opening it runs that migration."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)
        copy.executescript(
            "DROP INDEX IF EXISTS facts_quote_head; DROP INDEX IF EXISTS facts_short_quote;"
            " ALTER TABLE facts DROP COLUMN quote_head;"
            " DELETE FROM schema_migrations WHERE version >= 8;"
        )


def stored_quotes(path: Path, count: int, rng: random.Random) -> list[str]:
    """``count`` generated quotes from the database, picked at random."""
    with closing(sqlite3.connect(path)) as connection:
        top = connection.execute("SELECT max(id) FROM facts").fetchone()[0]
        quotes = []
        while len(quotes) < count:
            fact_id = rng.randint(FIRST_ID, top)
            row = connection.execute("SELECT quote FROM facts WHERE id = ?", (fact_id,)).fetchone()
            if row:
                quotes.append(str(row[0]))
    return quotes


def summary(latencies: list[float]) -> dict[str, float]:
    """p50, p99 and max of latencies in ms."""
    ordered = sorted(latencies)
    return {
        "commands": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(percentile(ordered, 0.99), 3),
        "max_ms": round(ordered[-1], 3),
    }


async def timed(app: App, texts: list[str], expect: str) -> dict[str, float]:
    """Send each text; every reply must start with ``expect``."""
    latencies = []
    for number, text in enumerate(texts):
        start = time.perf_counter_ns()
        reply = await app.answer(Incoming(text, ADMIN, PLACE, id=f"add-{number}"))
        latencies.append((time.perf_counter_ns() - start) / 1e6)
        assert reply is not None and to_plain(reply).startswith(expect), (text, reply)
    return summary(latencies)


async def check_only(app: App, quotes: list[str]) -> dict[str, float]:
    """The repeat check alone, inside a write transaction as `!fact add` runs it."""

    def check(connection: sqlite3.Connection) -> list[float]:
        latencies = []
        for quote in quotes:
            start = time.perf_counter_ns()
            assert repeated_by(connection, quote) == [], quote
            latencies.append((time.perf_counter_ns() - start) / 1e6)
        return latencies

    return summary(await app.database.write("time the repeat check", check))


async def run(path: Path, words: list[str], count: int) -> dict[str, object]:
    """Open the copy (timing the migration that fills quote heads, if it runs) and measure."""
    rng = random.Random(5)
    began = time.perf_counter()
    app = await App.open(Settings(limits=LimitSettings(person=0, room=0)), path)
    opened = time.perf_counter() - began
    try:
        weights = zipf_weights(len(words))

        def new_quote() -> str:
            # Drawn as the stored quotes were: the commonest words in nearly every quote.
            return " ".join(rng.choices(words, weights, k=rng.randint(12, 40))).capitalize() + "."

        fresh = [new_quote() for _ in range(count)]
        unchecked = [new_quote() for _ in range(count // 2)]
        inside, around = [], []
        for quote in stored_quotes(path, count, rng):
            cut = quote.split()
            inside.append(" ".join(cut[2 : max(4, len(cut) - 2)]))
            around.append(f"{new_quote()} {quote} {new_quote()}")

        def add(quote: str) -> str:
            return f'!fact add topic0001 "{quote}" source:bench-1'

        results: dict[str, object] = {"open_s (incl. migration 8)": round(opened, 2)}
        await timed(app, [add(q) for q in [new_quote() for _ in range(count // 10)]], "Added")
        results["repeat check alone, new quote"] = await check_only(app, fresh[: count // 2])
        results["!fact add, new quote (added)"] = await timed(
            app, [add(q) for q in fresh[count // 2 :]], "Added"
        )
        results["!fact add --duplicate, new quote (no check)"] = await timed(
            app, [add(q) + " --duplicate" for q in unchecked], "Added"
        )
        results["!fact add, words inside a fact (refused)"] = await timed(
            app, [add(q) for q in inside], "That quote repeats"
        )
        results["!fact add, a fact inside the quote (refused)"] = await timed(
            app, [add(q) for q in around], "That quote repeats"
        )
        return results
    finally:
        await app.close()


def table(results: dict[str, object]) -> str:
    """The timings as a Markdown table."""
    lines = ["| workload | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|"]
    for name, row in results.items():
        if isinstance(row, dict):
            lines.append(f"| {name} | {row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--count", type=int, default=400, help="commands per workload")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    arguments = parser.parse_args()
    arguments.only, arguments.profile, arguments.commands = "", False, 0
    cpu = pin_to_one_core()
    database_path, vocabulary_words = prepare(arguments)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "copy.db"
        copy_before_quote_heads(database_path, work)
        measured = asyncio.run(run(work, vocabulary_words, arguments.count))
    report = {
        "benchmark": "fact_add",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "facts": arguments.facts,
        "pinned_cpu": cpu,
        "machine": machine(),
        "results": measured,
    }
    (RESULTS / "fact_add-latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"opened, migration 8 included: {measured['open_s (incl. migration 8)']} s")
    print(table(measured))
