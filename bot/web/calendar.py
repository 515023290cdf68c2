"""The calendar feeds and the events page: public only when [web] public_events says so."""

from __future__ import annotations

from aiohttp import web

from bot.core.links import WebLinks
from bot.web.responses import html, not_found
from bot.web.services import Feeds, WebServices
from bot.web.templates import Pages

TOKEN_CHARS = 100


class CalendarPages:
    """Events can be sensitive (protests): without public_events, only the key opens them."""

    def __init__(self, services: WebServices, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    def routes(self) -> list[web.RouteDef]:
        """The feed and events routes."""
        return [
            web.get("/calendar.ics", self.public_calendar),
            web.get("/calendar/{token}.ics", self.keyed_calendar),
            web.get("/events", self.public_events),
            web.get("/events/{token}", self.keyed_events),
        ]

    async def _opened(self, token: str | None) -> Feeds | None:
        """The feeds, when this request may read them (a wrong key looks like no page)."""
        feeds = self.services.feeds
        if feeds is None:
            return None
        if token is None:
            return feeds if self.services.settings.public_events else None
        if len(token) > TOKEN_CHARS or not await self.services.access.opens_feeds(token):
            return None
        return feeds

    async def _calendar(self, request: web.Request, token: str | None) -> web.Response:
        """The iCalendar file, for every channel or the one ``?channel=`` names."""
        feeds = await self._opened(token)
        if feeds is None:
            return not_found(self.pages)
        channel = request.query.get("channel", "")[:60]
        data = await feeds.calendar(channel)
        if data is None:
            return not_found(self.pages, "There is no announcement channel by that name.")
        response = web.Response(body=data, content_type="text/calendar", charset="utf-8")
        response.headers["Cache-Control"] = "private, max-age=300"
        response.headers["Content-Disposition"] = 'inline; filename="events.ics"'
        return response

    async def _events(self, token: str | None) -> web.Response:
        """The upcoming events as a page, with the feed to subscribe to."""
        feeds = await self._opened(token)
        if feeds is None:
            return not_found(self.pages)
        links = WebLinks()
        body = self.pages.render(
            "events.html",
            events=await feeds.upcoming(),
            calendar=links.calendar(token),
            channels=[(name, links.calendar(token, name)) for name in feeds.channels],
            query="",
        )
        response = html(body, private=token is not None)
        return response

    async def public_calendar(self, request: web.Request) -> web.Response:
        """/calendar.ics: only with public_events."""
        return await self._calendar(request, None)

    async def keyed_calendar(self, request: web.Request) -> web.Response:
        """/calendar/<key>.ics."""
        return await self._calendar(request, request.match_info["token"])

    async def public_events(self, request: web.Request) -> web.Response:
        """/events: only with public_events."""
        return await self._events(None)

    async def keyed_events(self, request: web.Request) -> web.Response:
        """/events/<key>."""
        return await self._events(request.match_info["token"])
