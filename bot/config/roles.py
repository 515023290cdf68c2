"""The [roles] section: people given a role by their platform id."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config.reader import Reader


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
