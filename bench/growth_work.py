"""How the bot's cost grows with its data: pending reminders, facts, and events in `!events ics`.

- Reminders: `bench/reminders_10k.py` with N-1,000 reminders due over 30 days and 1,000 due
  in a 10-second window; start-up (launch to ready) and lateness p99 of those 1,000.
- Facts: `bench/facts_inprocess.py` at N facts on N/100 topics (so a topic holds ~100 facts
  at every size), pinned to one core; p99 and commands/s per command kind.
- Events: N events added through the EventService, then `!events ics` answered through the
  router (the calendar built and rendered) several times; its time and size.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).parent
RESULTS = BENCH / "results"
ROOT = BENCH.parent


def run_json(args: list[str], out: Path) -> dict[str, Any]:
    """Run a bench script (from the repository root) and read the JSON it wrote."""
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def reminders(pending: int) -> dict[str, Any]:
    """Start-up and lateness with ``pending`` reminders (1,000 of them due within 10 s)."""
    near = min(1000, pending)
    out = RESULTS / f"growth-reminders-{pending}.json"
    report = run_json(
        [
            "bench/reminders_10k.py",
            "--far",
            str(pending - near),
            "--near",
            str(near),
            "--out",
            str(out),
        ],
        out,
    )
    return {
        "pending": pending,
        "build_s": report["build_s"],
        "launch_to_ready_s": report["startup"]["launch_to_ready_s"],
        "open_recover_waker_s": round(
            report["startup"]["open_s"] + report["startup"]["recover_and_waker_s"], 3
        ),
        "rss_at_ready_kib": report["startup"]["rss_at_ready_kib"]["VmRSS"],
        "lateness_ms": report["lateness_ms"],
        "posted": report["distinct_posted"],
    }


def facts(count: int, commands: int) -> dict[str, Any]:
    """Per command kind: p99 and rate at ``count`` facts, one core."""
    topics = max(10, count // 100)
    report = run_json(
        [
            "bench/facts_inprocess.py",
            "--facts",
            str(count),
            "--topics",
            str(topics),
            "--commands",
            str(commands),
        ],
        RESULTS / "facts_inprocess-latest.json",
    )
    return {
        "facts": count,
        "topics": topics,
        "pinned_cpu": report["pinned_cpu"],
        "results": report["results"],
    }


async def build_events(path: Path, count: int) -> None:
    """``count`` events (a tenth weekly) added through the EventService by 1,000 organisers."""
    from bot.app import App
    from bot.config import EventSettings, Settings
    from bot.events.drafts import Draft

    settings = Settings(events=EventSettings(max_events_per_person_per_hour=10**9))
    app = await App.open(settings, path, wake=False)
    try:
        start = app.events.clock.now().astimezone(settings.zone).replace(tzinfo=None)
        for number in range(count):
            when = (start + timedelta(days=1 + number % 300, minutes=number)).replace(
                second=0, microsecond=0
            )
            draft = Draft(
                f"Meeting {number} of the campaign group",
                when,
                place=f"Hall {number % 17}, Main Street",
                details="Bring flyers and a friend.",
                reminders=(),
                rule="FREQ=WEEKLY" if number % 10 == 0 else "",
            )
            await app.events.add(draft, f"bench:organiser-{number % 1000}")
    finally:
        await app.close()


async def time_ics(path: Path, repeats: int) -> dict[str, Any]:
    """Answer `!events ics` ``repeats`` times through the router; wall and CPU times."""
    from bot.app import App
    from bot.config import LimitSettings, Settings
    from bot.core.model import Incoming, Person, Place

    app = await App.open(Settings(limits=LimitSettings(person=0, room=0)), path, wake=False)
    walls, cpus, size = [], [], 0
    try:
        for number in range(repeats):
            incoming = Incoming(
                "!events ics",
                Person("bench:reader", "reader"),
                Place("bench", "room", "room"),
                id=str(number),
            )
            began, cpu = time.perf_counter(), time.process_time()
            reply = await app.answer(incoming)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
            assert reply is not None and reply.attachment is not None, reply
            size = len(reply.attachment.data)
    finally:
        await app.close()
    return {
        "p50_s": round(statistics.median(walls), 4),
        "max_s": round(max(walls), 4),
        "cpu_p50_s": round(statistics.median(cpus), 4),
        "bytes": size,
    }


def ics(count: int, repeats: int) -> dict[str, Any]:
    """`!events ics` over ``count`` events, the database built once and kept in results/."""
    path = RESULTS / f"events-{count}.db"
    if not path.exists():
        with tempfile.TemporaryDirectory(dir=RESULTS) as folder:
            building = Path(folder) / path.name
            asyncio.run(build_events(building, count))
            os.replace(building, path)
    return {"events": count, **asyncio.run(time_ics(path, repeats))}
