"""`campaign-bot web`: the web face alone, on the bot's database."""

from __future__ import annotations

import argparse
import asyncio
import signal
from dataclasses import replace

from bot.cli.config import database_path
from bot.config import Settings
from bot.core.errors import ConfigError


async def web(settings: Settings, args: argparse.Namespace) -> None:
    """Serve the web face alone until SIGTERM or Ctrl-C."""
    from bot.app_web import serve_web, web_settings
    from bot.config.readiness import missing_extra, web_extra_missing

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
    database = database_path(settings, args).expanduser()
    await serve_web(settings, database, chosen, stop, lambda line: print(line, flush=True))
