"""The composition root: opens the database, builds the router and runs the adapters."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import replace
from pathlib import Path

from bot.commands.facts import FactCommands
from bot.commands.help import HelpCommands
from bot.commands.limits import RateLimiter
from bot.commands.registry import Registry
from bot.commands.router import Router
from bot.config import Settings, default_database_path
from bot.core.model import Incoming, Person, Reply, Role
from bot.core.ports import ChatAdapter, MessageHandler, ReportsConnection
from bot.health import STATUS_INTERVAL, Status, clear_status, write_status
from bot.storage.database import Database, open_database
from bot.storage.facts import FactRepository
from bot.storage.seed import seed_if_new

log = logging.getLogger(__name__)

# One trusted local user: the terminal, and the in-process adapter of tests and benchmarks.
UNLIMITED_PLATFORMS = frozenset({"console", "test"})


def platform_adapters(settings: Settings) -> list[ChatAdapter]:
    """The chat adapters the config enables (each SDK is imported only when configured)."""
    adapters: list[ChatAdapter] = []
    return adapters


def build_limiter(settings: Settings) -> RateLimiter:
    """The command rate limits of the config's [limits]."""
    limits = settings.limits
    return RateLimiter(
        limits.person,
        limits.room,
        limits.window_seconds,
        limits.cooldown_seconds,
        exempt_platforms=UNLIMITED_PLATFORMS,
    )


def build_registry(facts: FactRepository) -> Registry:
    """Every command group, registered in the order !help lists them."""
    registry = Registry()
    registry.add_all(FactCommands(facts).commands())
    registry.add_all(HelpCommands(registry).commands())
    return registry


class App:
    """The running bot: settings, database, router and the adapters it serves."""

    def __init__(self, settings: Settings, database: Database, router: Router) -> None:
        self.settings = settings
        self.database = database
        self.router = router
        self._stop = asyncio.Event()

    @classmethod
    async def open(cls, settings: Settings, database_path: Path | None = None) -> App:
        """Open the database (seeding a new one) and build everything on top of it."""
        path = database_path or settings.database or default_database_path()
        database = await open_database(path)
        try:
            await seed_if_new(database)
        except BaseException:
            await database.close()
            raise
        router = Router(
            build_registry(FactRepository(database)), settings.prefix, build_limiter(settings)
        )
        return cls(settings, database, router)

    def with_configured_roles(self, person: Person) -> Person:
        """``person`` with the roles the config's [roles] gives their id."""
        extra: set[Role] = set()
        if person.id in self.settings.roles.admins:
            extra.add(Role.ADMIN)
        if person.id in self.settings.roles.organisers:
            extra.add(Role.ORGANISER)
        return replace(person, roles=person.roles | extra) if extra else person

    async def answer(self, incoming: Incoming) -> Reply | None:
        """The reply to one message, or None when it is not a command."""
        author = self.with_configured_roles(incoming.author)
        return await self.router.handle(replace(incoming, author=author))

    def handler_for(self, adapter: ChatAdapter) -> MessageHandler:
        """The callback an adapter calls for each incoming message."""

        async def on_message(incoming: Incoming) -> None:
            reply = await self.answer(incoming)
            if reply is not None:
                await adapter.send(incoming.place, reply, reply_to=incoming)

        return on_message

    def request_stop(self) -> None:
        """Make ``run`` stop its adapters and return (e.g. on SIGTERM)."""
        self._stop.set()

    async def run(
        self,
        adapters: list[ChatAdapter],
        *,
        status_file: Path | None = None,
        status_interval: float = STATUS_INTERVAL,
    ) -> None:
        """Run every adapter until the first one ends (input closed, a fatal error, a stop)."""
        tasks = [
            asyncio.create_task(a.start(self.handler_for(a)), name=a.platform) for a in adapters
        ]
        stopper = asyncio.create_task(self._stop.wait(), name="stop")
        helpers: list[asyncio.Task[object]] = [stopper]
        if status_file is not None:
            report = self._report_status(status_file, adapters, tasks, status_interval)
            helpers.append(asyncio.create_task(report, name="status"))
        try:
            done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        finally:
            for adapter in adapters:
                await adapter.stop()
            for running in [*tasks, *helpers]:
                running.cancel()
            await asyncio.gather(*tasks, *helpers, return_exceptions=True)

    async def _report_status(
        self,
        path: Path,
        adapters: list[ChatAdapter],
        tasks: list[asyncio.Task[None]],
        interval: float,
    ) -> None:
        """Rewrite the status file every ``interval`` seconds; remove it when stopped."""
        started = time.time()
        warned = False
        try:
            while True:
                platforms = {
                    adapter.platform: (
                        adapter.connected
                        if isinstance(adapter, ReportsConnection)
                        else not task.done()
                    )
                    for adapter, task in zip(adapters, tasks, strict=True)
                }
                status = Status(os.getpid(), started, time.time(), platforms)
                try:
                    await asyncio.to_thread(write_status, path, status)
                except OSError as problem:
                    if not warned:
                        log.warning("cannot write the status file %s: %s", path, problem)
                    warned = True
                await asyncio.sleep(interval)
        finally:
            await asyncio.to_thread(clear_status, path)

    async def close(self) -> None:
        """Close the database."""
        await self.database.close()
