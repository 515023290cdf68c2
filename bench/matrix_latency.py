"""Reply latency of `!facts varrp` through a real Synapse, beside two bare nio clients.

Run from the repository root: `python bench/matrix_latency.py [--count 50] [--out FILE]`.
It starts a throwaway Synapse on 127.0.0.1, the bot in-process (App + MatrixAdapter) in one
room, and in two other rooms two bare nio clients: a mirror that answers with exactly the
content the bot sent (the same HTML notice, only the event it replies to differs: the true
limit for this answer), and an echo that answers with the 12 bytes it was sent. A nio user
asks the three in turn, round after round. Latency is from just before the user's send to
the user's sync delivering the answer. Then Synapse is stopped for 20 s and restarted, and
the time from it answering again to the bot's first answer is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageNotice, RoomMessageText

from bot.adapters.matrix.adapter import MatrixAdapter
from bot.adapters.matrix.session import MatrixLogin
from bot.app import App
from bot.config import LimitSettings, MatrixSettings, Settings
from tests.matrix.homeserver import Account, Homeserver

WARMUP = 5
OUTAGE_SECONDS = 20
FILTER = {"room": {"timeline": {"limit": 500}}, "presence": {"not_types": ["*"]}}


def client_for(server: Homeserver, account: Account) -> AsyncClient:
    """A plain nio client logged in as ``account``."""
    config = AsyncClientConfig(encryption_enabled=False, max_timeout_retry_wait_time=1.0)
    client = AsyncClient(server.url, account.user_id, config=config)
    client.restore_login(account.user_id, account.device_id, account.token)
    return client


class Asker:
    """The user: sends a message and times the rich reply to it."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.answered: dict[str, float] = {}
        self.arrived: dict[str, asyncio.Event] = {}
        self.contents: dict[str, dict[str, Any]] = {}
        client.add_event_callback(self._on_notice, RoomMessageNotice)

    async def _on_notice(self, room: MatrixRoom, event: RoomMessageNotice) -> None:
        relates = event.source["content"].get("m.relates_to", {})
        target = relates.get("m.in_reply_to", {}).get("event_id")
        if target and target not in self.answered:
            self.answered[target] = time.monotonic()
            self.contents[target] = event.source["content"]
            self.arrived.setdefault(target, asyncio.Event()).set()

    async def round_trip(self, room_id: str, text: str) -> float:
        """Seconds from sending ``text`` to the answer arriving."""
        return (await self.ask(room_id, text))[0]

    async def ask(self, room_id: str, text: str) -> tuple[float, dict[str, Any]]:
        """Seconds from sending ``text`` to the answer arriving, and the answer's content."""
        started = time.monotonic()
        sent = await self.client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}
        )
        event_id = sent.event_id
        await self.arrived.setdefault(event_id, asyncio.Event()).wait()
        return self.answered[event_id] - started, self.contents[event_id]


async def echo(client: AsyncClient, room: MatrixRoom, event: RoomMessageText) -> None:
    """The bare echo: answer every text with the same text, as an m.notice rich reply."""
    if event.sender == client.user_id:
        return
    content = {
        "msgtype": "m.notice",
        "body": event.body,
        "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
    }
    await client.room_send(room.room_id, "m.room.message", content)


class Mirror:
    """The bare client that answers with the bot's own answer, byte for byte (but its target)."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.content: dict[str, Any] = {}

    async def answer(self, room: MatrixRoom, event: RoomMessageText) -> None:
        """Send the bot's content, replying to ``event`` instead of the bot's question."""
        if event.sender == self.client.user_id or not self.content:
            return
        content = json.loads(json.dumps(self.content))
        content["m.relates_to"]["m.in_reply_to"]["event_id"] = event.event_id
        await self.client.room_send(room.room_id, "m.room.message", content)


def summary(times: list[float]) -> dict[str, float]:
    """p50, p95, mean, min and max in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
    }


async def until(check: Any, wait: float = 60) -> None:
    """Poll ``check`` until true."""
    deadline = time.monotonic() + wait
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.01)


async def measure(directory: Path, count: int, outage: bool) -> dict[str, Any]:
    """Run the whole benchmark; returns the figures."""
    server = Homeserver(directory / "synapse")
    await server.astart()
    try:
        bot_account = await server.register("bot")
        echo_account = await server.register("echo")
        mirror_account = await server.register("mirror")
        user_account = await server.register("user")
        settings = Settings(
            matrix=MatrixSettings(
                server.url, bot_account.user_id, allow_inviters=(user_account.user_id,)
            ),
            limits=LimitSettings(person=0, room=0),  # the burst is measured, not refused
        )
        app = await App.open(settings, directory / "bot.db")
        assert settings.matrix is not None
        adapter = MatrixAdapter(
            settings.matrix,
            MatrixLogin(bot_account.token, bot_account.device_id),
            directory / "store",
        )
        running = asyncio.create_task(app.run([adapter]))
        await adapter.ready.wait()

        echoer = client_for(server, echo_account)
        await echoer.sync(timeout=0)
        echoer.add_event_callback(lambda room, event: echo(echoer, room, event), RoomMessageText)
        echoing = asyncio.create_task(echoer.sync_forever(timeout=30_000, sync_filter=FILTER))
        mirror = Mirror(client_for(server, mirror_account))
        await mirror.client.sync(timeout=0)
        mirror.client.add_event_callback(mirror.answer, RoomMessageText)
        mirroring = asyncio.create_task(
            mirror.client.sync_forever(timeout=30_000, sync_filter=FILTER)
        )

        user = client_for(server, user_account)
        await user.sync(timeout=0)
        asker = Asker(user)
        syncing = asyncio.create_task(user.sync_forever(timeout=30_000, sync_filter=FILTER))
        bot_room = (await user.room_create(invite=[bot_account.user_id])).room_id
        echo_room = (await user.room_create(invite=[echo_account.user_id])).room_id
        mirror_room = (await user.room_create(invite=[mirror_account.user_id])).room_id
        await echoer.join(echo_room)
        await mirror.client.join(mirror_room)
        await until(lambda: bot_room in [p.id for p in adapter.places()])
        await until(lambda: {echo_room, mirror_room, bot_room} <= set(user.rooms))

        bot_times: list[float] = []
        mirror_times: list[float] = []
        echo_times: list[float] = []
        for number in range(WARMUP + count):
            took_bot, mirror.content = await asker.ask(bot_room, "!facts varrp")
            took_mirror = await asker.round_trip(mirror_room, "!facts varrp")
            took_echo = await asker.round_trip(echo_room, "!facts varrp")
            if number >= WARMUP:
                bot_times.append(took_bot)
                mirror_times.append(took_mirror)
                echo_times.append(took_echo)

        bot, same, echoed = summary(bot_times), summary(mirror_times), summary(echo_times)
        figures: dict[str, Any] = {
            "command": "!facts varrp",
            "count": count,
            "reply_bytes": len(json.dumps(mirror.content).encode()),
            "bot": bot,
            "bare_nio_same_content": same,
            "bare_nio_echo": echoed,
            "ratio_to_same_content": {
                key: round(bot[key] / same[key], 3) for key in ("p50_ms", "p95_ms")
            },
            "ratio_to_echo": {
                key: round(bot[key] / echoed[key], 3) for key in ("p50_ms", "p95_ms")
            },
        }
        if outage:
            await server.astop()
            await asyncio.sleep(OUTAGE_SECONDS)
            await server.astart()
            back = time.monotonic()
            took = await asker.round_trip(bot_room, "!iom")
            figures["outage"] = {
                "seconds_down": OUTAGE_SECONDS,
                "first_answer_after_restart_s": round(time.monotonic() - back, 2),
                "that_round_trip_s": round(took, 2),
            }
        await adapter.stop()
        await running
        await app.close()
        for task in (echoing, mirroring, syncing):
            task.cancel()
        await asyncio.gather(echoing, mirroring, syncing, return_exceptions=True)
        await echoer.close()
        await mirror.client.close()
        await user.close()
        return figures
    finally:
        await server.astop()


def main() -> None:
    """Parse arguments, run, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_suffix(".json"))
    parser.add_argument("--no-outage", action="store_true", help="skip the 20 s outage")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as directory:
        figures = asyncio.run(measure(Path(directory), args.count, not args.no_outage))
    figures["environment"] = {
        "python": platform.python_version(),
        "matrix-nio": version("matrix-nio"),
        "matrix-synapse": version("matrix-synapse"),
        "cpus": os.cpu_count(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
