"""In-process benchmark: `!facts <topic>` and `!facts search <word>` over 100k generated facts.

Builds (once, then reuses) a database of generated facts with the bot's own storage
code, then sends commands one after another through the real router (App.answer)
and renders each reply as the Discord adapter does (content and embeds, cut to its limits).
Reports p50/p99 latency and commands per second on one core, as JSON in
bench/results/ and as a Markdown table on stdout.

    python bench/facts_inprocess.py            # the measurement
    python bench/facts_inprocess.py --profile  # also a pyinstrument profile per workload
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path

from bot.app import App
from bot.config import LimitSettings, Settings
from bot.core.model import Incoming, Person, Place, Reply
from bot.render.discord_embed import to_discord
from bot.render.text import to_markdown
from bot.storage.database import open_database
from bot.storage.factfile import FactEntry, FactFile, SourceEntry, TopicEntry
from bot.storage.seed import insert_fact_file, seed_if_new

RESULTS = Path(__file__).parent / "results"
GENERATOR_VERSION = 1
GOAL_P99_MS = 5.0
GOAL_RATE = 2000.0
PLACE = Place("bench", "room", "bench room")
PERSON = Person("bench:reader", "reader")
FIRST_ID = 10_000


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Pronounceable made-up words, most common first."""
    onsets, vowels, codas = "bcdfghklmnprstvwz", "aeiou", ["", "n", "r", "s", "l", "m", "t"]
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.randint(1, 4)
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        words.setdefault(word)
    return list(words)


def zipf_weights(size: int) -> list[float]:
    """Word frequencies falling off as 1/rank, as in natural text."""
    return [1 / rank for rank in range(1, size + 1)]


def generate(facts: int, topics: int, seed: int = 7) -> tuple[FactFile, list[str]]:
    """A fact file of ``facts`` quotes on ``topics`` topics, and its vocabulary."""
    rng = random.Random(seed)
    words = vocabulary(rng, 5000)
    weights = zipf_weights(len(words))
    sources = [
        SourceEntry(
            f"bench-{n}",
            f"Generated source {n}",
            author=f"Author {n}",
            publication="Bench Weekly",
            published=date(2000 + n % 25, 1 + n % 12, 1 + n % 28),
            url=f"https://example.org/bench/{n}" if n % 2 else "",
        )
        for n in range(50)
    ]
    topic_entries = [
        TopicEntry(f"topic{n:04d}", f"Generated topic {n}", aliases=(f"subject {n}",))
        for n in range(topics)
    ]
    entries = []
    for n in range(facts):
        on = [topic_entries[n % topics].name]
        if n % 5 == 0:
            on.append(topic_entries[rng.randrange(topics)].name)
        quote = " ".join(rng.choices(words, weights, k=rng.randint(12, 60))).capitalize() + "."
        entries.append(
            FactEntry(
                FIRST_ID + n,
                tuple(dict.fromkeys(on)),
                sources[n % len(sources)].id,
                quote,
                note=" ".join(rng.choices(words, weights, k=8)) if n % 7 == 0 else "",
                as_of=date(2008, 1, 1) if n % 11 == 0 else None,
            )
        )
    return FactFile(sources, topic_entries, entries), words


async def build_database(path: Path, facts: int, topics: int) -> list[str]:
    """Create the benchmark database at ``path`` (shipped facts plus generated ones)."""
    fact_file, words = generate(facts, topics)
    database = await open_database(path)
    try:
        await seed_if_new(database)
        async with database.transaction() as connection:
            await insert_fact_file(connection, fact_file, {}, author="bench")
        await database.connection.execute("PRAGMA optimize")
    finally:
        await database.close()
    return words


def percentile(sorted_values: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values fall (nearest rank)."""
    index = max(0, min(len(sorted_values) - 1, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


async def measure(app: App, texts: list[str]) -> dict[str, float]:
    """Send each text in turn; latency of answer plus rendering, and the overall rate."""
    latencies: list[float] = []
    cpu_times: list[float] = []
    replies: list[Reply] = []
    began, cpu_began = time.perf_counter(), time.process_time()
    for number, text in enumerate(texts):
        start, cpu_start = time.perf_counter_ns(), time.process_time_ns()
        reply = await app.answer(Incoming(text, PERSON, PLACE, id=str(number)))
        assert reply is not None, text
        to_discord(reply)
        latencies.append((time.perf_counter_ns() - start) / 1e6)
        cpu_times.append((time.process_time_ns() - cpu_start) / 1e6)
        replies.append(reply)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    broken = [r for r in replies if r.error and "went wrong" in to_markdown(r)]
    assert not broken, broken[:3]
    latencies.sort()
    cpu_times.sort()
    return {
        "commands": len(texts),
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "max_ms": round(latencies[-1], 3),
        "commands_per_s": round(len(texts) / elapsed, 1),
        "cpu_p50_ms": round(statistics.median(cpu_times), 3),
        "cpu_p99_ms": round(percentile(cpu_times, 0.99), 3),
        "commands_per_cpu_s": round(len(texts) / cpu, 1),
    }


def workloads(
    words: list[str], topics: int, count: int, seed: int = 11
) -> dict[str, Callable[[], list[str]]]:
    """Each workload: a function giving its command texts."""
    rng = random.Random(seed)
    return {
        "facts <topic>": lambda: [f"!facts topic{rng.randrange(topics):04d}" for _ in range(count)],
        "facts <topic> <page>": lambda: [
            f"!facts topic{rng.randrange(topics):04d} {rng.randint(2, 4)}" for _ in range(count)
        ],
        "facts search <word>": lambda: [f"!facts search {rng.choice(words)}" for _ in range(count)],
        "facts search <stopword>": lambda: [
            f"!facts search {rng.choice(words[:20])}" for _ in range(count)
        ],
        "facts search <two words>": lambda: [
            f"!facts search {' '.join(rng.sample(words[20:1000], 2))}" for _ in range(count)
        ],
    }


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    return {
        "cpu": model or platform.processor(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "aiosqlite": metadata.version("aiosqlite"),
    }


def pin_to_one_core() -> int | None:
    """Run this process (and the threads it starts later) on one CPU; that CPU, if pinned."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def prepare(args: argparse.Namespace) -> tuple[Path, list[str]]:
    """The benchmark database (built now if missing or --fresh) and its vocabulary."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"facts-{args.facts}-{args.topics}-v{GENERATOR_VERSION}.db"
    words_file = path.with_suffix(".words.json")
    if args.fresh or not path.exists() or not words_file.exists():
        for stale in RESULTS.glob(path.name + "*"):
            stale.unlink()
        began = time.perf_counter()
        words = asyncio.run(build_database(path, args.facts, args.topics))
        words_file.write_text(json.dumps(words))
        print(f"built {path.name} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return path, json.loads(words_file.read_text())


async def run_workloads(
    path: Path, words: list[str], args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    """Warm up, then measure every workload (and profile it with --profile)."""
    app = await App.open(Settings(limits=LimitSettings(person=0, room=0)), path)
    results: dict[str, dict[str, float]] = {}
    try:
        for name, texts in workloads(words, args.topics, args.commands).items():
            if args.only and args.only not in name:
                continue
            await measure(app, texts()[: args.commands // 10])
            if args.profile:
                from pyinstrument import Profiler

                with Profiler(async_mode="enabled") as profiler:
                    await measure(app, texts())
                slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
                profile = profiler.output_text(unicode=True)
                await asyncio.to_thread((RESULTS / f"profile-{slug}.txt").write_text, profile)
            results[name] = await measure(app, texts())
    finally:
        await app.close()
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| command | p50 ms | p99 ms | max ms | commands/s | CPU p50 ms | CPU p99 ms"
        " | commands/CPU-s | goal met (wall / CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in results.items():
        wall = row["p99_ms"] <= GOAL_P99_MS and row["commands_per_s"] >= GOAL_RATE
        cpu = row["cpu_p99_ms"] <= GOAL_P99_MS and row["commands_per_cpu_s"] >= GOAL_RATE
        lines.append(
            f"| `!{name}` | {row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |"
            f" {row['commands_per_s']:,.0f} | {row['cpu_p50_ms']} | {row['cpu_p99_ms']} |"
            f" {row['commands_per_cpu_s']:,.0f} | {'yes' if wall else 'no'} /"
            f" {'yes' if cpu else 'no'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--commands", type=int, default=5000, help="per workload")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--only", default="", help="run the workloads whose name has this")
    parser.add_argument("--profile", action="store_true", help="write pyinstrument profiles")
    arguments = parser.parse_args()
    cpu = pin_to_one_core()
    database_path, vocabulary_words = prepare(arguments)
    measured = asyncio.run(run_workloads(database_path, vocabulary_words, arguments))
    report = {
        "benchmark": "facts_inprocess",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "facts": arguments.facts,
        "topics": arguments.topics,
        "pinned_cpu": cpu,
        "load_average_after": os.getloadavg(),
        "machine": machine(),
        "goals": {"p99_ms": GOAL_P99_MS, "commands_per_s": GOAL_RATE},
        "results": measured,
    }
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    for name in (f"facts_inprocess-{stamp}.json", "facts_inprocess-latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")
    print(table(measured))
