"""A private answer to a command typed in a server channel: sent to its author as a DM."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.adapters.discord import convert
from bot.adapters.discord.posting import post
from bot.core.model import Person, Reply
from bot.core.private_replies import kept_back, sent_privately
from bot.render.discord_embed import to_discord

log = logging.getLogger(__name__)

DMS_CLOSED = (
    "I could not send you a direct message, so I kept the answer to myself: allow direct"
    " messages from this server's members in its Privacy Settings, or use the slash command,"
    " whose answer only you see."
)


def user_id(author: Person) -> int:
    """The Discord user id of a person the adapter made (``discord:<id>``)."""
    platform, _, number = author.id.partition(":")
    if platform != convert.PLATFORM or not number.isdecimal():
        raise ValueError(f"not a Discord user: {author.id!r}")
    return int(number)


async def send_privately(
    client: discord.Client, author: Person, reply: Reply, sends: asyncio.Semaphore
) -> Reply:
    """DM ``reply`` to ``author`` alone; the note to leave where they asked."""
    try:
        channel = await client.create_dm(discord.Object(id=user_id(author)))
        await post(channel, to_discord(reply), reply, sends)
    except discord.HTTPException as problem:
        log.info(
            "discord: no direct message to %s (%s): %s",
            author.id,
            problem.code or problem.status,
            problem.text or "refused",
        )
        return kept_back(DMS_CLOSED)
    return sent_privately()
