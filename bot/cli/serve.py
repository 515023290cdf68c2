"""`campaign-bot run`, `console` and `health`: the bot serving chat, and whether it does."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from typing import TYPE_CHECKING

from bot.adapters.matrix.pins import RoomAliasesRefused
from bot.cli.config import database_path
from bot.cli.login import login_name
from bot.cli.matrix import aliases_refused
from bot.config import Settings
from bot.core.model import Person, Role
from bot.core.said import Said
from bot.events.lease import Holder
from bot.health import judge, read_status, status_path

# Imported when the bot starts: after `run` has installed its signal handlers.
if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)


def health(settings: Settings, args: argparse.Namespace) -> int:
    """Print whether the running bot is healthy; 0 when it is, 1 when not."""
    database = database_path(settings, args).expanduser().resolve()
    healthy, reason = judge(read_status(status_path(database)), time.time(), args.max_age)
    print(reason)
    return 0 if healthy else 1


async def console(settings: Settings, args: argparse.Namespace) -> None:
    """Run the bot on the terminal."""
    from bot.adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.events.lease import Lease
    from bot.events.turns import Turns

    role = Role.parse(args.role)
    user = login_name()
    reason = Said("the console, started with --as {role}", role=role.label)
    person = Person.given(f"console:{user}", user, role, reason)
    database = database_path(settings, args).expanduser().resolve()
    # The console sends reminders only in turns, while no `run` holds the database.
    lease = Lease(database, "console")
    try:
        turns = Turns(lease, keep=False, on_busy=_say_who_sends)
        app = await App.open(settings, database, turns=turns)
        _stop_on(app, signal.SIGTERM)
        try:
            await app.run([ConsoleAdapter(person, out_dir=args.out)])
        finally:
            await app.close()
    finally:
        lease.close()


async def run(settings: Settings, args: argparse.Namespace) -> None:
    """Serve every configured chat platform until stopped."""
    # Installed before the slow part of start-up (SDK imports, database, logins).
    stopper = _StopOnSignal(signal.SIGTERM, signal.SIGINT)
    from bot.app import App
    from bot.events.lease import Lease
    from bot.events.turns import Turns, take_for_good
    from bot.platforms import Arrivals, adapter_makers

    if note := settings.authority_note():
        log.warning(note)
    # One scheduler per database: taken first, so a second `run` refuses before logging in.
    # The real file, however --db names it: a symlink never makes a second lease (or WAL).
    database = database_path(settings, args).expanduser().resolve()
    lease = Lease(database, "run")
    try:
        if not await take_for_good(lease, lambda: stopper.received is not None):
            return
        makers = adapter_makers(settings)
        # The SDKs import in a thread from now on, while the database opens.
        arriving = Arrivals(makers)
        try:
            # Not cancelled by a signal: a migration or seeding half done is finished, then closed.
            app = await App.open(settings, database, turns=Turns(lease), serve_web=True)
        except BaseException:
            await arriving.close()
            raise
        stopper.app = app
        log.info("holding %s: this process sends the reminders", lease.path)
        try:
            if stopper.received is None:
                path = status_path(app.database.path)
                await app.run([], arriving=arriving, status_file=path)
        except RoomAliasesRefused as refused:
            raise aliases_refused(settings.source, refused) from None
        finally:
            await arriving.close()
            await app.close()
    finally:
        lease.close()


def _stop_on(app: App, *signals: signal.Signals) -> None:
    """Stop ``app`` cleanly (adapters stopped, database closed) when a signal arrives."""
    loop = asyncio.get_running_loop()

    def stop(received: signal.Signals) -> None:
        log.info("%s received: stopping", received.name)
        app.request_stop()

    for number in signals:
        loop.add_signal_handler(number, stop, number)


def _say_who_sends(holder: Holder) -> None:
    """Tell the console's user, in one line, that a `run` sends the reminders."""
    if holder.command == "run":
        print(
            f"Reminders are sent by {holder.describe()}: they do not print here.",
            file=sys.stderr,
            flush=True,
        )


class _StopOnSignal:
    """Notes SIGTERM/SIGINT from the start of `run`; once the app runs, they stop it cleanly."""

    def __init__(self, *signals: signal.Signals) -> None:
        self.received: signal.Signals | None = None
        self.app: App | None = None
        loop = asyncio.get_running_loop()
        for number in signals:
            loop.add_signal_handler(number, self._stop, number)

    def _stop(self, received: signal.Signals) -> None:
        log.info("%s received: stopping", received.name)
        self.received = received
        if self.app is not None:
            self.app.request_stop()
