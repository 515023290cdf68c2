"""Measure how late reminders are posted by a real `campaign-bot run` on the real clock.

Schedules announcements a few seconds ahead, runs the bot as a subprocess with a file-sink
channel, and compares each post's time in the sink with when it was due. Writes JSON.

    python bench/reminder_lateness.py [--spread 300] [--burst 200] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.app import App
from bot.config import load_settings
from bot.events.drafts import Draft


async def schedule(config: Path, due_times: list[datetime]) -> dict[str, datetime]:
    """Add one announcement per due time; returns due time by text."""
    settings = load_settings(config)
    app = await App.open(settings, None, wake=False)
    expected = {}
    try:
        for number, due in enumerate(due_times):
            text = f"Bench reminder {number}"
            local = due.astimezone(settings.zone).replace(tzinfo=None)
            await app.events.add(Draft(text, local, reminders=(0,), kind="announcement"), "bench")
            expected[text] = local.replace(tzinfo=settings.zone)
    finally:
        await app.close()
    return expected


def run_scenario(name: str, offsets: list[float], lead: float) -> dict[str, object]:
    """Schedule reminders ``lead`` + offset seconds ahead, run the bot, measure lateness."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        sink = base / "sink.jsonl"
        config = base / "config.toml"
        config.write_text(
            f'[bot]\ndatabase = "{base / "bot.db"}"\nlog_level = "WARNING"\n'
            f'[channels.feed]\nfile = "{sink}"\n'
            "[events]\nmax_events_per_person_per_hour = 100000\n",
            "utf-8",
        )
        start = datetime.now().astimezone()
        due = [start + timedelta(seconds=lead + offset) for offset in offsets]
        expected = asyncio.run(schedule(config, due))
        bot = subprocess.Popen([sys.executable, "-m", "bot", "run", "--config", str(config)])
        deadline = time.monotonic() + lead + max(offsets) + 120
        posts: list[dict[str, str]] = []
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if sink.exists():
                posts = [json.loads(line) for line in sink.read_text("utf-8").splitlines()]
            if len(posts) >= len(expected):
                break
        bot.send_signal(signal.SIGINT)
        bot.wait(timeout=30)
    late = sorted(
        (datetime.fromisoformat(post["at"]) - expected[post["text"]]).total_seconds() * 1000
        for post in posts
    )
    return {
        "scenario": name,
        "reminders": len(expected),
        "posted": len(posts),
        "lateness_ms": {
            "min": round(late[0], 2),
            "median": round(statistics.median(late), 2),
            "p99": round(late[min(len(late) - 1, int(len(late) * 0.99))], 2),
            "max": round(late[-1], 2),
        },
    }


def main() -> None:
    """Run the scenarios and write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spread", type=int, default=300, help="reminders 100 ms apart")
    parser.add_argument("--burst", type=int, default=200, help="reminders due at one instant")
    parser.add_argument("--out", type=Path, default=Path("bench/results/reminder_lateness.json"))
    args = parser.parse_args()
    results = [
        run_scenario("spread: one every 100 ms", [n * 0.1 for n in range(args.spread)], 6.0),
        run_scenario("burst: all due at one instant", [0.0] * args.burst, 6.0),
    ]
    report = {
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "method": "sink write time minus due time; bot run as a subprocess with a file channel",
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
