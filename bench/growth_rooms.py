"""The bot's RSS and reply latency against the rooms it is in and their members (Matrix).

Uses the Synapse directories `bench/matrix_population.py` left (one per stage of members per
room). For each stage, a copy of that directory is served, and `campaign-bot run` is launched
as each of the bot accounts in 1, 20 and 100 of its rooms, with members loaded lazily (the
bot as shipped) and eagerly (bench/bot_eager_members.py): each launch starts without a sync
token, so its first sync carries every joined room. Measured per launch: launch to listening,
RSS (VmRSS, and the peak VmHWM) once listening and after the questions, the bot's CPU per
answer, and the round trip of `!facts varrp` in the first room alternated with a bare nio
echo in the same room.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageNotice, RoomMessageText

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.matrix_population import ROOT, account_from, lean_homeserver
from tests.matrix.homeserver import Account, Homeserver

BENCH = Path(__file__).parent
FILTER = {
    "room": {"timeline": {"limit": 50}, "state": {"lazy_load_members": True}},
    "presence": {"not_types": ["*"]},
}
WARMUP = 3
TICKS = os.sysconf("SC_CLK_TCK")


def vm(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of ``pid`` in KiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            found[name] = int(value.split()[0])
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def client(server: Homeserver, account: Account) -> AsyncClient:
    """A plain nio client logged in as ``account``."""
    config = AsyncClientConfig(encryption_enabled=False, max_timeout_retry_wait_time=1.0)
    made = AsyncClient(server.url, account.user_id, config=config)
    made.restore_login(account.user_id, account.device_id, account.token)
    return made


class Asker:
    """The room's owner asking: times the rich reply to each question."""

    def __init__(self, nio: AsyncClient) -> None:
        self.nio = nio
        self.answered: dict[str, float] = {}
        nio.add_event_callback(self._on_notice, RoomMessageNotice)

    async def _on_notice(self, room: MatrixRoom, event: RoomMessageNotice) -> None:
        relates = event.source["content"].get("m.relates_to", {})
        target = relates.get("m.in_reply_to", {}).get("event_id")
        if target:
            self.answered.setdefault(target, time.monotonic())

    async def round_trip(self, room_id: str, text: str, wait: float = 60) -> float:
        """Seconds from sending ``text`` to its answer."""
        started = time.monotonic()
        sent = await self.nio.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}
        )
        while sent.event_id not in self.answered:
            if time.monotonic() - started > wait:
                raise TimeoutError(f"no answer to {text!r}")
            await asyncio.sleep(0.002)
        return self.answered[sent.event_id] - started


async def echo(nio: AsyncClient, room: MatrixRoom, event: RoomMessageText) -> None:
    """The bare echo: texts starting with "echo" come back as a notice replying to them."""
    if event.sender == nio.user_id or not event.body.startswith("echo"):
        return
    content = {
        "msgtype": "m.notice",
        "body": event.body,
        "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
    }
    await nio.room_send(room.room_id, "m.room.message", content)


def summary(times: list[float]) -> dict[str, float]:
    """p50 and p99 (nearest rank) in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p99_ms": round(ms[min(len(ms) - 1, round(0.99 * len(ms)) - 1)], 1),
    }


def write_config(base: Path, server: Homeserver, bot: Account) -> Path:
    """A config for ``bot`` on ``server``: no rate limits, warnings only."""
    config = base / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{base / "bot.db"}"\nlog_level = "INFO"\n'
        "[limits]\nperson = 0\nroom = 0\n"
        f'[matrix]\nhomeserver = "{server.url}"\nuser_id = "{bot.user_id}"\n'
        f'store = "{base / "store"}"\n',
        "utf-8",
    )
    return config


async def launch(config: Path, bot: Account, eager: bool, log: Path) -> subprocess.Popen[bytes]:
    """`campaign-bot run` (or its eager-members variant) as ``bot``, without a sync token."""
    (config.parent / "store" / "sync_token").unlink(missing_ok=True)
    script = [str(BENCH / "bot_eager_members.py")] if eager else ["-m", "bot"]
    env = {
        **os.environ,
        "CAMPAIGN_BOT_MATRIX_TOKEN": bot.token,
        "CAMPAIGN_BOT_MATRIX_DEVICE_ID": bot.device_id,
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, *script, "run", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )


async def listening(process: subprocess.Popen[bytes], log: Path, wait: float = 300) -> None:
    """Wait until the bot's first sync is done."""
    deadline = time.monotonic() + wait
    while "matrix: listening in" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not start:\n{log.read_text(errors='replace')}")
        await asyncio.sleep(0.02)


async def one_launch(
    server: Homeserver, base: Path, bot: Account, eager: bool, room: str, asker: Asker, rounds: int
) -> dict[str, Any]:
    """Launch the bot once, measure it, stop it."""
    config = write_config(base, server, bot)
    log = base / "bot.log"
    began = time.monotonic()
    process = await launch(config, bot, eager, log)
    try:
        await listening(process, log)
        figures: dict[str, Any] = {
            "launch_to_listening_s": round(time.monotonic() - began, 2),
            "rss_listening_kib": vm(process.pid),
        }
        bot_times, echo_times = [], []
        for number in range(WARMUP + rounds):
            if number == WARMUP:
                cpu_before = cpu_seconds(process.pid)
            bot_times.append(await asker.round_trip(room, "!facts varrp"))
            echo_times.append(await asker.round_trip(room, "echo !facts varrp"))
        cpu = cpu_seconds(process.pid) - cpu_before
        figures["bot"] = summary(bot_times[WARMUP:])
        figures["bare_nio_echo"] = summary(echo_times[WARMUP:])
        figures["bot_cpu_ms_per_answer"] = round(cpu * 1000 / rounds, 2)
        await asyncio.sleep(5)
        figures["rss_after_answers_kib"] = vm(process.pid)
        return figures
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 60)


async def measure_stage(stage: Path, rounds: int, modes: list[str]) -> list[dict[str, Any]]:
    """Every bot account of one stage, lazily then eagerly."""
    manifest = json.loads((stage / "manifest.json").read_text())
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        shutil.copytree(stage, base / "synapse")
        server = lean_homeserver(base / "synapse")
        await server.astart()
        owner = client(server, account_from(manifest["owner"]))
        echoer = client(server, account_from(manifest["echo"]))
        tasks = []
        try:
            for nio in (owner, echoer):
                await nio.sync(timeout=0, sync_filter=FILTER)
                tasks.append(asyncio.create_task(nio.sync_forever(30_000, sync_filter=FILTER)))
            echoer.add_event_callback(lambda r, e: echo(echoer, r, e), RoomMessageText)
            asker = Asker(owner)
            room = manifest["rooms"][0]
            counts = await joined_counts(owner, manifest["rooms"])
            for count, data in manifest["bots"].items():
                bot = account_from(data)
                home = base / f"bot{count}"
                home.mkdir()
                for mode in modes:
                    figures = await one_launch(
                        server, home, bot, mode == "eager", room, asker, rounds
                    )
                    row = {
                        "members_per_room": manifest["stage"]["members"],
                        "rooms": int(count),
                        "members_loaded": mode,
                        "memberships": sum(counts[: int(count)]),
                        **figures,
                    }
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    rows.append(row)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await owner.close()
            await echoer.close()
            await server.astop()
    return rows


async def joined_counts(nio: AsyncClient, rooms: list[str]) -> list[int]:
    """How many members each room has (people, the echo and the bot accounts)."""
    counts = []
    for room_id in rooms:
        answer = await nio.joined_members(room_id)
        counts.append(len(answer.members))
    return counts


def stages() -> list[Path]:
    """The stage directories the population script left, smallest first."""
    found = [path for path in ROOT.glob("stage-*") if (path / "manifest.json").exists()]
    return sorted(found, key=lambda path: int(path.name.split("-")[1]))


async def measure_all(rounds: int, modes: list[str]) -> list[dict[str, Any]]:
    """Every stage in turn."""
    rows = []
    for stage in stages():
        rows += await measure_stage(stage, rounds, modes)
    return rows
