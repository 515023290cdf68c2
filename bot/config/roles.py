"""The [roles] section: people given a role by their platform id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.config.reader import Reader

DISCORD_ROLE_PREFIX = "discord-role:"
# The role every member of a Discord server holds; its id is the server's id.
EVERYONE_ROLE = "@everyone"


@dataclass(frozen=True)
class RoleSettings:
    """People given a role by their platform id, whatever the platform says."""

    admins: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()


def parse_roles(read: Reader) -> RoleSettings:
    """The [roles] section."""
    roles = read.table("roles")
    read.unknown(roles, "roles", {"admins", "organisers"})
    return RoleSettings(
        admins=read.texts(roles, "roles", "admins"),
        organisers=read.texts(roles, "roles", "organisers"),
    )


def everyone_problems(roles: RoleSettings, guilds: Iterable[str]) -> list[str]:
    """The [roles] entries naming the role every member holds (its name, or a server's id)."""
    servers = set(guilds)
    problems = []
    for key, label, entries in (
        ("admins", "admin", roles.admins),
        ("organisers", "organiser", roles.organisers),
    ):
        for entry in entries:
            if not entry.startswith(DISCORD_ROLE_PREFIX):
                continue
            role = entry.removeprefix(DISCORD_ROLE_PREFIX)
            if role.lower() == EVERYONE_ROLE:
                problems.append(
                    f"roles.{key}: {entry!r} would make every member {label}: {EVERYONE_ROLE}"
                    " is the role all members hold"
                )
            elif role in servers:
                problems.append(
                    f"roles.{key}: {entry!r} is the id of server {role}, which is also the id"
                    f" of its {EVERYONE_ROLE} role: every member would be {label}"
                )
    return problems
