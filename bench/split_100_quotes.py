"""Bench: rendering and splitting a 100-quote reply for Matrix and Discord.

Counts how many times a single block (a quote or a line) is rendered while the reply is
turned into Matrix event contents and into Discord messages, and times both. Every
count wraps the block renderers of bot.render for the duration of one call; the timings
run without the wrapping. Writes JSON to bench/results/ and a Markdown table to stdout.

    python bench/split_100_quotes.py
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bot.adapters.matrix.convert import reply_contents
from bot.core.model import Line, Reply, Style
from bot.core.quotes import Citation, Quote
from bot.render import discord_embed, matrix_html, text
from bot.render.discord_embed import to_discord

RESULTS = Path(__file__).parent / "results"
QUOTES = 100
ROUNDS = 30
# The functions that render one block, by module; each call is one block render.
BLOCK_RENDERERS = {
    "text": ["block_text"],
    "matrix_html": ["quote_html", "line_html"],
    "discord_embed": ["quote_embeds", "line_text"],
}
MODULES = {"text": text, "matrix_html": matrix_html, "discord_embed": discord_embed}


def hundred_quotes() -> Reply:
    """A reply like `!facts <topic> all` at its largest: a heading, 100 cited quotes, a hint."""
    quotes = []
    for number in range(1, QUOTES + 1):
        words = " ".join(f"word{(number * 7 + k) % 97}" for k in range(40 + number % 60))
        source = Citation(
            f"Author {number % 9}",
            f"Report number {number % 13}",
            "A Publication",
            date(2008 + number % 15, 1 + number % 12, 1 + number % 28),
            f"https://example.org/report/{number % 13}",
        )
        quotes.append(Quote(number, f"Quote {number}: {words}.", source))
    heading = Line("Bench topic (100 facts)", Style.HEADING)
    hint = Line("More: !facts bench 2", Style.HINT)
    return Reply((heading, *quotes, hint))


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count calls of every block renderer (under every name a module imported it by)."""
    counts: Counter[str] = Counter()
    saved: list[tuple[object, str, object]] = []
    for module_name, names in BLOCK_RENDERERS.items():
        for name in names:
            original = getattr(MODULES[module_name], name)
            wrapper = _counted(original, counts, f"{module_name}.{name}")
            for module in MODULES.values():
                if getattr(module, name, None) is original:
                    saved.append((module, name, original))
                    setattr(module, name, wrapper)
    try:
        yield counts
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


def _counted(function: Any, counts: Counter[str], label: str) -> Callable[..., Any]:
    """``function`` that adds one to ``counts[label]`` per call."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        counts[label] += 1
        return function(*args, **kwargs)

    return wrapper


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """The median wall and CPU time of ``work`` over ROUNDS runs, in milliseconds."""
    walls, cpus = [], []
    for _ in range(ROUNDS):
        start, cpu_start = time.perf_counter_ns(), time.process_time_ns()
        work()
        walls.append((time.perf_counter_ns() - start) / 1e6)
        cpus.append((time.process_time_ns() - cpu_start) / 1e6)
    return round(statistics.median(walls), 3), round(statistics.median(cpus), 3)


def main() -> int:
    """Measure both platforms and print the figures."""
    reply = hundred_quotes()
    results: dict[str, dict[str, Any]] = {}
    platforms: dict[str, Callable[[], list[Any]]] = {
        "matrix": lambda: reply_contents(reply, "$event"),
        "discord": lambda: to_discord(reply),
    }
    for platform, work in platforms.items():
        with counting() as counts:
            parts = work()
        wall, cpu = timed(work)
        results[platform] = {
            "parts": len(parts),
            "block_renders": sum(counts.values()),
            "by_renderer": dict(sorted(counts.items())),
            "median_ms": wall,
            "cpu_median_ms": cpu,
        }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "split_100_quotes.json").write_text(json.dumps(results, indent=2) + "\n")
    print("| platform | parts | block renders | median ms | CPU median ms |")
    print("|---|---:|---:|---:|---:|")
    for platform, result in results.items():
        row = [platform, result["parts"], result["block_renders"]]
        row += [result["median_ms"], result["cpu_median_ms"]]
        print("| {} | {} | {:,} | {} | {} |".format(*row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
