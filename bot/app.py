"""The composition root: opens the database, builds the router and runs the adapters."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.access.store import AccessStore
from bot.app_web import answer_links, event_feeds, public_links, web_services, web_settings
from bot.commands.catalog import Catalog
from bot.commands.events import EventCommands
from bot.commands.fact_admin import FactAdminCommands
from bot.commands.facts import FactCommands
from bot.commands.help import HelpCommands
from bot.commands.language import LanguageCommands
from bot.commands.language_choice import LanguageChoice
from bot.commands.limits import RateLimiter
from bot.commands.registry import Command, Registry
from bot.commands.reminder_texts import ReminderTexts
from bot.commands.router import Router
from bot.commands.sources import SourceCommands
from bot.commands.topic_admin import TopicAdminCommands
from bot.commands.web import WebCommands
from bot.commands.whoami import WhoamiCommands
from bot.config import (
    Settings,
    default_database_path,
)
from bot.core.authority import Authority
from bot.core.cache import VersionedCache
from bot.core.clock import SystemClock
from bot.core.links import WebLinks
from bot.core.model import Incoming, Reply
from bot.core.ports import (
    ChatAdapter,
    Clock,
    CommandMenu,
    MessageHandler,
    PrivateReplies,
    ReactionRsvp,
    SpeaksUnasked,
    TrustedLocal,
)
from bot.events.engine import DeliveryEngine
from bot.events.service import EventService
from bot.events.turns import Turns
from bot.events.waker import Waker
from bot.facts.fact_writer import FactWriter
from bot.facts.seed import seed_if_new
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter
from bot.health import STATUS_INTERVAL, keep_status
from bot.i18n.catalogs import Languages
from bot.platforms import Arrivals
from bot.rooms.store import RoomLanguages
from bot.storage.database import Database, open_database

if TYPE_CHECKING:
    from bot.web.site import WebServer

log = logging.getLogger(__name__)

UTC_ZONE = ZoneInfo("UTC")


def build_limiter(settings: Settings) -> RateLimiter:
    """The command rate limits of the config's [limits] (trusted local adapters are exempted
    when the app serves them: ``App.exempt_local``)."""
    limits = settings.limits
    return RateLimiter(limits.person, limits.room, limits.window_seconds, limits.cooldown_seconds)


def build_registry(
    facts: FactStore,
    events: EventCommands | None = None,
    zone: ZoneInfo = UTC_ZONE,
    clock: Clock | None = None,
    web: WebCommands | None = None,
    links: WebLinks | None = None,
    languages: LanguageCommands | None = None,
) -> Registry:
    """Every command group, registered in the order !help lists them.

    ``links``: the fact and topic answers link to their web pages.
    """
    registry = Registry()
    # Answers to the read-only fact commands, kept until anything commits to the database.
    answers = VersionedCache(facts.db.version)
    registry.add_all(FactCommands(facts, answers, links=links).commands())
    spoken = languages.languages.codes if languages is not None else ("en",)
    registry.add_all(admin_commands(facts, zone, clock or SystemClock(), spoken))
    if events is not None:
        registry.add_all(events.commands())
    if web is not None:
        registry.add_all(web.commands())
    if languages is not None:
        registry.add_all(languages.commands())
    registry.add_all(WhoamiCommands().commands())
    registry.add_all(HelpCommands(registry).commands())
    return registry


def admin_commands(
    facts: FactStore, zone: ZoneInfo, clock: Clock, languages: tuple[str, ...] = ("en",)
) -> list[Command]:
    """The commands that change facts, topics and sources, over the facts' database.

    ``languages``: those a fact may be translated into (the ones the bot speaks).
    """
    return [
        *SourceCommands(facts, SourceWriter(facts.db), zone, clock).commands(),
        *FactAdminCommands(facts, FactWriter(facts.db), zone, clock, languages).commands(),
        *TopicAdminCommands(facts, TopicWriter(facts.db), zone).commands(),
    ]


def build_schedule(
    settings: Settings,
    database: Database,
    clock: Clock,
    turns: Turns | None = None,
    choice: LanguageChoice | None = None,
) -> tuple[EventService, DeliveryEngine, Waker]:
    """The event service, the delivery engine and the timer that wakes it (when it is ours).

    ``choice`` picks the language of each post by where it goes.
    """
    events = EventService(
        database,
        clock,
        settings.zone,
        settings.announcement_channels(),
        settings.events.max_events_per_person_per_hour,
        on_change=lambda: waker.poke(),
    )
    engine = DeliveryEngine(
        events,
        clock,
        ReminderTexts(settings.zone, settings.prefix, choice),
        grace=timedelta(seconds=settings.events.grace_seconds),
        organisers_channel=settings.organisers_channel(),
    )
    waker = Waker(engine, clock, turns)
    return events, engine, waker


class App:
    """The running bot: settings, database, router, reminders and the adapters it serves."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        router: Router,
        catalog: Catalog,
        schedule: tuple[EventService, DeliveryEngine, Waker],
        wake: bool = True,
        web: WebServer | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.router = router
        self.catalog = catalog
        self.events, self.engine, self.waker = schedule
        self.wake = wake
        # The web face, served while the adapters run (with a [web] section).
        self.web = web
        self.authority = Authority(settings.roles.admins, settings.roles.organisers)
        self._stop = asyncio.Event()

    @classmethod
    async def open(
        cls,
        settings: Settings,
        database_path: Path | None = None,
        *,
        clock: Clock | None = None,
        wake: bool = True,
        turns: Turns | None = None,
        serve_web: bool = False,
    ) -> App:
        """Open the database (seeding a new one) and build everything on top of it.

        ``wake=False`` leaves reminders to explicit ``engine.run_due()`` calls (tests).
        ``turns`` says when this process may send them (the database's lease); without it,
        the caller vouches that no other process does. ``serve_web``: with a [web] section,
        `run` serves the web face too (the console never does).
        """
        path = database_path or settings.database or default_database_path()
        database = await open_database(path)
        try:
            await seed_if_new(database)
        except BaseException:
            await database.close()
            raise
        clock = clock or SystemClock()
        languages = Languages(settings.language)
        rooms = RoomLanguages(database)
        choice = LanguageChoice(languages, rooms)
        schedule = build_schedule(settings, database, clock, turns, choice)
        commands = EventCommands(schedule[0], settings.events.default_reminders)
        facts = FactStore(database)
        access = AccessStore(database, clock, settings.roles.admins)
        web = web_settings(settings)
        web_commands = WebCommands(access, public_links(web), web.public_events)
        registry = build_registry(
            facts,
            commands,
            settings.zone,
            clock,
            web_commands,
            answer_links(settings),
            LanguageCommands(languages, rooms),
        )
        router = Router(registry, settings.prefix, build_limiter(settings), choice)
        server = None
        if serve_web and settings.web is not None:
            from bot.web.site import WebServer

            feeds = event_feeds(schedule[0], settings)
            server = WebServer(web_services(settings, facts, access, clock, feeds))
        catalog = Catalog(registry, facts, languages)
        return cls(settings, database, router, catalog, schedule, wake, server)

    async def answer(self, incoming: Incoming, *, privately: bool = False) -> Reply | None:
        """The reply to one message, or None when it is not a command.

        ``privately``: the adapter can give an answer to the asker alone wherever they asked
        (else a command whose answer is private is refused outside a direct conversation).
        """
        author = self.authority.resolve(incoming.author)
        return await self.router.handle(incoming.by(author), privately=privately)

    def handler_for(self, adapter: ChatAdapter) -> MessageHandler:
        """The callback an adapter calls for each incoming message."""
        privately = isinstance(adapter, PrivateReplies) and adapter.delivers_privately

        async def on_message(incoming: Incoming) -> None:
            reply = await self.answer(incoming, privately=privately)
            if reply is not None:
                await adapter.send(incoming.place, reply, reply_to=incoming)

        return on_message

    def exempt_local(self, adapters: list[ChatAdapter]) -> None:
        """Never rate-limit the platforms of ``adapters`` that serve one trusted local person."""
        limiter = self.router.limiter
        if limiter is None:
            return
        local = {a.platform for a in adapters if isinstance(a, TrustedLocal) and a.trusted_local}
        limiter.exempt_platforms = limiter.exempt_platforms | local

    def request_stop(self) -> None:
        """Make ``run`` stop its adapters and return (e.g. on SIGTERM)."""
        self._stop.set()

    async def run(
        self,
        adapters: list[ChatAdapter],
        *,
        arriving: Arrivals | None = None,
        status_file: Path | None = None,
        status_interval: float = STATUS_INTERVAL,
    ) -> None:
        """Run every adapter until the first one ends (input closed, a fatal error, a stop).

        ``arriving`` adapters are served as soon as each is made (its SDK imported); the
        reminders start once all have arrived, so the first answers need not wait for them.
        Reminders go out through the adapters while they run, when this process has the
        turn (see ``Turns``); others' reminders wait. With ``status_file``, a heartbeat for
        `campaign-bot health` is kept there.
        """
        await self.waker.recover()
        if self.web is not None:
            await self.web.start()
        served: list[ChatAdapter] = []
        tasks: list[asyncio.Task[None]] = []
        for adapter in adapters:
            self._serve(adapter, served, tasks)
        stopper = asyncio.create_task(self._stop.wait(), name="stop")
        helpers: list[asyncio.Task[object]] = [stopper]
        arrival = asyncio.create_task(arriving.next()) if arriving is not None else None
        waking: asyncio.Task[None] | None = None
        if status_file is not None:
            report = keep_status(status_file, served, tasks, status_interval, self.problems)
            helpers.append(asyncio.create_task(report, name="status"))
        try:
            while True:
                if waking is None and arrival is None:
                    waking = asyncio.create_task(self._start_reminders())
                extra = [task for task in (arrival, waking) if task is not None and not task.done()]
                done, _ = await asyncio.wait(
                    [*tasks, stopper, *extra], return_when=asyncio.FIRST_COMPLETED
                )
                if arrival is not None and arrival in done:
                    made = arrival.result()
                    arrival = None
                    if made is not None and arriving is not None:
                        self._serve(made, served, tasks)
                        arrival = asyncio.create_task(arriving.next())
                if waking is not None and waking in done:
                    waking.result()
                ended = [task for task in done if task is stopper or task in tasks]
                for task in ended:
                    task.result()
                if ended:
                    break
        finally:
            leftover = [task for task in (arrival, waking) if task is not None]
            for task in leftover:
                task.cancel()
            await asyncio.gather(*leftover, return_exceptions=True)
            if arriving is not None:
                await arriving.close()
            await self.waker.stop()
            for adapter in served:
                self.engine.detach(adapter)
                await adapter.stop()
            for running in [*tasks, *helpers]:
                running.cancel()
            await asyncio.gather(*tasks, *helpers, return_exceptions=True)
            if self.web is not None:
                await self.web.stop()

    def _serve(
        self, adapter: ChatAdapter, served: list[ChatAdapter], tasks: list[asyncio.Task[None]]
    ) -> None:
        """Give ``adapter`` the commands and the event look-up, start it, deliver through it."""
        self.exempt_local([adapter])
        if isinstance(adapter, CommandMenu):
            adapter.offer_commands(self.catalog.specs(), self.catalog.suggest)
        if isinstance(adapter, ReactionRsvp):
            adapter.use_event_lookup(self.events.deliveries.event_of_message)
        if isinstance(adapter, SpeaksUnasked):
            adapter.use_words(self.router.explain)
        served.append(adapter)
        tasks.append(
            asyncio.create_task(adapter.start(self.handler_for(adapter)), name=adapter.platform)
        )
        self.engine.attach(adapter)

    async def _start_reminders(self) -> None:
        """Start the reminder timer (unless reminders are sent by explicit runs)."""
        if self.wake:
            await self.waker.start()

    def problems(self) -> tuple[str, ...]:
        """What is failing now: the last reminder run, the last write to the database."""
        found = (self.waker.problem if self.wake else None, self.database.write_problem)
        return tuple(problem for problem in found if problem)

    async def close(self) -> None:
        """Close the database."""
        await self.database.close()
