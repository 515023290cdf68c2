"""Discord objects to the core model and back: people and roles, places, messages, embeds."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.core.model import Incoming, Person, Place, Reply, Role
from bot.render.discord_embed import DiscordMessage

PLATFORM = "discord"
ROLE_PREFIX = "discord-role:"
NONCE_CHARS = 25


@dataclass(frozen=True)
class RoleMap:
    """Discord server roles (by id or name) that make someone an admin or an organiser."""

    admins: frozenset[str] = frozenset()
    organisers: frozenset[str] = frozenset()

    @classmethod
    def from_entries(cls, admins: Iterable[str], organisers: Iterable[str]) -> RoleMap:
        """The ``discord-role:<id or name>`` entries of the [roles] lists."""

        def picked(entries: Iterable[str]) -> frozenset[str]:
            return frozenset(e[len(ROLE_PREFIX) :] for e in entries if e.startswith(ROLE_PREFIX))

        return cls(picked(admins), picked(organisers))

    def roles_for(self, user: discord.User | discord.Member, is_admin: bool = False) -> set[Role]:
        """The core roles of ``user``: Administrator permission or a listed server role."""
        roles = {Role.MEMBER}
        if not isinstance(user, discord.Member):
            return roles
        held = {str(role.id) for role in user.roles} | {role.name for role in user.roles}
        if is_admin or user.guild_permissions.administrator or held & self.admins:
            roles.add(Role.ADMIN)
        if held & self.organisers:
            roles.add(Role.ORGANISER)
        return roles


def person(user: discord.User | discord.Member, roles: RoleMap, is_admin: bool = False) -> Person:
    """The core Person for a Discord user, with the roles their server gives them."""
    return Person(
        f"{PLATFORM}:{user.id}", user.display_name, frozenset(roles.roles_for(user, is_admin))
    )


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


def incoming_command(interaction: discord.Interaction, text: str, roles: RoleMap) -> Incoming:
    """A slash command as an Incoming whose text is the equivalent typed command."""
    allowed = interaction.permissions.administrator if interaction.guild_id else False
    return Incoming(
        text=text,
        author=person(interaction.user, roles, is_admin=allowed),
        place=place(interaction.channel),
        id=f"interaction:{interaction.id}",
        direct=interaction.guild_id is None,
        received_at=interaction.created_at,
    )


def nonce(key: str, part: int) -> str:
    """The message nonce for part ``part`` of a send with idempotency key ``key`` (≤25 chars)."""
    return hashlib.sha256(f"{key}#{part}".encode()).hexdigest()[:NONCE_CHARS]


def embeds(message: DiscordMessage) -> list[discord.Embed]:
    """The rendered embed dicts as discord.py embeds."""
    return [discord.Embed.from_dict(embed) for embed in message.embeds]


def attachment(reply: Reply) -> discord.File | None:
    """The file a reply carries in ``extra`` (the calendar of !events ics), as an upload."""
    data = reply.extra.get("attachment")
    if data is None:
        return None
    name = reply.extra.get("attachment_name") or "attachment.txt"
    return discord.File(io.BytesIO(data.encode("utf-8")), filename=name)
