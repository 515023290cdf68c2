"""Posting a rendered reply in a Discord channel: one message per part, the file on the last."""

from __future__ import annotations

import asyncio
from typing import Any

import discord

from bot.adapters.discord import convert
from bot.core.model import Reply
from bot.render.discord_embed import DiscordMessage

NO_MENTIONS = discord.AllowedMentions.none()


async def post(
    channel: discord.abc.Messageable,
    messages: list[DiscordMessage],
    reply: Reply,
    sends: asyncio.Semaphore,
    *,
    key: str | None = None,
    reference: discord.MessageReference | None = None,
) -> list[str]:
    """Send each part of ``reply`` in ``channel`` (the first answering ``reference``); the ids.

    ``key`` gives each part a nonce, so a resend of the same key is the same message.
    """
    ids: list[str] = []
    for part, message in enumerate(messages):
        extra: dict[str, Any] = {"nonce": convert.nonce(key, part)} if key else {}
        if part == 0 and reference is not None:
            extra["reference"] = reference
        if part == len(messages) - 1 and (file := convert.attachment(reply)) is not None:
            extra["file"] = file
        async with sends:
            sent = await channel.send(
                content=message.content or None,
                embeds=convert.embeds(message),
                allowed_mentions=NO_MENTIONS,
                **extra,
            )
        ids.append(str(sent.id))
    return ids
