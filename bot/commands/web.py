"""!web login (admins), !web logout and !web calendar (organisers): the web face's keys."""

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
    """Links that open the web face's private parts: answers for the asker's eyes only."""

    def __init__(self, access: AccessStore, links: WebLinks, public_events: bool) -> None:
        self.access = access
        self.links = links
        self.public_events = public_events

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return [
            Command(
                "web login",
                N_(
                    "Get a one-time link that logs you in to the web editor, sent to you privately."
                ),
                self.login,
                example="web login",
                role=Role.ADMIN,
                denied=LOGIN_DENIED,
                private=True,
            ),
            Command(
                "web logout",
                N_("End every web editor session of yours, in every browser."),
                self.logout,
                example="web logout",
            ),
            Command(
                "web calendar",
                N_(
                    "The calendar feed's secret link for phones, sent to you privately;"
                    " 'rotate' makes a new one."
                ),
                self.calendar,
                (ROTATE,),
                example="web calendar",
                role=Role.ORGANISER,
                denied=CALENDAR_DENIED,
                # Public events have no secret link to keep from the room.
                private=not self.public_events,
            ),
        ]

    async def login(self, ctx: Context) -> Reply:
        """!web login: a link valid once, for ten minutes, that opens the editor."""
        person, lang = ctx.person, ctx.lang
        token = await self.access.issue_login(Admin(person.id, person.name, why(person)))
        return Reply(
            (
                Line(lang._("Your login link for the web editor (it works once, for 10 minutes):")),
                Line(self.links.login(token)),
                Line(lang._("Do not pass it on: it logs in as you."), Style.HINT),
            )
        )

    async def logout(self, ctx: Context) -> Reply:
        """!web logout: end the sessions opened with this person's login links."""
        lang = ctx.lang
        ended = await self.access.end_sessions(ctx.person.id)
        if not ended:
            return Reply.say(lang._("You had no web editor session open."))
        return Reply.say(lang.n_("Logged out: {count} web editor session of yours ended.",
                                 "Logged out: {count} web editor sessions of yours ended.",
                                 ended))  # fmt: skip

    async def calendar(self, ctx: Context) -> Reply:
        """!web calendar [rotate]: the feed behind its secret link, or a new link."""
        lang = ctx.lang
        rotate = ROTATE in ctx
        if self.public_events:
            calendar, page = self.links.calendar(), self.links.events()
            return Reply.say(lang._("Events are public here: {calendar} (the page: {page}).",
                                    calendar=calendar, page=page))  # fmt: skip
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
