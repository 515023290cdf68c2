"""!web login (admins) and !web calendar (organisers): private links to the web face."""

from __future__ import annotations

from bot.access.records import Admin
from bot.access.store import AccessStore
from bot.commands.params import Kind, word
from bot.commands.registry import Command, Context
from bot.core.authority import why
from bot.core.errors import UsageError
from bot.core.links import WebLinks
from bot.core.model import Line, Reply, Role, Style
from bot.i18n.language import N_, Language

LOGIN_DENIED = N_("Only admins can log in to the web editor.")
CALENDAR_DENIED = N_("Only organisers can get the calendar link.")


def _rotate(text: str, lang: Language) -> bool:
    """The one word ``web calendar`` takes: rotate."""
    if text.strip().lower() != "rotate":
        raise UsageError(lang._("Add nothing for the link, or rotate for a new one."))
    return True


ROTATE = word(
    "rotate",
    Kind(_rotate, N_("rotate: make a new link, so the old one stops working"), shape="rotate"),
    required=False,
)


class WebCommands:
    """Links that open the web face's private parts, given only in a private conversation."""

    def __init__(self, access: AccessStore, links: WebLinks, public_events: bool) -> None:
        self.access = access
        self.links = links
        self.public_events = public_events

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return [
            Command(
                "web login",
                N_("Get a one-time link that logs you in to the web editor (in a direct message)."),
                self.login,
                example="web login",
                role=Role.ADMIN,
                denied=LOGIN_DENIED,
            ),
            Command(
                "web calendar",
                N_("The calendar feed's secret link for phones; 'rotate' makes a new one."),
                self.calendar,
                (ROTATE,),
                example="web calendar",
                role=Role.ORGANISER,
                denied=CALENDAR_DENIED,
            ),
        ]

    @staticmethod
    def _only_in_private(ctx: Context, command: str) -> Reply | None:
        """A refusal when the command was typed where others read the answer, else None."""
        if ctx.direct:
            return None
        if command == "web login":
            said = ctx.lang._("I give login links only in a direct message, where nobody else "
                              "can read it: send me {command} there.",
                              command=f"{ctx.prefix}{command}")  # fmt: skip
        else:
            said = ctx.lang._("I give the calendar link only in a direct message, where nobody "
                              "else can read it: send me {command} there.",
                              command=f"{ctx.prefix}{command}")  # fmt: skip
        return Reply.oops(said)

    async def login(self, ctx: Context) -> Reply:
        """!web login: a link valid once, for ten minutes, that opens the editor."""
        if (refused := self._only_in_private(ctx, "web login")) is not None:
            return refused
        person, lang = ctx.person, ctx.lang
        token = await self.access.issue_login(Admin(person.id, person.name, why(person)))
        return Reply(
            (
                Line(lang._("Your login link for the web editor (it works once, for 10 minutes):")),
                Line(self.links.login(token)),
                Line(lang._("Do not pass it on: it logs in as you."), Style.HINT),
            )
        )

    async def calendar(self, ctx: Context) -> Reply:
        """!web calendar [rotate]: the feed behind its secret link, or a new link."""
        lang = ctx.lang
        rotate = ROTATE in ctx
        if self.public_events:
            calendar, page = self.links.calendar(), self.links.events()
            return Reply.say(lang._("Events are public here: {calendar} (the page: {page}).",
                                    calendar=calendar, page=page))  # fmt: skip
        if (refused := self._only_in_private(ctx, "web calendar")) is not None:
            return refused
        if rotate:
            token = await self.access.rotate_feed_token()
            head = lang._("New calendar link (the old one no longer works):")
        else:
            token = await self.access.feed_token()
            head = lang._("The calendar link, for your phone's calendar app:")
        page = lang._("The events as a page: {link}", link=self.links.events(token))
        keep = lang._("Anyone with the link can read the events: keep it in the group. If it "
                      "leaks, {command} makes a new one.",
                      command=f"{ctx.prefix}web calendar rotate")  # fmt: skip
        return Reply(
            (Line(head), Line(self.links.calendar(token)), Line(page), Line(keep, Style.HINT))
        )
