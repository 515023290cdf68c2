"""Who may do what: the group's [roles] lists on top of what each platform claims."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.core.model import Claim, Person, Role

EVERYONE = (
    "everyone is a member; admins and organisers are named in the config's [roles], "
    "or hold power in the group's home rooms and servers"
)


class Authority:
    """Adds the roles the config's [roles] gives a person's id to what the platform claims."""

    def __init__(self, admins: Iterable[str] = (), organisers: Iterable[str] = ()) -> None:
        self.admins = frozenset(admins)
        self.organisers = frozenset(organisers)

    def resolve(self, person: Person) -> Person:
        """``person`` with a claim for each [roles] list that names their id."""
        listed = []
        if person.id in self.admins:
            listed.append(Claim(Role.ADMIN, "listed in [roles] admins"))
        if person.id in self.organisers:
            listed.append(Claim(Role.ORGANISER, "listed in [roles] organisers"))
        return replace(person, claims=(*listed, *person.claims)) if listed else person


def why(person: Person) -> str:
    """The person's role and where it comes from, in one line ("organiser: power 50 in ...")."""
    role = person.role
    if role is Role.MEMBER:
        ignored = unique(claim.reason for claim in person.claims if not claim.counts)
        return f"member: {'; '.join(ignored) or EVERYONE}"
    reasons = unique(claim.reason for claim in person.claims if claim.counts and claim.role is role)
    return f"{role.label}: {'; '.join(reasons)}"


def also(person: Person) -> list[str]:
    """The claims that do not decide the role: lower roles, and power that does not count."""
    role = person.role
    lines = []
    for claim in person.claims:
        if claim.counts and claim.role is not role:
            lines.append(f"Also {claim.role.label}: {claim.reason}")
        elif not claim.counts and role is not Role.MEMBER:
            lines.append(f"Not counted ({claim.role.label}): {claim.reason}")
    return unique(lines)


def unique(texts: Iterable[str]) -> list[str]:
    """``texts`` in order, each once."""
    return list(dict.fromkeys(texts))
