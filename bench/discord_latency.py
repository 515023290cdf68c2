"""Reply latency of `!facts varrp` through the loopback fake Discord, beside a bare echo client.

Run from the repository root: `python bench/discord_latency.py [--count 200] [--out FILE]`.
Latency is from the fake dispatching MESSAGE_CREATE to it receiving the bot's POST.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import discord
import discord.http
import yarl
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.adapter import DiscordAdapter
from bot.adapters.discord.roles import RoleMap
from bot.app import App
from bot.config import DiscordSettings, LimitSettings, Settings
from tests.discord_fake.server import FakeDiscord

WARMUP = 10


async def timed_round_trips(fake: FakeDiscord, text: str, count: int) -> list[float]:
    """Seconds from each message's dispatch to the next post the bot makes."""
    user = fake.user("bench")
    times: list[float] = []
    for number in range(WARMUP + count):
        before = len(fake.posts)
        started = time.monotonic()
        await fake.say(fake.home, user, text)
        await fake.wait_for(lambda: len(fake.posts) > before)  # noqa: B023
        if number >= WARMUP:
            times.append(fake.posts[before].at - started)
    return times


async def with_fake(run: Callable[[FakeDiscord], Awaitable[list[float]]]) -> list[float]:
    """A fresh fake with one server around ``run``."""
    fake = FakeDiscord()
    fake.home = fake.add_guild("Bench")
    await fake.start()
    try:
        return await run(fake)
    finally:
        await fake.stop()


async def bot_latencies(count: int) -> list[float]:
    """The whole campaign bot answering `!facts varrp`."""

    async def run(fake: FakeDiscord) -> list[float]:
        settings = Settings(
            discord=DiscordSettings((fake.home["id"],), fake.api_base_url, fake.gateway_url),
            limits=LimitSettings(person=0, room=0),
        )
        with tempfile.TemporaryDirectory() as folder:
            app = await App.open(settings, Path(folder) / "bench.db")
            adapter = DiscordAdapter(settings.discord, "bench-token", RoleMap())  # type: ignore[arg-type]
            adapter.guild_ready_timeout = 0.05
            task = asyncio.create_task(app.run([adapter]))
            await asyncio.wait_for(adapter.ready.wait(), 30)
            try:
                return await timed_round_trips(fake, "!facts varrp", count)
            finally:
                await adapter.stop()
                await task
                await app.close()

    return await with_fake(run)


async def echo_latencies(count: int) -> list[float]:
    """A bare discord.py client that posts back what it reads."""

    async def run(fake: FakeDiscord) -> list[float]:
        discord.http.Route.BASE = fake.api_base_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.05)
        ready = asyncio.Event()

        async def on_ready() -> None:
            ready.set()

        async def on_message(message: discord.Message) -> None:
            if not message.author.bot:
                await message.channel.send(message.content)

        client.event(on_ready)
        client.event(on_message)
        task = asyncio.create_task(client.start("bench-token"))
        await asyncio.wait_for(ready.wait(), 30)
        try:
            return await timed_round_trips(fake, "!facts varrp", count)
        finally:
            await client.close()
            await task

    return await with_fake(run)


def summary(times: list[float]) -> dict[str, Any]:
    """p50, p95 and max in milliseconds."""
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "count": len(times),
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    result = {
        "what": "reply latency of '!facts varrp' through the loopback fake Discord",
        "discord.py": discord.__version__,
        "campaign_bot": summary(await bot_latencies(args.count)),
        "bare_echo_client": summary(await echo_latencies(args.count)),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    asyncio.run(main())
