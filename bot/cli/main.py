"""`campaign-bot`: read the command line and the config, run one subcommand, exit with its code."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Sequence

from bot.cli import config, facts, matrix, serve
from bot.cli.events import events
from bot.cli.logs import setup_logging
from bot.cli.parser import build_parser
from bot.cli.web import web
from bot.config import load_settings
from bot.core.clock import SystemClock
from bot.core.errors import ConfigError, StorageError
from bot.events.lease import LeaseHeld

EXIT_CONFIG = 2
EXIT_STORAGE = 3
EXIT_BUSY = 4


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "check-config":
            return config.check_config(args)
        path = config.find_config(args.config)
        if args.command == "run":
            if path is None:
                print(config.HOW_TO_START, file=sys.stderr)
                return EXIT_CONFIG
            settings = config.settings_to_run(path)
        else:
            settings = load_settings(path)
        if args.command == "health":
            return serve.health(settings, args)
        quiet = args.command in {"console", "events", "matrix", *facts.COMMANDS}
        quiet_by_default = "WARNING" if quiet else settings.log_level
        setup_logging(args.log_level or quiet_by_default)
        if args.command == "console":
            asyncio.run(serve.console(settings, args))
        elif args.command == "run":
            asyncio.run(serve.run(settings, args))
        elif args.command == "web":
            return asyncio.run(web(settings, args))
        elif args.command == "events":
            return asyncio.run(events(settings, args))
        elif args.command in facts.COMMANDS:
            return facts.run(settings, args, SystemClock())
        elif args.command == "matrix":
            return matrix.pin(settings, args)
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
