"""10,000 pending reminders: start-up time to ready, RSS, and lateness of 1,000 due in 10 s.

Builds a database through the real EventService (9,000 reminders due over the next 30 days,
1,000 due over a 10-second window soon after, added by 1,000 organisers in turn), then starts
a fresh process that opens the bot, recovers, attaches a file-sink channel and starts the
waker, exactly as `run` does.
Lateness is the sink's write time minus the due time, on the real clock. Writes JSON.

    python bench/reminders_10k.py [--far 9000] [--near 1000] [--window 10] [--out FILE]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402


def rss_kib(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0])
    return fields


def write_config(base: Path) -> Path:
    """A config with one file-sink channel and an hourly event limit of 100,000."""
    config = base / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{base / "bot.db"}"\nlog_level = "WARNING"\n'
        f'[channels.feed]\nfile = "{base / "sink.jsonl"}"\n'
        '[events]\ngrace = "10m"\nmax_events_per_person_per_hour = 100000\n',
        "utf-8",
    )
    return config


def organiser(number: int) -> str:
    """One of 1,000 organisers in turn, so nobody's count of the last hour grows with the work."""
    return f"organiser-{number % 1000}"


async def build(config: Path, far: int, near: int, window: float, lead: float) -> dict[str, str]:
    """Add the reminders through EventService; returns each near reminder's due time by text."""
    from bot.app import App
    from bot.config import load_settings
    from bot.events.drafts import Draft

    settings = load_settings(config)
    app = await App.open(settings, None, wake=False)
    chance = random.Random(10_000)
    expected = {}
    try:
        now = app.events.clock.now()
        for number in range(far):
            due = now + timedelta(days=1 + chance.uniform(0, 29))
            local = due.astimezone(settings.zone).replace(tzinfo=None)
            draft = Draft(f"Later {number}", local, reminders=(0,), kind="announcement")
            await app.events.add(draft, organiser(number))
        now = app.events.clock.now()
        for number in range(near):
            due = now + timedelta(seconds=lead + chance.uniform(0, window))
            local = due.astimezone(settings.zone).replace(tzinfo=None)
            text = f"Soon {number}"
            draft = Draft(text, local, reminders=(0,), kind="announcement")
            await app.events.add(draft, organiser(number))
            expected[text] = local.replace(tzinfo=settings.zone).isoformat()
    finally:
        await app.close()
    return expected


async def serve(config: Path, near: int, wait: float) -> None:
    """The measured process: start like `campaign-bot run`, report readiness, wait for posts."""
    imported = time.perf_counter()
    from bot.app import App
    from bot.config import load_settings
    from bot.platforms import platform_adapters

    settings = load_settings(config)
    adapters = platform_adapters(settings)
    begun = time.perf_counter()
    app = await App.open(settings, None)
    opened = time.perf_counter()
    await app.engine.recover()
    for adapter in adapters:
        app.engine.attach(adapter)
    await app.waker.start()
    ready = time.perf_counter()
    report = {
        "imports_s": round(begun - imported, 3),
        "open_s": round(opened - begun, 3),
        "recover_and_waker_s": round(ready - opened, 3),
        "script_start_to_ready_s": round(ready - STARTED, 3),
        "rss_at_ready_kib": rss_kib(),
    }
    print(json.dumps({"ready": report}), flush=True)
    sink = Path(settings.channels["feed"][0].id)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        if await asyncio.to_thread(lines_in, sink) >= near:
            break
    await asyncio.sleep(0.5)
    print(json.dumps({"done": {"rss_after_deliveries_kib": rss_kib()}}), flush=True)
    await app.waker.stop()
    await app.close()


def lines_in(path: Path) -> int:
    """How many lines a file has (0 when it does not exist yet)."""
    if not path.exists():
        return 0
    with path.open("rb") as lines:
        return sum(1 for _ in lines)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``values``."""
    return values[min(len(values) - 1, int(len(values) * share))]


def main() -> None:
    """Build the database, run the measured process, write the JSON report and a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--far", type=int, default=9000)
    parser.add_argument("--near", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/reminders_10k.json"))
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.near, wait=args.window + 120))
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        config = write_config(base)
        built = time.perf_counter()
        lead = 8.0
        expected = asyncio.run(build(config, args.far, args.near, args.window, lead))
        build_s = time.perf_counter() - built
        launched = time.perf_counter()
        profile = os.environ.get("BENCH_PROFILE")  # a file for pyinstrument's text report
        wrapper = ["-m", "pyinstrument", "-r", "text", "-o", profile] if profile else []
        child = subprocess.Popen(
            [sys.executable, *wrapper, __file__, "--serve", str(config), "--near", str(args.near),
             "--window", str(args.window)],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert child.stdout is not None
        ready = json.loads(child.stdout.readline())["ready"]
        ready["launch_to_ready_s"] = round(time.perf_counter() - launched, 3)
        done = json.loads(child.stdout.readline())["done"]
        child.wait(timeout=60)
        sink = base / "sink.jsonl"
        posts = [json.loads(line) for line in sink.read_text("utf-8").splitlines()]
        db_bytes = (base / "bot.db").stat().st_size
    late = sorted(
        (datetime.fromisoformat(p["at"]) - datetime.fromisoformat(expected[p["text"]]))
        .total_seconds() * 1000
        for p in posts
    )  # fmt: skip
    report = {
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "method": (
            "database built through EventService; a fresh process opens App, recovers, attaches"
            " a file sink and starts the waker; lateness = sink write time - due time"
        ),
        "pending": args.far + args.near,
        "near": args.near,
        "window_s": args.window,
        "build_s": round(build_s, 1),
        "database_bytes": db_bytes,
        "startup": ready,
        "memory": done,
        "posted": len(posts),
        "distinct_posted": len({p["text"] for p in posts}),
        "lateness_ms": {
            "min": round(late[0], 2),
            "p50": round(statistics.median(late), 2),
            "p99": round(percentile(late, 0.99), 2),
            "max": round(late[-1], 2),
            "early": sum(1 for value in late if value < 0),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    lateness = report["lateness_ms"]
    rows = [
        ("pending reminders", f"{report['pending']}", ""),
        ("launch to ready", f"{ready['launch_to_ready_s']} s", "<= 2 s"),
        ("  of which open+recover+waker",
         f"{ready['open_s'] + ready['recover_and_waker_s']:.3f} s", ""),
        ("RSS at ready", f"{ready['rss_at_ready_kib']['VmRSS'] / 1024:.1f} MiB", ""),
        ("RSS after deliveries", f"{done['rss_after_deliveries_kib']['VmRSS'] / 1024:.1f} MiB", ""),
        ("posted / due in window", f"{report['distinct_posted']} / {args.near}", ""),
        ("early posts", f"{lateness['early']}", "0"),
        ("lateness p50", f"{lateness['p50']} ms", ""),
        ("lateness p99", f"{lateness['p99']} ms", "<= 50 ms"),
        ("lateness max", f"{lateness['max']} ms", "<= 1000 ms"),
    ]  # fmt: skip
    for name, value, goal in rows:
        print(f"{name:<32} {value:>14}  {goal}")


if __name__ == "__main__":
    main()
