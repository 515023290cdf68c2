"""`campaign-bot events list|add|ics`: the same service the chat commands use."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.login import cli_author, login_name
from bot.config import Settings
from bot.core.model import Person, Role


async def events(settings: Settings, args: argparse.Namespace) -> int:
    """campaign-bot events list|add|ics; returns the exit code."""
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
        person = Person.given(cli_author(), login_name(), Role.ADMIN, "the command line")
        text = (
            f"{settings.prefix}events"
            if args.action == "list"
            else (f"{settings.prefix}event add {quoted(args.words)}")
        )
        reply = await app.answer(Incoming(text, person, Place("cli", "cli", "command line")))
        assert reply is not None
        print(to_plain(reply))
        return 1 if reply.error else 0
    finally:
        await app.close()


def quoted(words: Sequence[str]) -> str:
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
