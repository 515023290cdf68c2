"""A private answer to a command typed in a server channel: sent to its author as a DM."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.adapters.discord import convert
from bot.adapters.discord.posting import post
from bot.core.model import Person, Privately, Reply
from bot.render.discord_embed import to_discord

log = logging.getLogger(__name__)


def user_id(author: Person) -> int:
    """The Discord user id of a person the adapter made (``discord:<id>``)."""
    platform, _, number = author.id.partition(":")
    if platform != convert.PLATFORM or not number.isdecimal():
        raise ValueError(f"not a Discord user: {author.id!r}")
    return int(number)


async def send_privately(
    client: discord.Client,
    author: Person,
    reply: Reply,
    notes: Privately,
    sends: asyncio.Semaphore,
) -> Reply:
    """DM ``reply`` to ``author`` alone; the note (one of ``notes``) to leave where they asked."""
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
        return notes.kept_back_note()
    return notes.sent_note()
