"""The public pages: topics, a topic's quotes, search, a fact, a source with its quotes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from aiohttp import web

from bot.commands.facts import PAGE_BUDGET
from bot.core.cache import VersionedCache
from bot.core.links import WebLinks
from bot.web.card import render_card
from bot.web.client import client_address, origin_of
from bot.web.highlight import pieces
from bot.web.limits import AddressLimiter, retry_after
from bot.web.responses import error_page, html, not_found
from bot.web.services import WebServices
from bot.web.templates import Pages

SEARCH_LIMIT = 20
MAX_QUERY = 200
PAGE_NUMBER_DIGITS = 6


class PublicPages:
    """Read-only pages anyone may open; pages are kept until the database changes."""

    def __init__(self, services: WebServices, pages: Pages) -> None:
        self.services = services
        self.pages = pages
        self.paths = WebLinks()
        self.cache = VersionedCache(services.version, size=2048)
        self.cards = VersionedCache(services.version, size=128)
        settings = services.settings
        self.search_limit = AddressLimiter(settings.searches_per_minute)
        self.card_limit = AddressLimiter(settings.cards_per_minute)

    def routes(self) -> list[web.RouteDef]:
        """The routes these pages answer."""
        return [
            web.get("/", self.index),
            web.get("/topics/{name}", self.topic),
            web.get("/search", self.search),
            web.get(r"/facts/{id:\d{1,9}}", self.fact),
            web.get(r"/facts/{id:\d{1,9}}/card.png", self.card),
            web.get("/sources/{id}", self.source),
        ]

    def canonical(self, request: web.Request) -> str:
        """The page's own address, under the base URL when one is set."""
        settings = self.services.settings
        origin = settings.base_url or origin_of(request, settings.trust_forwarded, "")
        return f"{origin}{request.rel_url}"

    def _limited(self, limiter: AddressLimiter, request: web.Request) -> web.Response | None:
        """A 429 page when this client has used up ``limiter``'s budget, else None."""
        wait = limiter.allow(client_address(request, self.services.settings.trust_forwarded))
        if not wait:
            return None
        response = error_page(
            self.pages, 429, "Slow down", "Too many requests from your address: wait a moment."
        )
        response.headers["Retry-After"] = retry_after(wait)
        return response

    async def _cached(
        self, key: Hashable, make: Callable[[], Awaitable[web.Response]]
    ) -> web.Response:
        """A page kept while the database is unchanged (its body and status)."""

        async def body() -> tuple[str, int]:
            response = await make()
            return str(response.text), response.status

        text, status = await self.cache.get(key, body)
        return html(text, status)

    async def index(self, request: web.Request) -> web.Response:
        """The topics with their counts, and the search box."""

        async def make() -> web.Response:
            topics = await self.services.facts.topics()
            return html(self.pages.render("index.html", topics=topics, links=self.paths))

        return await self._cached("index", make)

    async def topic(self, request: web.Request) -> web.Response:
        """One page of a topic's quotes, paged like the chat."""
        name = request.match_info["name"][:100]
        raw = request.query.get("page", "1")
        if not raw.isdecimal() or len(raw) > PAGE_NUMBER_DIGITS or int(raw) < 1:
            return not_found(self.pages, "Pages are numbered 1, 2, 3…")
        number = int(raw)
        canonical = self.canonical(request)

        async def make() -> web.Response:
            found = await self.services.facts.topic_page(name, number, PAGE_BUDGET)
            if found is None:
                return not_found(self.pages, "There is no topic by that name.")
            if found.pages and number > found.pages:
                return not_found(self.pages, "That topic has fewer pages.")
            page = self.pages.render(
                "topic.html",
                topic=found.topic,
                facts=found.facts,
                number=number,
                pages=found.pages,
                links=self.paths,
                canonical=canonical,
            )
            return html(page)

        return await self._cached(("topic", name, number, canonical), make)

    async def search(self, request: web.Request) -> web.Response:
        """The same full-text search as the chat's, best match first."""
        query = " ".join(request.query.get("q", "").split())[:MAX_QUERY]
        if not query:
            return html(self.pages.render("search.html", query="", facts=[], more=False))
        if (refused := self._limited(self.search_limit, request)) is not None:
            return refused
        found = await self.services.facts.search(query, limit=SEARCH_LIMIT + 1)
        page = self.pages.render(
            "search.html",
            query=query,
            facts=found[:SEARCH_LIMIT],
            more=len(found) > SEARCH_LIMIT,
            links=self.paths,
        )
        return html(page)

    async def fact(self, request: web.Request) -> web.Response:
        """A fact's own page, with link-preview meta and its canonical address."""
        fact_id = int(request.match_info["id"])
        canonical = self.canonical(request)

        async def make() -> web.Response:
            fact = await self.services.facts.fact(fact_id)
            if fact is None:
                return not_found(self.pages, f"There is no fact #{fact_id}.")
            card = canonical.rsplit("/facts/", 1)[0] + self.paths.card(fact_id)
            body = self.pages.render(
                "fact.html", fact=fact, links=self.paths, canonical=canonical, card=card
            )
            return html(body)

        return await self._cached(("fact", fact_id, canonical), make)

    async def card(self, request: web.Request) -> web.Response:
        """The fact as a 1080×1080 quote card."""
        fact_id = int(request.match_info["id"])
        if (refused := self._limited(self.card_limit, request)) is not None:
            return refused
        fact = await self.services.facts.fact(fact_id)
        if fact is None:
            return not_found(self.pages, f"There is no fact #{fact_id}.")
        link = self.services.links.fact(fact_id) if self.services.settings.base_url else ""

        async def make() -> bytes:
            return await asyncio.to_thread(render_card, fact, link)

        png = await self.cards.get(("card", fact_id, link), make)
        response = web.Response(body=png, content_type="image/png")
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    async def source(self, request: web.Request) -> web.Response:
        """A source's details and its text with every quoted passage highlighted."""
        source_id = request.match_info["id"][:100]
        canonical = self.canonical(request)

        async def make() -> web.Response:
            found = await self.services.facts.source_page(source_id)
            if found is None:
                return not_found(self.pages, "There is no source by that id.")
            text = found.text
            body = self.pages.render(
                "source.html",
                source=found.details.source,
                facts=found.facts,
                text=text,
                pieces=pieces(text) if text else [],
                missing=text.missing if text else [fact.id for fact in found.facts],
                links=self.paths,
                canonical=canonical,
            )
            return html(body)

        return await self._cached(("source", source_id, canonical), make)
