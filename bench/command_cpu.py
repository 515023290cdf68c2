"""CPU per answered `!facts varrp`: `campaign-bot run` beside a bare SDK client sending the same.

Each is its own process; its CPU time (user + system, from /proc) over N answers, after a
warm-up, divided by N. The bare client answers with exactly what the bot sent (Discord: the
message's content and embeds; Matrix: the event content), so the difference is the bot's
own work: routing, the command, rendering, its adapter. Matrix: a throwaway Synapse, the bot
and the bare client in a room each, asked in turn. Discord: the loopback fake, the bot
and the bare client in turns, three times each (one gateway session at a time).

    python bench/command_cpu.py [--count 200] [--profile DIR] [--platforms matrix,discord]

``--profile DIR``: the bot runs under pyinstrument and its text report is written to DIR.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageNotice

from bench.growth_rooms import cpu_seconds, summary, vm
from tests.discord_fake.fixtures import TOKEN
from tests.discord_fake.server import FakeDiscord
from tests.matrix.homeserver import Homeserver

BENCH = Path(__file__).parent
WARMUP = 20
# Discord: the bot and the bare client take turns this many times each.
PHASES = 3
COMMAND = "!facts varrp"


def launch(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """A child process whose first line of output says it is ready (bare clients)."""
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, *args],
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
        )


def bot_args(config: Path, profile: Path | None) -> list[str]:
    """`campaign-bot run`, under pyinstrument when profiling."""
    wrap = (
        ["-m", "pyinstrument", "--show-all", "-r", "text", "-o", str(profile), "-m"]
        if profile
        else ["-m"]
    )
    return [*wrap, "bot", "run", "--config", str(config)]


async def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM and wait (the bot stops cleanly; pyinstrument writes its report)."""
    process.send_signal(signal.SIGTERM)
    await asyncio.to_thread(process.wait, 60)


class MatrixAsker:
    """A nio user that times rich replies and keeps their content."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.replies: dict[str, tuple[float, dict[str, Any]]] = {}
        client.add_event_callback(self._on_notice, RoomMessageNotice)

    async def _on_notice(self, room: MatrixRoom, event: RoomMessageNotice) -> None:
        target = event.source["content"].get("m.relates_to", {}).get("m.in_reply_to", {})
        if target.get("event_id"):
            self.replies.setdefault(target["event_id"], (time.monotonic(), event.source["content"]))

    async def first(self, room_id: str, wait: float = 120) -> Any:
        """Ask until answered (the answerer may not have joined yet); the answer's content."""
        deadline = time.monotonic() + wait
        while True:
            try:
                return (await self.ask(room_id, wait=2))[1]
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise

    async def ask(self, room_id: str, text: str = COMMAND, wait: float = 30) -> tuple[float, Any]:
        """Round trip in seconds and the reply's content."""
        began = time.monotonic()
        sent = await self.client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}
        )
        while sent.event_id not in self.replies:
            if time.monotonic() - began > wait:
                raise TimeoutError(f"no answer in {room_id}")
            await asyncio.sleep(0.002)
        at, content = self.replies[sent.event_id]
        return at - began, content


async def matrix(
    base: Path, count: int, profile: Path | None, bare_e2e: bool = False
) -> dict[str, Any]:
    """The bot and a bare nio client on one Synapse, asked in turn.

    The bare client has no encryption unless ``bare_e2e`` (the bot always has it).
    """
    server = Homeserver(base / "synapse")
    await server.astart()
    processes: list[subprocess.Popen[str]] = []
    user = None
    try:
        bot, bare, person = [await server.register(name) for name in ("bot", "bare", "user")]
        config = base / "matrix.toml"
        config.write_text(
            f'[bot]\ndatabase = "{base / "m.db"}"\nlog_level = "WARNING"\n'
            "[limits]\nperson = 0\nroom = 0\n"
            f'[matrix]\nhomeserver = "{server.url}"\nuser_id = "{bot.user_id}"\n'
            f'store = "{base / "store"}"\nallow_inviters = ["{person.user_id}"]\n'
        )
        env = {
            "CAMPAIGN_BOT_MATRIX_TOKEN": bot.token,
            "CAMPAIGN_BOT_MATRIX_DEVICE_ID": bot.device_id,
        }
        processes.append(launch(bot_args(config, profile), env, base / "bot.log"))
        user = AsyncClient(
            server.url, person.user_id, config=AsyncClientConfig(encryption_enabled=False)
        )
        user.restore_login(person.user_id, person.device_id, person.token)
        await user.sync(timeout=0)
        asker = MatrixAsker(user)
        syncing = asyncio.create_task(user.sync_forever(timeout=30_000))
        bot_room = (await user.room_create(invite=[bot.user_id])).room_id
        content = await asker.first(bot_room)
        for _ in range(WARMUP):
            _, content = await asker.ask(bot_room)
        reply = base / "reply.json"
        reply.write_text(json.dumps({k: v for k, v in content.items() if k != "m.relates_to"}))
        processes.append(
            launch(
                [
                    str(BENCH / "bare_clients.py"),
                    "matrix",
                    server.url,
                    bare.user_id,
                    bare.device_id,
                    bare.token,
                    str(reply),
                    "e2e" if bare_e2e else "plain",
                ],
                {},
                base / "bare.log",
            )
        )
        bare_room = (await user.room_create(invite=[bare.user_id])).room_id
        await asker.first(bare_room)
        for _ in range(WARMUP):
            await asker.ask(bare_room)
        bot_pid, bare_pid = processes[0].pid, processes[1].pid
        before = cpu_seconds(bot_pid), cpu_seconds(bare_pid)
        times: dict[str, list[float]] = {"bot": [], "bare": []}
        for _ in range(count):
            times["bot"].append((await asker.ask(bot_room))[0])
            times["bare"].append((await asker.ask(bare_room))[0])
        after = cpu_seconds(bot_pid), cpu_seconds(bare_pid)
        syncing.cancel()
        found = figures(count, before, after, times, len(json.dumps(content)))
        return {**found, "bot_rss_kib": vm(bot_pid), "bare_rss_kib": vm(bare_pid)}
    finally:
        for process in processes:
            await stop(process)
        if user is not None:
            await user.close()
        await server.astop()


def figures(
    count: int, before: Any, after: Any, times: dict[str, list[float]], size: int
) -> dict[str, Any]:
    """CPU per answer of each, their difference, and the round trips."""
    bot_ms = (after[0] - before[0]) * 1000 / count
    bare_ms = (after[1] - before[1]) * 1000 / count
    return {
        "answers": count,
        "reply_bytes": size,
        "bot_cpu_ms": round(bot_ms, 3),
        "bare_cpu_ms": round(bare_ms, 3),
        "bot_own_cpu_ms": round(bot_ms - bare_ms, 3),
        "bot_round_trip": summary(times["bot"]),
        "bare_round_trip": summary(times["bare"]),
    }


async def discord_answers(fake: FakeDiscord, count: int) -> tuple[list[float], dict[str, Any]]:
    """Ask ``count`` times; round trips and the last answer's body."""
    user = fake.user("bench")
    times, body = [], {}
    for _ in range(count):
        before = len(fake.posts)
        began = time.monotonic()
        await fake.say(fake.home, user, COMMAND)
        await fake.wait_for(lambda: len(fake.posts) > before, 60)  # noqa: B023
        times.append(fake.posts[before].at - began)
        body = fake.posts[before].body
    return times, body


async def discord(base: Path, count: int, profile: Path | None) -> dict[str, Any]:
    """The bot, then a bare discord.py client, each answering ``count`` times."""
    fake = FakeDiscord()
    fake.home = fake.add_guild("Bench")
    await fake.start()
    try:
        config = base / "discord.toml"
        config.write_text(
            f'[bot]\ndatabase = "{base / "d.db"}"\nlog_level = "WARNING"\n'
            "[limits]\nperson = 0\nroom = 0\n"
            f'[discord]\nguilds = ["{fake.home["id"]}"]\n'
            f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
        )
        results: dict[str, Any] = {"bot": (0.0, []), "bare": (0.0, [])}
        reply = base / "discord-reply.json"
        # In turns, so a change of load on the shared machine falls on both alike.
        for who in ("bot", "bare") * PHASES:
            if who == "bot":
                args = bot_args(config, profile)
                env = {"CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN}
            else:
                args = [
                    str(BENCH / "bare_clients.py"),
                    "discord",
                    fake.api_base_url,
                    fake.gateway_url,
                    TOKEN,
                    str(reply),
                ]
                env = {}
            process = launch(args, env, base / f"discord-{who}.log")
            try:
                await asyncio.wait_for(fake.gateway.connected.wait(), 120)
                _, body = await discord_answers(fake, WARMUP)
                if who == "bot":
                    kept = {"content": body.get("content"), "embeds": body.get("embeds", [])}
                    reply.write_text(json.dumps(kept))
                    results["reply_bytes"] = len(json.dumps(body))
                began = cpu_seconds(process.pid)
                times, _ = await discord_answers(fake, count // PHASES)
                spent, earlier = results[who]
                results[who] = (spent + cpu_seconds(process.pid) - began, earlier + times)
                results[f"{who}_rss_kib"] = vm(process.pid)
            finally:
                await stop(process)
                fake.gateway.connected.clear()
        (bot_cpu, bot_times), (bare_cpu, bare_times) = results["bot"], results["bare"]
        found = figures(
            count // PHASES * PHASES,
            (0, 0),
            (bot_cpu, bare_cpu),
            {"bot": bot_times, "bare": bare_times},
            results["reply_bytes"],
        )
        return {
            **found,
            "bot_rss_kib": results["bot_rss_kib"],
            "bare_rss_kib": results["bare_rss_kib"],
        }
    finally:
        await fake.stop()


async def measure(
    count: int, platforms: list[str], profile: Path | None, bare_e2e: bool
) -> dict[str, Any]:
    """Each platform in turn."""
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for name in platforms:
            out = profile / f"bot-{name}.txt" if profile else None
            if name == "matrix":
                found[name] = await matrix(base, count, out, bare_e2e)
            else:
                found[name] = await discord(base, count, out)
            print(name, json.dumps(found[name]), file=sys.stderr, flush=True)
    return found


def main() -> None:
    """Parse arguments, measure, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--platforms", default="matrix,discord")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--bare-e2e", action="store_true", help="the bare nio client encrypts")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "command_cpu.json")
    args = parser.parse_args()
    load = os.getloadavg()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    platforms = args.platforms.split(",")
    found = asyncio.run(measure(args.count, platforms, args.profile, args.bare_e2e))
    report = {
        "bare_matrix_client": "with encryption" if args.bare_e2e else "without encryption",
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_before": load,
        "load_after": os.getloadavg(),
        **found,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
