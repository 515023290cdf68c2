"""Growth curves: how the bot's cost grows with rooms x members, reminders, facts and events.

    python bench/growth.py rooms      [--runs 1] [--rounds 30]   # needs matrix_population.py
    python bench/growth.py reminders  [--runs 1] [--sizes 1000,10000,100000]
    python bench/growth.py facts      [--runs 1] [--sizes 1000,10000,100000]
    python bench/growth.py ics        [--runs 1] [--sizes 100,1000,10000]
    python bench/growth.py plot                                 # PNGs from the JSON

Each measurement appends its runs to bench/results/growth-<curve>.json (with the load
average before and after each run); `plot` draws one PNG per curve into bench/plots/: the
median of the runs, with the range as error bars. The slope printed beside each step is
log(cost ratio) / log(size ratio): 1 is linear, above 1 grows faster than the work.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import growth_work

RESULTS = Path(__file__).parent / "results"
PLOTS = Path(__file__).parent / "plots"
DEFAULT_SIZES = {
    "reminders": "1000,10000,100000",
    "facts": "1000,10000,100000",
    "ics": "100,1000,10000",
}


def load() -> tuple[float, ...]:
    """The 1, 5 and 15 minute load averages."""
    return tuple(round(x, 2) for x in os.getloadavg())


def record(curve: str, runs: list[dict[str, Any]]) -> Path:
    """Append ``runs`` to the curve's JSON file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"growth-{curve}.json"
    kept = json.loads(path.read_text()) if path.exists() else {"curve": curve, "runs": []}
    kept["runs"] += runs
    path.write_text(json.dumps(kept, indent=1) + "\n")
    return path


def measure(curve: str, args: argparse.Namespace) -> None:
    """Run one curve's measurement ``args.runs`` times and record each run."""
    runs = []
    for number in range(args.runs):
        before, began = load(), time.strftime("%Y-%m-%d %H:%M:%S")
        if curve == "rooms":
            from bench import growth_rooms

            modes = args.modes.split(",")
            points = asyncio.run(growth_rooms.measure_all(args.rounds, modes))
        else:
            sizes = [int(size) for size in (args.sizes or DEFAULT_SIZES[curve]).split(",")]
            one: Callable[[int], dict[str, Any]] = {
                "reminders": growth_work.reminders,
                "facts": lambda size: growth_work.facts(size, args.commands),
                "ics": lambda size: growth_work.ics(size, args.repeats),
            }[curve]
            points = []
            for size in sizes:
                points.append(one(size))
                print(json.dumps(points[-1]), file=sys.stderr, flush=True)
        runs.append(
            {
                "run": number + 1,
                "started": began,
                "load_before": before,
                "load_after": load(),
                "points": points,
            }
        )
    print(record(curve, runs))


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, and its distance to the lowest and highest value."""
    middle = statistics.median(values)
    return middle, middle - min(values), max(values) - middle


def series(
    runs: list[dict[str, Any]],
    key: Callable[[dict[str, Any]], Any],
    value: Callable[[dict[str, Any]], float],
) -> tuple[list[Any], list[tuple[float, float, float]]]:
    """Per x (``key`` of a point), the spread of ``value`` over the runs."""
    found: dict[Any, list[float]] = {}
    for run in runs:
        for point in run["points"]:
            found.setdefault(key(point), []).append(value(point))
    xs = sorted(found)
    return xs, [spread(found[x]) for x in xs]


def slopes(xs: list[float], ys: list[float]) -> list[float]:
    """log-log slope of each step (1: linear)."""
    return [
        round(math.log(ys[i + 1] / ys[i]) / math.log(xs[i + 1] / xs[i]), 2)
        for i in range(len(xs) - 1)
        if ys[i] > 0 and ys[i + 1] > 0 and xs[i] > 0 and xs[i + 1] != xs[i]
    ]


def draw(
    name: str,
    title: str,
    xlabel: str,
    ylabel: str,
    lines: list[tuple[str, list[Any], list[tuple[float, float, float]]]],
    log_y: bool = False,
) -> None:
    """One PNG: each line the medians with the runs' range; x on a log scale."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(6.4, 4.0), dpi=80)
    for label, xs, spreads in lines:
        middles = [s[0] for s in spreads]
        errors = [[s[1] for s in spreads], [s[2] for s in spreads]]
        axes.errorbar(xs, middles, yerr=errors, marker="o", capsize=3, label=label)
        print(f"{name}: {label}: {[round(m, 3) for m in middles]} slopes {slopes(xs, middles)}")
    axes.set_xscale("log")
    if log_y:
        axes.set_yscale("log")
    axes.set(title=title, xlabel=xlabel, ylabel=ylabel)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    PLOTS.mkdir(exist_ok=True)
    figure.savefig(PLOTS / f"{name}.png")
    pyplot.close(figure)


def runs_of(curve: str) -> list[dict[str, Any]]:
    """The recorded runs of a curve (none when it was never measured)."""
    path = RESULTS / f"growth-{curve}.json"
    return list(json.loads(path.read_text())["runs"]) if path.exists() else []


def plot() -> None:
    """One PNG per curve from the recorded runs."""
    MiB = 1024.0
    rooms = runs_of("rooms")
    for mode in ("lazy", "eager"):
        chosen = [
            {"points": [p for p in r["points"] if p["members_loaded"] == mode]} for r in rooms
        ]
        if not any(run["points"] for run in chosen):
            continue
        by = lambda p: p["memberships"]  # noqa: E731
        draw(
            f"growth-rooms-rss-{mode}",
            f"RSS against rooms x members (members loaded {mode}ly)",
            "memberships the bot shares (sum of members over its rooms)",
            "MiB",
            [
                (
                    "at first listening",
                    *series(chosen, by, lambda p: p["rss_listening_kib"]["VmRSS"] / MiB),
                ),
                (
                    "after 30 answers",
                    *series(chosen, by, lambda p: p["rss_after_answers_kib"]["VmRSS"] / MiB),
                ),
                (
                    "peak (VmHWM)",
                    *series(chosen, by, lambda p: p["rss_after_answers_kib"]["VmHWM"] / MiB),
                ),
            ],
        )
        if mode == "lazy":
            draw(
                "growth-rooms-latency",
                "!facts varrp round trip against rooms x members",
                "memberships the bot shares (sum of members over its rooms)",
                "ms",
                [
                    ("bot p50", *series(chosen, by, lambda p: p["bot"]["p50_ms"])),
                    ("bot p99", *series(chosen, by, lambda p: p["bot"]["p99_ms"])),
                    (
                        "bare nio echo p50",
                        *series(chosen, by, lambda p: p["bare_nio_echo"]["p50_ms"]),
                    ),
                    (
                        "bare nio echo p99",
                        *series(chosen, by, lambda p: p["bare_nio_echo"]["p99_ms"]),
                    ),
                ],
            )
    reminders = runs_of("reminders")
    if reminders:
        by = lambda p: p["pending"]  # noqa: E731
        draw(
            "growth-reminders",
            "Pending reminders: start-up and lateness",
            "pending reminders",
            "ms",
            [
                (
                    "launch to ready",
                    *series(reminders, by, lambda p: p["launch_to_ready_s"] * 1000),
                ),
                (
                    "open + recover + waker",
                    *series(reminders, by, lambda p: p["open_recover_waker_s"] * 1000),
                ),
                (
                    "lateness p99 (1,000 due in 10 s)",
                    *series(reminders, by, lambda p: p["lateness_ms"]["p99"]),
                ),
            ],
        )
    facts = runs_of("facts")
    if facts:
        kinds = list(facts[0]["points"][0]["results"])
        draw(
            "growth-facts",
            "Fact commands in-process (one core): p99 against facts",
            "facts (a hundred per topic)",
            "ms",
            [
                (
                    f"!{kind}",
                    *series(
                        facts, lambda p: p["facts"], lambda p, k=kind: p["results"][k]["p99_ms"]
                    ),
                )
                for kind in kinds
            ],
        )
    ics = runs_of("ics")
    if ics:
        draw(
            "growth-ics",
            "!events ics: time to answer against events",
            "events",
            "ms",
            [
                ("wall p50", *series(ics, lambda p: p["events"], lambda p: p["p50_s"] * 1000)),
                ("CPU p50", *series(ics, lambda p: p["events"], lambda p: p["cpu_p50_s"] * 1000)),
            ],
            log_y=True,
        )


def main() -> None:
    """Parse arguments; measure a curve or plot them all."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("curve", choices=["rooms", "reminders", "facts", "ics", "plot"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sizes", default="", help="comma-separated sizes (not for rooms)")
    parser.add_argument("--rounds", type=int, default=30, help="rooms: questions per launch")
    parser.add_argument("--modes", default="lazy,eager", help="rooms: lazy, eager or both")
    parser.add_argument("--commands", type=int, default=2000, help="facts: per command kind")
    parser.add_argument("--repeats", type=int, default=5, help="ics: answers per size")
    args = parser.parse_args()
    if args.curve == "plot":
        plot()
    else:
        measure(args.curve, args)


if __name__ == "__main__":
    main()
