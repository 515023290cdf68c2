"""Who may do what: the group's [roles] lists on top of what each platform claims."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.core.model import Claim, Person, Place, Role
from bot.core.said import Said, spoken

Say = Callable[[str | Said], str]
"""How a Said is put into words: English (``spoken``) or a language's."""

EVERYONE = Said(
    "everyone is a member; admins and organisers are named in the config's [roles], "
    "or hold power in the group's home rooms and servers"
)
BECAUSE = {
    Role.MEMBER: Said("member: {reasons}"),
    Role.ORGANISER: Said("organiser: {reasons}"),
    Role.ADMIN: Said("admin: {reasons}"),
}
ALSO = {
    Role.MEMBER: Said("Also member: {reason}"),
    Role.ORGANISER: Said("Also organiser: {reason}"),
    Role.ADMIN: Said("Also admin: {reason}"),
}
NOT_COUNTED = {
    Role.MEMBER: Said("Not counted (member): {reason}"),
    Role.ORGANISER: Said("Not counted (organiser): {reason}"),
    Role.ADMIN: Said("Not counted (admin): {reason}"),
}


class Authority:
    """Adds the roles the config's [roles] gives a person's id to what the platform claims."""

    def __init__(self, admins: Iterable[str] = (), organisers: Iterable[str] = ()) -> None:
        self.admins = frozenset(admins)
        self.organisers = frozenset(organisers)

    def resolve(self, person: Person) -> Person:
        """``person`` with a claim for each [roles] list that names their id."""
        listed = []
        if person.id in self.admins:
            listed.append(Claim(Role.ADMIN, Said("listed in [roles] admins")))
        if person.id in self.organisers:
            listed.append(Claim(Role.ORGANISER, Said("listed in [roles] organisers")))
        return replace(person, claims=(*listed, *person.claims)) if listed else person


def why(person: Person, say: Say = spoken) -> str:
    """The person's role and where it comes from, in one line ("organiser: power 50 in ...")."""
    role = person.role
    if role is Role.MEMBER:
        ignored = unique(say(claim.reason) for claim in person.claims if not claim.counts)
        reasons = "; ".join(ignored) or say(EVERYONE)
    else:
        counted = (claim.reason for claim in person.claims if claim.counts and claim.role is role)
        reasons = "; ".join(unique(say(reason) for reason in counted))
    return say(BECAUSE[role].filled(reasons=reasons))


def who_where(person: Person, place: Place) -> str:
    """Who, where, and the role the model gives them with why (for the log)."""
    return f"{person.id} in {place.platform} {place.id} is {why(person)}"


def also(person: Person, say: Say = spoken) -> list[str]:
    """The claims that do not decide the role: lower roles, and power that does not count."""
    role = person.role
    lines = []
    for claim in person.claims:
        if claim.counts and claim.role is not role:
            lines.append(say(ALSO[claim.role].filled(reason=say(claim.reason))))
        elif not claim.counts and role is not Role.MEMBER:
            lines.append(say(NOT_COUNTED[claim.role].filled(reason=say(claim.reason))))
    return unique(lines)


def unique(texts: Iterable[str]) -> list[str]:
    """``texts`` in order, each once."""
    return list(dict.fromkeys(texts))
