"""The platform-neutral message model: who said what, where, and what the bot answers."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.quotes import ENGLISH_WORDING, Citation, Quote, Wording
from bot.core.said import Said


class Role(enum.IntEnum):
    """What a person may do; each role includes the ones below it."""

    MEMBER = 0
    ORGANISER = 1
    ADMIN = 2

    @property
    def label(self) -> str:
        """The role's name as people read it."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named by ``text`` (member, organiser/organizer, admin)."""
        key = text.strip().lower().replace("organizer", "organiser")
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(f"unknown role {text!r}: use member, organiser or admin") from None


@dataclass(frozen=True)
class Claim:
    """One reason someone might hold a role; it ``counts`` only where the group says so."""

    role: Role
    reason: str | Said
    counts: bool = True

    @classmethod
    def at_home(cls, role: Role, power: str | Said, kind: str, place: str) -> Claim:
        """Power held in one of the group's own rooms or servers (``kind``): it counts."""
        if kind == "server":
            return cls(role, Said("{power} in home server {place}", power=power, place=place))
        return cls(role, Said("{power} in home room {place}", power=power, place=place))

    @classmethod
    def elsewhere(cls, role: Role, power: str | Said, kind: str) -> Claim:
        """Power held in a room or server the group does not call its own: it gives nothing."""
        if kind == "server":
            reason = Said(
                "{power} here, but this server is not one of the group's home servers", power=power
            )
        else:
            reason = Said("{power} here, but this room is not one of the group's home rooms",
                          power=power)  # fmt: skip
        return cls(role, reason, counts=False)


@dataclass(frozen=True)
class Person:
    """Someone who sent a message, with every claim to a role the adapter and config found."""

    id: str
    name: str
    claims: tuple[Claim, ...] = ()

    @classmethod
    def given(cls, person_id: str, name: str, role: Role, reason: str | Said) -> Person:
        """A person trusted with ``role`` for ``reason`` (the terminal, the command line, tests)."""
        return cls(person_id, name, (Claim(role, reason),))

    @property
    def roles(self) -> frozenset[Role]:
        """Member, and every role a counted claim gives."""
        return frozenset({Role.MEMBER, *(claim.role for claim in self.claims if claim.counts)})

    @property
    def role(self) -> Role:
        """The highest role this person has."""
        return max(self.roles)

    def may(self, needed: Role) -> bool:
        """Whether this person holds ``needed`` or a role above it."""
        return self.role >= needed


@dataclass(frozen=True)
class Place:
    """A room or channel on one platform."""

    platform: str
    id: str
    name: str = ""


class Via(enum.Enum):
    """How a command reached the bot."""

    TEXT = "text"
    MENU = "menu"
    REACTION = "reaction"


@dataclass(frozen=True)
class Invocation:
    """A command called with values: which command, its values by parameter name, who, where.

    An adapter fills ``values`` with what the platform gave (text, whole numbers, yes/no);
    the router reads them as the command declares and hands the handler typed values.
    """

    command: str
    values: Mapping[str, object]
    author: Person
    place: Place
    direct: bool = False


@dataclass(frozen=True)
class Incoming:
    """Something that arrived from a platform: typed text, or a command picked or reacted.

    ``id`` is the platform's id of what a reply answers: the message, the interaction, or
    (for a reaction) the post reacted to. ``invocation`` is set, and ``text`` empty, when
    the platform already said which command and values (a slash command, a reaction).
    ``locale`` is the language the platform says the sender uses ('fr', 'es-ES'), if any.
    """

    text: str
    author: Person
    place: Place
    id: str = ""
    direct: bool = False
    received_at: datetime | None = None
    via: Via = Via.TEXT
    invocation: Invocation | None = None
    locale: str = ""

    @classmethod
    def invoked(
        cls,
        invocation: Invocation,
        via: Via,
        id: str,
        *,
        direct: bool = False,
        received_at: datetime | None = None,
        locale: str = "",
    ) -> Incoming:
        """A command the platform gave with its values: no text to parse."""
        invocation = replace(invocation, direct=direct)
        return cls(
            "", invocation.author, invocation.place, id, direct, received_at, via, invocation,
            locale,
        )  # fmt: skip

    def by(self, author: Person) -> Incoming:
        """This, sent by ``author`` (the same person, with the roles the group gives them)."""
        called = self.invocation
        return replace(self, author=author, invocation=called and replace(called, author=author))


class Style(enum.Enum):
    """How a line of text is meant to be read."""

    PLAIN = "plain"
    HEADING = "heading"
    HINT = "hint"


@dataclass(frozen=True)
class Moment:
    """A time inside a line: ``shown`` in the group's zone, or each reader's own where possible."""

    at: datetime
    shown: str
    relative: bool = True


Span = str | Moment


@dataclass(frozen=True)
class Line:
    """A line of the bot's own words (it may contain user text, which renderers escape).

    ``spans``, when given, is the same line with its times kept as Moments; ``text`` is then
    the line as the group's zone writes it.
    """

    text: str
    style: Style = Style.PLAIN
    spans: tuple[Span, ...] = ()

    @classmethod
    def of(cls, *spans: Span, style: Style = Style.PLAIN) -> Line:
        """A line made of text and times."""
        text = "".join(span if isinstance(span, str) else span.shown for span in spans)
        return cls(text, style, spans)

    def parts(self) -> tuple[Span, ...]:
        """The line as text and times (just its text when it has no times)."""
        return self.spans or (self.text,)


Block = Line | Quote


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply (the calendar of !events ics)."""

    name: str
    data: bytes
    media_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Privately:
    """A private answer's notes for the room it was asked in: sent to the asker, or kept back."""

    sent: str
    kept_back: str
    wording: Wording = ENGLISH_WORDING

    def sent_note(self) -> Reply:
        """The note that the answer went to the asker alone."""
        return Reply((Line(self.sent, Style.HINT),), wording=self.wording)

    def kept_back_note(self) -> Reply:
        """The note that the answer could not reach the asker privately, so was not given."""
        return replace(Reply.oops(self.kept_back), wording=self.wording)


@dataclass(frozen=True)
class Reply:
    """What the bot answers: blocks in order and an optional citation at the foot.

    ``attachment`` is a file to send with it where the platform can; ``about_event`` is the
    event a post is about (a reminder), so a reaction to the post can answer it; ``private``
    is set when it is for the asker's eyes only (a login link): the adapter gives it where
    only they read it, and leaves one of its notes in the room it was asked in. ``wording``
    is its language's, for what renderers add.
    """

    blocks: tuple[Block, ...] = ()
    footer: Citation | None = None
    error: bool = False
    attachment: Attachment | None = None
    about_event: int | None = None
    wording: Wording = ENGLISH_WORDING
    private: Privately | None = None

    @classmethod
    def say(cls, *lines: str) -> Reply:
        """A reply made of plain lines."""
        return cls(tuple(Line(text) for text in lines))

    @classmethod
    def oops(cls, message: str) -> Reply:
        """A one-line answer to a mistake."""
        return cls((Line(message, Style.HINT),), error=True)
