"""Bare SDK clients that answer every message with a fixed reply, for `bench/command_cpu.py`.

    python bench/bare_clients.py discord API_BASE GATEWAY TOKEN REPLY.json
    python bench/bare_clients.py matrix HOMESERVER USER_ID DEVICE TOKEN REPLY.json [plain|e2e]

REPLY.json is what the bot sent for the same command (Discord: the message's content and
embeds; Matrix: the event content), so the client's work per answer is the SDK's alone.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path
from typing import Any


async def discord_client(api: str, gateway: str, token: str, reply: dict[str, Any]) -> None:
    """discord.py answering each user message with ``reply`` (content and embeds)."""
    import discord
    import discord.http
    import yarl
    from discord.gateway import DiscordWebSocket

    discord.http.Route.BASE = api
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    intents = discord.Intents.default()
    intents.message_content = True
    client = discord.Client(intents=intents, guild_ready_timeout=0.05)

    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        embeds = [discord.Embed.from_dict(embed) for embed in reply.get("embeds", [])]
        await message.channel.send(
            reply.get("content") or None,
            embeds=embeds,
            reference=message,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    client.event(on_message)
    await run_until_signal(client.start(token), client.close)


async def matrix_client(
    homeserver: str, user_id: str, device: str, token: str, reply_file: str, e2e: str = "plain"
) -> None:
    """nio answering each text in its rooms with ``reply``, as a rich reply to the text."""
    from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageText

    reply = Path(reply_file).read_text()

    # "e2e": encryption on, as the bot has it (nio then keeps keys in its store and checks
    # them on every sync); "plain": the bare echo of the latency bench.
    store = Path(reply_file).parent / "bare-store"
    store.mkdir(exist_ok=True)
    config = AsyncClientConfig(encryption_enabled=e2e == "e2e", store_sync_tokens=False)
    client = AsyncClient(homeserver, user_id, store_path=str(store), config=config)
    client.restore_login(user_id, device, token)
    sync_filter = {
        "room": {"timeline": {"limit": 50}, "state": {"lazy_load_members": True}},
        "presence": {"not_types": ["*"]},
    }
    await client.sync(timeout=0, sync_filter=sync_filter)

    async def on_text(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == user_id:
            return
        content = json.loads(reply)
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": event.event_id}}
        await client.room_send(room.room_id, "m.room.message", content)

    client.add_event_callback(on_text, RoomMessageText)

    async def joined_and_synced() -> None:
        # Join every room it is invited to, then answer.
        while True:
            for room_id in list(client.invited_rooms):
                await client.join(room_id)
            await client.sync(timeout=30_000, sync_filter=sync_filter)
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()

    await run_until_signal(joined_and_synced(), client.close)


async def run_until_signal(work: Any, close: Any) -> None:
    """Run ``work`` until SIGTERM or SIGINT, then ``close``."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    task = asyncio.create_task(work)
    print("ready", flush=True)
    await asyncio.wait({task, asyncio.create_task(stop.wait())}, return_when="FIRST_COMPLETED")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await close()


def main() -> None:
    """Dispatch on the platform named first."""
    platform, *args = sys.argv[1:]
    if platform == "discord":
        reply = json.loads(Path(args[-1]).read_text())
        asyncio.run(discord_client(args[0], args[1], args[2], reply))
    else:
        asyncio.run(matrix_client(*args))


if __name__ == "__main__":
    main()
