"""The web face at 100k facts: /facts/<id> and /topics/<name> next to a static file.

Serves the real web app (bot.web) on 127.0.0.1 over the generated database of
bench/facts_inprocess.py (built once, then reused), and beside it a bare aiohttp app
serving one static file of the same size as a fact page. One aiohttp client in the same
process asks for pages one after another over a kept-alive connection; the process is
pinned to one CPU, so client, server and database share one core. Reports p50/p99
latency and requests per second per workload, the ratio to the static file, as JSON in
bench/results/web.json and as a Markdown table.

    python bench/web.py            # the measurement
    python bench/web.py --profile  # also a pyinstrument profile of the fact pages
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import aiohttp
from aiohttp import web
from facts_inprocess import FIRST_ID, RESULTS, machine, percentile, pin_to_one_core, prepare

from bot.access.store import AccessStore
from bot.app_web import web_services
from bot.config import Settings, WebSettings
from bot.core.clock import SystemClock
from bot.facts.store import FactStore
from bot.storage.database import open_database
from bot.web.site import WebServer

GOAL_P99_MS = 5.0
GOAL_RATIO = 2.0


async def measure(session: aiohttp.ClientSession, urls: list[str]) -> dict[str, float]:
    """GET each URL in turn; per-request latency and the overall rate."""
    latencies: list[float] = []
    began = time.perf_counter()
    size = 0
    for url in urls:
        start = time.perf_counter_ns()
        async with session.get(url) as response:
            body = await response.read()
            assert response.status == 200, (url, response.status)
        latencies.append((time.perf_counter_ns() - start) / 1e6)
        size += len(body)
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(urls),
        "bytes_mean": round(size / len(urls)),
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "max_ms": round(latencies[-1], 3),
        "requests_per_s": round(len(urls) / elapsed, 1),
    }


async def static_server(folder: Path, size: int) -> tuple[web.AppRunner, int]:
    """A bare aiohttp app serving one file of ``size`` bytes as /page.html."""
    (folder / "page.html").write_bytes(b"x" * size)
    app = web.Application()
    app.router.add_static("/static/", folder)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, int(runner.addresses[0][1])


async def run(path: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Warm up, then measure each workload and the static file."""
    database = await open_database(path)
    clock = SystemClock()
    facts = FactStore(database)
    web_settings = WebSettings(port=0, searches_per_minute=0, cards_per_minute=0)
    settings = replace(Settings(), web=web_settings)
    server = WebServer(web_services(settings, facts, AccessStore(database, clock), clock))
    await server.start()
    rng = random.Random(13)
    base = f"http://127.0.0.1:{server.port}"
    count = args.requests
    workloads = {
        "/facts/<id>": [
            f"{base}/facts/{FIRST_ID + rng.randrange(args.facts)}" for _ in range(count)
        ],
        "/topics/<name>": [
            f"{base}/topics/topic{rng.randrange(args.topics):04d}" for _ in range(count)
        ],
    }
    results: dict[str, dict[str, float]] = {}
    connector = aiohttp.TCPConnector(limit=1)
    try:
        async with aiohttp.ClientSession(connector=connector) as session:
            for name, urls in workloads.items():
                await measure(session, urls[: count // 10])
                if args.profile and name == "/facts/<id>":
                    from pyinstrument import Profiler

                    with Profiler(async_mode="enabled") as profiler:
                        await measure(session, urls[count // 10 :])
                    (RESULTS / "profile-web-facts.txt").write_text(
                        profiler.output_text(unicode=True)
                    )
                results[name] = await measure(session, urls)
            size = int(results["/facts/<id>"]["bytes_mean"])
            folder = RESULTS / "web-static"
            folder.mkdir(exist_ok=True)
            runner, port = await static_server(folder, size)
            try:
                static = [f"http://127.0.0.1:{port}/static/page.html"] * count
                await measure(session, static[: count // 10])
                results["static file"] = await measure(session, static)
            finally:
                await runner.cleanup()
    finally:
        await server.stop()
        await database.close()
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    """The results as a Markdown table, each page beside the static file."""
    static = results["static file"]
    lines = [
        "| request | bytes | p50 ms | p99 ms | max ms | requests/s | p99 / static | goal met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in results.items():
        ratio = row["p99_ms"] / static["p99_ms"]
        met = row["p99_ms"] <= GOAL_P99_MS and ratio <= GOAL_RATIO
        lines.append(
            f"| `{name}` | {row['bytes_mean']} | {row['p50_ms']} | {row['p99_ms']} |"
            f" {row['max_ms']} | {row['requests_per_s']} | {ratio:.2f} |"
            f" {'yes' if met else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the options, prepare the database, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    path, _ = prepare(args)
    cpu = pin_to_one_core()
    results = asyncio.run(run(path, args))
    report = {"machine": machine(), "pinned_cpu": cpu, "results": results}
    (RESULTS / "web.json").write_text(json.dumps(report, indent=2))
    print(table(results))
    print(f"pinned to CPU {cpu}", file=sys.stderr)


if __name__ == "__main__":
    main()
