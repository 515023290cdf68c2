"""`campaign-bot sources add`: store a source's full text so quotes can be checked against it."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from typing import TYPE_CHECKING

from bot.cli.login import cli_author
from bot.config import Settings
from bot.core.errors import UserError
from bot.core.ports import Clock

if TYPE_CHECKING:
    from bot.storage.database import Database


async def add_source(
    database: Database, settings: Settings, args: argparse.Namespace, clock: Clock
) -> int:
    """sources add FILE --title ... --author ... --publication ... --date ..."""
    from bot.commands.fact_texts import refusal, repeated_source_for_the_shell
    from bot.facts.errors import FactsError, RepeatedSource
    from bot.facts.records import Source
    from bot.facts.source_writer import SourceWriter
    from bot.facts.text_files import read_text_file

    try:
        text = await asyncio.to_thread(read_text_file, args.file)
    except FactsError as refused:
        raise UserError(f"{args.file} {refusal(refused, settings.prefix)}") from None
    if not text.strip():
        raise UserError(f"{args.file} is empty.")
    try:
        published = date.fromisoformat(args.date) if len(args.date) == 10 else None
    except ValueError:
        published = None
    today = clock.now().astimezone(settings.zone).date()
    if published is None or published > today:
        raise UserError(
            f"--date {args.date!r} is not a past date: use YYYY-MM-DD, like 2008-12-11."
        )
    source = Source(
        id=args.id,
        title=args.title,
        author=args.author,
        publication=args.publication,
        published=published,
        url=args.url,
    )
    try:
        added = await SourceWriter(database).add(
            cli_author(), source, text, duplicate=args.duplicate
        )
    except RepeatedSource as repeated:
        raise UserError(repeated_source_for_the_shell(repeated)) from None
    print(
        f"Added source {added.id} ({len(text):,} characters of text). "
        f'Quote it with: {settings.prefix}fact add <topic> "<quote>" source:{added.id}'
    )
    return 0
