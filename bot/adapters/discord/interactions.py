"""Answering a slash command: deferring when slow, the answer and its follow-ups."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.adapters.discord import convert
from bot.adapters.discord.posting import NO_MENTIONS
from bot.core.model import Reply
from bot.render.discord_embed import DiscordMessage

DEFER_AFTER = 2.0


@dataclass
class Pending:
    """A slash command waiting for its answer; the lock orders deferring against answering.

    ``private``: the command answers for the asker's eyes only, so even "thinking…" is.
    """

    interaction: discord.Interaction
    private: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


async def defer_when_slow(pending: Pending) -> None:
    """Tell Discord the answer is coming when it takes longer than Discord waits."""
    await asyncio.sleep(DEFER_AFTER)
    async with pending.lock:
        if not pending.interaction.response.is_done():
            await pending.interaction.response.defer(thinking=True, ephemeral=pending.private)


async def answer(
    pending: Pending, messages: list[DiscordMessage], reply: Reply, sends: asyncio.Semaphore
) -> str:
    """Answer a slash command: the first message as its response, the rest as follow-ups.

    A private reply is ephemeral: only the person who used the command sees it.
    """
    interaction = pending.interaction
    private = reply.private is not None
    answer_id = str(interaction.id)
    for part, message in enumerate(messages):
        content, embeds = message.content or None, convert.embeds(message)
        extra: dict[str, Any] = {}
        if part == len(messages) - 1 and (file := convert.attachment(reply)) is not None:
            extra["file"] = file
        async with sends, pending.lock:
            if not interaction.response.is_done():
                response = await interaction.response.send_message(
                    content, embeds=embeds, allowed_mentions=NO_MENTIONS, ephemeral=private, **extra
                )
                answer_id = str(response.message_id or answer_id)
            else:
                extra |= {"content": content} if content else {}
                await interaction.followup.send(
                    embeds=embeds, allowed_mentions=NO_MENTIONS, ephemeral=private, **extra
                )
    return answer_id
