"""The composition root: opens the database, builds the router and runs the adapters."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from bot.access.store import AccessStore
from bot.app_parts import build_limiter, build_registry, build_schedule
from bot.app_web import answer_links, event_feeds, public_links, web_services, web_settings
from bot.commands.catalog import Catalog
from bot.commands.events import EventCommands
from bot.commands.language import LanguageCommands
from bot.commands.language_choice import LanguageChoice
from bot.commands.router import Router
from bot.commands.web import WebCommands
from bot.config import (
    Settings,
    default_database_path,
)
from bot.core.authority import Authority
from bot.core.clock import SystemClock
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
from bot.facts.seed import seed_if_new
from bot.facts.store import FactStore
from bot.health import STATUS_INTERVAL, keep_status
from bot.i18n.catalogs import Languages
from bot.platforms import Arrivals
from bot.rooms.store import RoomLanguages
from bot.storage.database import Database, open_database

if TYPE_CHECKING:
    from bot.web.site import WebServer

log = logging.getLogger(__name__)


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
