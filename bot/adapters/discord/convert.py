"""Discord objects to the core model and back: people and roles, places, messages, embeds."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping

import discord

from bot.adapters.discord.roles import RoleMap
from bot.core.model import Incoming, Invocation, Person, Place, Reply, Via
from bot.render.discord_embed import DiscordMessage

PLATFORM = "discord"
NONCE_CHARS = 25


def person(
    user: discord.User | discord.Member, roles: RoleMap, administrator: bool | None = None
) -> Person:
    """The core Person for a Discord user, with what their server's roles claim."""
    return Person(f"{PLATFORM}:{user.id}", user.display_name, roles.claims(user, administrator))


def place(channel: object) -> Place:
    """The core Place for a channel, thread or direct message."""
    channel_id = getattr(channel, "id", 0)
    name = getattr(channel, "name", None) or "direct message"
    return Place(PLATFORM, str(channel_id), str(name))


def incoming_message(message: discord.Message, roles: RoleMap) -> Incoming:
    """A typed message as an Incoming."""
    return Incoming(
        text=message.content,
        author=person(message.author, roles),
        place=place(message.channel),
        id=str(message.id),
        direct=message.guild is None,
        received_at=message.created_at,
    )


def incoming_command(
    interaction: discord.Interaction, command: str, values: Mapping[str, object], roles: RoleMap
) -> Incoming:
    """A slash command as the command and values it names: nothing to parse."""
    administrator = interaction.permissions.administrator if interaction.guild_id else False
    author = person(interaction.user, roles, administrator)
    called = Invocation(command, values, author, place(interaction.channel))
    return Incoming.invoked(
        called,
        Via.MENU,
        str(interaction.id),
        direct=interaction.guild_id is None,
        received_at=interaction.created_at,
        locale=str(interaction.locale.value),
    )


def nonce(key: str, part: int) -> str:
    """The message nonce for part ``part`` of a send with idempotency key ``key`` (≤25 chars)."""
    return hashlib.sha256(f"{key}#{part}".encode()).hexdigest()[:NONCE_CHARS]


def embeds(message: DiscordMessage) -> list[discord.Embed]:
    """The rendered embed dicts as discord.py embeds."""
    return [discord.Embed.from_dict(embed) for embed in message.embeds]


def attachment(reply: Reply) -> discord.File | None:
    """The file a reply carries (the calendar of !events ics), as an upload."""
    if reply.attachment is None:
        return None
    return discord.File(io.BytesIO(reply.attachment.data), filename=reply.attachment.name)
