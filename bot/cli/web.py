"""`campaign-bot web`: the web face alone, on the bot's database; `web logout-all`."""

from __future__ import annotations

import argparse
import asyncio
import signal
from dataclasses import replace
from pathlib import Path

from bot.cli.config import database_path
from bot.config import Settings
from bot.core.errors import ConfigError
from bot.core.words import plural


async def web(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the web face alone until SIGTERM or Ctrl-C (or end every session); exit code."""
    from bot.app_web import serve_web, web_settings
    from bot.config.readiness import missing_extra, web_extra_missing

    database = database_path(settings, args).expanduser()
    if args.action == "logout-all":
        return await logout_all(database)
    if web_extra_missing():
        raise ConfigError("campaign-bot web", [missing_extra("web")])
    chosen = web_settings(settings)
    chosen = replace(
        chosen,
        listen=args.listen or chosen.listen,
        port=chosen.port if args.port is None else args.port,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await serve_web(settings, database, chosen, stop, lambda line: print(line, flush=True))
    return 0


async def logout_all(path: Path) -> int:
    """End every admin's web editor sessions (a running bot's too: they share the database)."""
    from bot.access.store import AccessStore
    from bot.core.clock import SystemClock
    from bot.storage.database import open_database
    from bot.storage.existing import check_existing

    check_existing(path)
    database = await open_database(path)
    try:
        ended = await AccessStore(database, SystemClock()).end_every_session()
    finally:
        await database.close()
    print(f"Ended {plural(ended, 'web editor session')}.")
    return 0
