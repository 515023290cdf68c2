"""`campaign-bot facts|sources|db ...`: bulk fact work, source texts and backups."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, default_database_path
from bot.core.errors import UserError
from bot.core.words import plural
from bot.login import login_name

# The facts tools are imported when a subcommand runs: `campaign-bot run` builds this
# parser too, and should not pay for importing them at start-up.
if TYPE_CHECKING:
    from bot.facts.fact_import import ImportResult, Problem, Progress
    from bot.storage.database import Database

COMMANDS = {"facts", "sources", "db"}
EXIT_PROBLEMS = 1
PROGRESS_FROM = 200

AddCommon = Callable[[argparse.ArgumentParser], None]


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: AddCommon
) -> None:
    """Add the facts, sources and db subcommands."""
    facts = commands.add_parser("facts", help="export, import and verify the facts")
    actions = facts.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write every fact to a TOML file")
    export.add_argument("file", type=Path, help="the TOML file (source texts go beside it)")
    load = actions.add_parser("import", help="add or update facts from a TOML file")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    load.add_argument(
        "--duplicate",
        action="store_true",
        help="add new facts and sources even when they repeat ones already stored",
    )
    verify = actions.add_parser("verify", help="check every quote against its source text")
    for parser in (export, load, verify):
        common(parser)

    sources = commands.add_parser("sources", help="add a source with its full text")
    source_actions = sources.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = source_actions.add_parser("add", help="store a source text so quotes can be checked")
    add.add_argument("file", type=Path, help="the source's full text (UTF-8)")
    add.add_argument("--title", required=True)
    add.add_argument("--author", required=True)
    add.add_argument("--publication", required=True)
    add.add_argument("--date", required=True, help="publication date, YYYY-MM-DD")
    add.add_argument("--url", default="")
    add.add_argument("--id", default="", help="the source id (default: made from the title)")
    add.add_argument(
        "--duplicate",
        action="store_true",
        help="add it even if a source with the same title, author and date is stored",
    )
    common(add)

    db = commands.add_parser("db", help="database maintenance")
    db_actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    backup = db_actions.add_parser("backup", help="a consistent copy, safe while the bot runs")
    backup.add_argument("file", type=Path)
    common(backup)


def cli_author() -> str:
    """Who the command line acts as, for revisions: cli:<login name>."""
    return f"cli:{login_name()}"


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one facts/sources/db subcommand; returns the exit code."""
    from bot.commands.fact_texts import refusal
    from bot.facts.errors import FactsError
    from bot.storage.backup import backup_database

    path: Path = args.db or settings.database or default_database_path()
    if args.command == "db":
        pages = backup_database(path, args.file)
        print(f"Backed up {path} to {args.file} ({pages} pages, integrity check ok).")
        return 0
    if args.command == "facts" and args.action == "export":
        # Named in full in the answer: a bare file name writes into the current folder,
        # its sources/ folder too, and the admin should see exactly where.
        args.file = args.file.expanduser().absolute()
    try:
        return asyncio.run(_run_async(path, settings, args))
    except UserError as problem:
        print(f"Error: {problem}", file=sys.stderr)
    except FactsError as refused:
        print(f"Error: {refusal(refused, settings.prefix)}", file=sys.stderr)
    return EXIT_PROBLEMS


async def _run_async(path: Path, settings: Settings, args: argparse.Namespace) -> int:
    """The subcommands that use the database."""
    from bot.facts.seed import seed_if_new
    from bot.storage.database import open_database

    importing = args.command == "facts" and args.action == "import"
    database = await open_database(path)
    try:
        if not importing:
            await seed_if_new(database)
        if args.command == "sources":
            return await _add_source(database, settings, args)
        if args.action == "export":
            return await _export(database, args.file)
        if importing:
            prefix, dry_run = settings.prefix, args.dry_run
            return await _import(database, prefix, args.file, dry_run, args.duplicate)
        return await _verify(database)
    finally:
        await database.close()


async def _export(database: Database, file: Path) -> int:
    """facts export FILE."""
    from bot.facts.fact_export import export_fact_file

    written = await export_fact_file(database, file)
    texts = sum(1 for source in written.sources if source.text_file)
    beside = f"{plural(texts, 'source text')} in {file.parent / 'sources'}"
    print(
        f"Wrote {plural(len(written.facts), 'fact')}, {plural(len(written.topics), 'topic')}"
        f" and {plural(len(written.sources), 'source')} to {file} ({beside})."
    )
    return 0


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress]:
    """A progress callback that draws a bar on a terminal for large files, else does nothing."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

    tasks: list[TaskID] = []
    with Bar(console=Console(stderr=True), transient=True) as bar:

        def advance(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if not tasks:
                tasks.append(bar.add_task(label, total=total))
            bar.update(tasks[0], completed=done)

        yield advance


async def _import(
    database: Database, prefix: str, file: Path, dry_run: bool, duplicates: bool
) -> int:
    """facts import FILE [--dry-run] [--duplicate]."""
    from bot.facts.fact_import import import_fact_file

    with _progress_bar(f"Importing {file.name}") as progress:
        result = await import_fact_file(
            database,
            file,
            cli_author(),
            dry_run=dry_run,
            duplicates=duplicates,
            progress=progress,
        )
    if result.problems:
        problems = plural(len(result.problems), "problem")
        print(f"{file}: {problems}; nothing was changed:", file=sys.stderr)
        for problem in result.problems:
            print(f"  - {_problem(problem, prefix)}", file=sys.stderr)
        return EXIT_PROBLEMS
    if dry_run:
        print(f"Dry run of {file}: {_summary(result)}; nothing was written.")
    else:
        print(f"Imported {file}: {_summary(result)}.")
    return 0


def _problem(problem: Problem, prefix: str) -> str:
    """One problem of an import, with where it is in the file."""
    from bot.commands.fact_texts import refusal

    if isinstance(problem, str):
        return problem
    return f"{problem.where}: {refusal(problem.error, prefix)}"


def _summary(result: ImportResult) -> str:
    """'3 facts added, 1 fact updated' or 'no changes'."""
    parts = [f"{plural(n, kind)} added" for kind, n in sorted(result.added.items())]
    parts += [f"{plural(n, kind)} updated" for kind, n in sorted(result.updated.items())]
    return ", ".join(parts) or "no changes"


async def _verify(database: Database) -> int:
    """facts verify."""
    from bot.facts.verification import verify_database

    report = await verify_database(database)
    for miss in report.mismatches:
        reason = "not word for word" if miss.has_text else "its source has no text"
        print(f"fact {miss.fact_id} ({miss.source}): {reason}")
        print(f"    quote:   “{miss.quote}”")
        if miss.passage:
            print(f"    closest: “{miss.passage}”")
    marked = ""
    if report.marked_unverified:
        ids = ", ".join(f"#{i}" for i in report.marked_unverified)
        marked = f" ({len(report.marked_unverified)} marked unverified, not checked: {ids})"
    if report.mismatches:
        wrong = plural(
            len(report.mismatches),
            "fact does not match its source text",
            "facts do not match their source texts",
        )
        print(f"{wrong} ({report.checked:,} checked){marked}.")
        return EXIT_PROBLEMS
    checked = plural(
        report.checked,
        "checked fact is word for word in its source",
        "checked facts are word for word in their sources",
    )
    print(f"All {checked}{marked}.")
    return 0


async def _add_source(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    """sources add FILE --title ... --author ... --publication ... --date ..."""
    from bot.commands.fact_texts import refusal, repeated_source_for_the_shell
    from bot.core.clock import SystemClock
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
    today = SystemClock().now().astimezone(settings.zone).date()
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
