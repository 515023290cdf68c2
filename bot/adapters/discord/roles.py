"""Discord server roles and the Administrator permission, counted only in the group's servers."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import discord

from bot.config.roles import DISCORD_ROLE_PREFIX as ROLE_PREFIX
from bot.core.model import Claim, Role
from bot.core.said import Said

log = logging.getLogger(__name__)

ADMINISTRATOR = Said("the Administrator permission")


class RoleMap:
    """The ``discord-role:`` entries of [roles] and the servers where Discord power counts.

    An entry of digits is a role id and matches ids only; any other entry is a role name
    and matches names only, and not at all in a server where several roles bear that name.
    The role every member holds (@everyone, whose id is the server's) never counts.
    """

    def __init__(
        self,
        admins: Iterable[str] = (),
        organisers: Iterable[str] = (),
        home_guilds: Iterable[str] = (),
    ) -> None:
        self.entries = [
            (role, key, entry.removeprefix(ROLE_PREFIX))
            for role, key, listed in (
                (Role.ADMIN, "admins", admins),
                (Role.ORGANISER, "organisers", organisers),
            )
            for entry in listed
            if entry.startswith(ROLE_PREFIX)
        ]
        self.home = frozenset(int(guild) for guild in home_guilds)
        self._warned: set[tuple[int, str, int]] = set()

    def claims(
        self, user: discord.User | discord.Member, administrator: bool | None = None
    ) -> tuple[Claim, ...]:
        """What ``user``'s Administrator permission and listed roles claim in their server.

        ``administrator`` overrides the permission read from the member (an interaction
        carries its own); in a direct message nobody claims anything.
        """
        if not isinstance(user, discord.Member):
            return ()
        guild = user.guild
        found: list[Claim] = []
        if user.guild_permissions.administrator if administrator is None else administrator:
            found.append(self._claim(guild, Role.ADMIN, ADMINISTRATOR))
        roles = [r for r in user.roles if not r.is_default()]
        for role, key, entry in self.entries:
            if entry.isdigit():
                held = [r for r in roles if str(r.id) == entry]
            else:
                held = [r for r in roles if r.name == entry]
            if not held:
                continue
            power = Said("the role {name} (in [roles] {key})", name=held[0].name, key=key)
            home = guild.id in self.home
            namesakes = self._namesakes(guild, entry) if home and not entry.isdigit() else 0
            if namesakes > 1:
                reason = Said(
                    "the role {name}, but {count} roles in server {server} bear that name: list "
                    "it in [roles] by id ({prefix}<id>)",
                    name=entry,
                    count=namesakes,
                    server=guild.name,
                    prefix=ROLE_PREFIX,
                )
                found.append(Claim(role, reason, counts=False))
            else:
                found.append(self._claim(guild, role, power))
        return tuple(found)

    def check_guild(self, guild: discord.Guild) -> None:
        """Warn about each role name in [roles] that no role, or several, bear in a home guild."""
        if guild.id not in self.home:
            return
        for _, _, entry in self.entries:
            if not entry.isdigit() and self._namesakes(guild, entry) == 0:
                log.warning(
                    "discord: no role in server %s (%s) is named %r: anyone who may manage roles"
                    " there could make it and hold it; list the role by id (%s<id>) once it exists",
                    guild.name,
                    guild.id,
                    entry,
                    ROLE_PREFIX,
                )

    def _claim(self, guild: discord.Guild, role: Role, power: Said) -> Claim:
        """A claim that counts in a home server and gives nothing elsewhere."""
        if guild.id in self.home:
            return Claim.at_home(role, power, "server", guild.name)
        return Claim.elsewhere(role, power, "server")

    def _namesakes(self, guild: discord.Guild, name: str) -> int:
        """How many roles of ``guild`` are named ``name``; several are warned about once."""
        count = sum(1 for role in guild.roles if role.name == name)
        if count > 1 and (guild.id, name, count) not in self._warned:
            self._warned.add((guild.id, name, count))
            log.warning(
                "discord: %d roles in server %s (%s) are named %r: that name in [roles] gives "
                "nobody a role there; list the role by id (%s<id>)",
                count,
                guild.name,
                guild.id,
                name,
                ROLE_PREFIX,
            )
        return count
