"""The `campaign-bot` command: console, check-config and (in later groups) admin tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__, cli_config, cli_facts
from bot.config import (
    DISCORD_TOKEN_ENV,
    MATRIX_PASSWORD_ENV,
    MATRIX_TOKEN_ENV,
    Settings,
    default_database_path,
    load_settings,
    secret,
)
from bot.core.errors import ConfigError, StorageError
from bot.core.model import Person, Role
from bot.events.lease import Holder, LeaseHeld
from bot.health import STALE_AFTER, judge, read_status, status_path
from bot.login import login_name
from bot.redact import RedactingFormatter

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_STORAGE = 3
EXIT_BUSY = 4


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="campaign-bot",
        description="Sourced facts, events and reminders for campaign groups.",
    )
    parser.add_argument("--version", action="version", version=f"campaign-bot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    console = commands.add_parser("console", help="talk to the bot in this terminal")
    _add_common(console)
    console.add_argument(
        "--as",
        dest="role",
        default="admin",
        choices=["member", "organiser", "admin"],
        help="the role you have in the console (default: admin)",
    )
    console.add_argument(
        "--out",
        type=_folder,
        default=None,
        metavar="FOLDER",
        help="where files the bot sends are saved, like the calendar of !events ics "
        "(default: the current folder)",
    )

    run = commands.add_parser("run", help="serve the chat platforms named in the config")
    _add_common(run)

    health = commands.add_parser(
        "health", help="exit 0 while a running bot is connected to a platform (HEALTHCHECK)"
    )
    _add_common(health)
    health.add_argument(
        "--max-age",
        type=float,
        default=STALE_AFTER,
        help=f"seconds before the bot's status counts as stale (default {STALE_AFTER:g})",
    )

    web = commands.add_parser(
        "web", help="serve the web face alone: the facts in a browser, and the admin editor"
    )
    _add_common(web)
    web.add_argument("--listen", default=None, help="the address to listen on ([web] listen)")
    web.add_argument("--port", type=int, default=None, help="the port ([web] port; 0: any free)")

    cli_facts.add_parsers(commands, _add_common)

    events = commands.add_parser("events", help="list, add or export events")
    _add_common(events)
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="upcoming events, soonest first")
    add = actions.add_parser("add", help='add an event: "<title>" <when> [at:...] [remind:...]')
    add.add_argument("words", nargs="+", help="as after !event add in chat")
    ics = actions.add_parser("ics", help="write every event to an iCalendar file (- = stdout)")
    ics.add_argument("file", help="the .ics file to write, or - for standard output")

    cli_config.add_check_parser(commands)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    """--config, --db and --log-level."""
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"TOML config file (default: ${cli_config.CONFIG_ENV}, else ./config.toml if present)",
    )
    parser.add_argument("--db", type=Path, default=None, help="SQLite database file")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR")


def _folder(text: str) -> Path:
    """An existing folder (for --out)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return path


def _setup_logging(level: str) -> None:
    """Log to stderr, with the secrets from the environment (and any token) blanked."""
    names = (DISCORD_TOKEN_ENV, MATRIX_TOKEN_ENV, MATRIX_PASSWORD_ENV)
    secrets = [value for name in names if (value := secret(name))]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    logging.basicConfig(level=level.upper(), handlers=[handler])


def _stop_on(app: App, *signals: signal.Signals) -> None:
    """Stop ``app`` cleanly (adapters stopped, database closed) when a signal arrives."""
    loop = asyncio.get_running_loop()

    def stop(received: signal.Signals) -> None:
        log.info("%s received: stopping", received.name)
        app.request_stop()

    for number in signals:
        loop.add_signal_handler(number, stop, number)


def _database(settings: Settings, args: argparse.Namespace) -> Path:
    """The database file this command uses: --db, then the config's, then the default."""
    return Path(args.db or settings.database or default_database_path()).expanduser()


def _health(settings: Settings, args: argparse.Namespace) -> int:
    """Print whether the running bot is healthy; 0 when it is, 1 when not."""
    database = _database(settings, args)
    healthy, reason = judge(read_status(status_path(database)), time.time(), args.max_age)
    print(reason)
    return 0 if healthy else 1


async def _console(settings: Settings, args: argparse.Namespace) -> None:
    """Run the bot on the terminal."""
    from bot.adapters.console import ConsoleAdapter
    from bot.app import App
    from bot.events.lease import Lease
    from bot.events.turns import Turns

    role = Role.parse(args.role)
    user = login_name()
    reason = f"the console, started with --as {role.label}"
    person = Person.given(f"console:{user}", user, role, reason)
    database = _database(settings, args)
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


async def _run(settings: Settings, args: argparse.Namespace) -> None:
    """Serve every configured chat platform until stopped."""
    # Installed before the slow part of start-up (SDK imports, database, logins).
    stopper = _StopOnSignal(signal.SIGTERM, signal.SIGINT)
    from bot.app import App, platform_adapters
    from bot.events.lease import Lease
    from bot.events.turns import Turns, take_for_good

    if note := settings.authority_note():
        log.warning(note)
    # One scheduler per database: taken first, so a second `run` refuses before logging in.
    database = _database(settings, args)
    lease = Lease(database, "run")
    try:
        if not await take_for_good(lease, lambda: stopper.received is not None):
            return
        adapters = platform_adapters(settings)
        # Not cancelled by a signal: a migration or seeding half done is finished, then closed.
        app = await App.open(settings, database, turns=Turns(lease), serve_web=True)
        stopper.app = app
        log.info("holding %s: this process sends the reminders", lease.path)
        try:
            if stopper.received is None:
                await app.run(adapters, status_file=status_path(app.database.path))
        finally:
            await app.close()
    finally:
        lease.close()


async def _web(settings: Settings, args: argparse.Namespace) -> None:
    """Serve the web face alone until SIGTERM or Ctrl-C."""
    from dataclasses import replace

    from bot.app_web import serve_web, web_settings
    from bot.config.readiness import missing_extra, web_extra_missing

    if web_extra_missing():
        raise ConfigError("campaign-bot web", [missing_extra("web")])
    web = web_settings(settings)
    web = replace(
        web, listen=args.listen or web.listen, port=web.port if args.port is None else args.port
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await serve_web(
        settings, _database(settings, args), web, stop, lambda line: print(line, flush=True)
    )


def _quoted(words: Sequence[str]) -> str:
    """Shell arguments back as one chat line: words with spaces quoted again."""
    out = []
    for word in words:
        key, colon, value = word.partition(":")
        if " " not in word:
            out.append(word)
        elif colon and key.isalpha() and " " not in key:
            out.append(f'{key}:"{value}"')
        else:
            out.append(f'"{word}"')
    return " ".join(out)


async def _events(settings: Settings, args: argparse.Namespace) -> int:
    """campaign-bot events list|add|ics: the same service the chat commands use."""
    from bot.app import App
    from bot.core.model import Incoming, Place
    from bot.events.ics import calendar
    from bot.render.text import to_plain

    app = await App.open(settings, args.db)
    try:
        if args.action == "ics":
            data = calendar(await app.events.events.all_events(), app.events.clock.now())
            if args.file == "-":
                sys.stdout.write(data.decode("utf-8"))
            else:
                await asyncio.to_thread(Path(args.file).write_bytes, data)
                print(f"Wrote {args.file}")
            return 0
        user = login_name()
        person = Person.given(f"cli:{user}", user, Role.ADMIN, "the command line")
        text = (
            f"{settings.prefix}events"
            if args.action == "list"
            else (f"{settings.prefix}event add {_quoted(args.words)}")
        )
        reply = await app.answer(Incoming(text, person, Place("cli", "cli", "command line")))
        assert reply is not None
        print(to_plain(reply))
        return 1 if reply.error else 0
    finally:
        await app.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "check-config":
            return cli_config.check_config(args)
        path = cli_config.find_config(args.config)
        if args.command == "run":
            if path is None:
                print(cli_config.HOW_TO_START, file=sys.stderr)
                return EXIT_CONFIG
            settings = cli_config.settings_to_run(path)
        else:
            settings = load_settings(path)
        if args.command == "health":
            return _health(settings, args)
        quiet = args.command in {"console", "events", *cli_facts.COMMANDS}
        quiet_by_default = "WARNING" if quiet else settings.log_level
        _setup_logging(args.log_level or quiet_by_default)
        if args.command == "console":
            asyncio.run(_console(settings, args))
        elif args.command == "run":
            asyncio.run(_run(settings, args))
        elif args.command == "web":
            asyncio.run(_web(settings, args))
        elif args.command == "events":
            return asyncio.run(_events(settings, args))
        elif args.command in cli_facts.COMMANDS:
            return cli_facts.run(settings, args)
        return 0
    except ConfigError as problem:
        print(f"Config error in {problem}", file=sys.stderr)
        return EXIT_CONFIG
    except LeaseHeld as problem:
        print(problem, file=sys.stderr)
        return EXIT_BUSY
    except StorageError as problem:
        print(f"Database error: {problem}", file=sys.stderr)
        return EXIT_STORAGE
    except sqlite3.Error as problem:  # the database failed after it was opened
        print(f"Database error: {problem}", file=sys.stderr)
        return EXIT_STORAGE
    except KeyboardInterrupt:
        return 130
