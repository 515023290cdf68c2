"""The composition of the web face: its services from the same domains the chat uses."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.access.store import AccessStore
from bot.commands.event_words import format_time
from bot.config import Settings, WebSettings
from bot.core.clock import SystemClock
from bot.core.links import WebLinks
from bot.core.ports import Clock
from bot.events.service import EventService
from bot.facts.fact_writer import FactWriter
from bot.facts.seed import seed_if_new
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter
from bot.storage.database import Database, open_database

if TYPE_CHECKING:
    from bot.web.services import Feeds, Upcoming, WebServices

# How many upcoming events the events page lists.
EVENTS_SHOWN = 50


def web_settings(settings: Settings) -> WebSettings:
    """The [web] section, or its defaults (the console's links, `campaign-bot web`)."""
    return settings.web or WebSettings()


def public_links(web: WebSettings) -> WebLinks:
    """Links as people open them: the base URL, else this machine's address and port."""
    if web.base_url:
        return WebLinks(web.base_url)
    address = ipaddress.ip_address(web.listen)
    if address.is_unspecified:
        address = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    host = f"[{address}]" if address.version == 6 else str(address)
    return WebLinks(f"http://{host}:{web.port}")


def answer_links(settings: Settings) -> WebLinks | None:
    """The links chat answers carry: only with [web] base_url set."""
    return WebLinks(settings.web.base_url) if settings.web and settings.web.base_url else None


def event_feeds(service: EventService, settings: Settings) -> Feeds:
    """The calendar feeds and the events page, read from the events domain."""
    from bot.web.services import Feeds, Upcoming

    channels = tuple(sorted(settings.channels))

    async def calendar_file(channel: str) -> bytes | None:
        from bot.events.ics import calendar

        if channel and channel not in channels:
            return None
        events = await service.events.all_events()
        if channel:
            events = [event for event in events if not event.channels or channel in event.channels]
        name = f"Campaign events: {channel}" if channel else "Campaign events"
        return await asyncio.to_thread(calendar, events, service.clock.now(), name)

    async def upcoming() -> list[Upcoming]:
        now = service.clock.now()
        return [
            Upcoming(
                event.title, format_time(event.next_start, service.zone_of(event), now), event.place
            )
            for event in await service.upcoming(EVENTS_SHOWN)
        ]

    return Feeds(calendar_file, channels, upcoming)


def event_service(settings: Settings, database: Database, clock: Clock) -> EventService:
    """The events, to read for the feeds (`campaign-bot web` plans and sends nothing)."""
    per_hour = settings.events.max_events_per_person_per_hour
    return EventService(database, clock, settings.zone, settings.announcement_channels(), per_hour)


def web_services(
    settings: Settings,
    facts: FactStore,
    access: AccessStore,
    clock: Clock,
    feeds: Feeds | None = None,
    web: WebSettings | None = None,
) -> WebServices:
    """Everything the pages use, over the database the chat uses."""
    from bot.web.services import WebServices

    database = facts.db
    return WebServices(
        facts=facts,
        fact_writer=FactWriter(database),
        topic_writer=TopicWriter(database),
        source_writer=SourceWriter(database),
        access=access,
        clock=clock,
        zone=settings.zone,
        prefix=settings.prefix,
        settings=web or web_settings(settings),
        version=database.version,
        feeds=feeds,
    )


async def serve_web(
    settings: Settings,
    path: Path,
    web: WebSettings,
    stop: asyncio.Event,
    say: Callable[[str], None],
) -> None:
    """`campaign-bot web`: the web face alone on the database at ``path`` until ``stop``."""
    from bot.web.site import WebServer

    database = await open_database(path)
    try:
        await seed_if_new(database)
        clock = SystemClock()
        facts = FactStore(database)
        access = AccessStore(database, clock, settings.roles.admins)
        feeds = event_feeds(event_service(settings, database, clock), settings)
        server = WebServer(web_services(settings, facts, access, clock, feeds, web))
        await server.start()
        try:
            base = public_links(replace(web, port=server.port)).base
            say(f"Serving the facts on {base}/ (Ctrl-C stops)")
            await stop.wait()
        finally:
            await server.stop()
    finally:
        await database.close()
