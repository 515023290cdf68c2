"""`campaign-bot facts|sources|db ...`: export, import and verify facts; sources; backups."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.config import database_path
from bot.cli.login import cli_author
from bot.config import Settings
from bot.core.errors import UserError
from bot.core.ports import Clock
from bot.core.words import plural

# The facts tools are imported when a subcommand runs: `campaign-bot run` imports this
# module too, and should not pay for importing them at start-up.
if TYPE_CHECKING:
    from bot.facts.fact_import import ImportResult, Problem, Progress
    from bot.storage.database import Database

COMMANDS = {"facts", "sources", "db"}
EXIT_PROBLEMS = 1
PROGRESS_FROM = 200


def run(settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    """Run one facts/sources/db subcommand; returns the exit code."""
    from bot.commands.fact_texts import refusal
    from bot.facts.errors import FactsError
    from bot.storage.backup import backup_database

    path = database_path(settings, args)
    if args.command == "db":
        pages = backup_database(path, args.file)
        print(f"Backed up {path} to {args.file} ({pages} pages, integrity check ok).")
        return 0
    if args.command == "facts" and args.action == "export":
        # Named in full in the answer: a bare file name writes into the current folder,
        # its sources/ folder too, and the admin should see exactly where.
        args.file = args.file.expanduser().absolute()
    try:
        return asyncio.run(_run_async(path, settings, args, clock))
    except UserError as problem:
        print(f"Error: {problem}", file=sys.stderr)
    except FactsError as refused:
        print(f"Error: {refusal(refused, settings.prefix)}", file=sys.stderr)
    return EXIT_PROBLEMS


async def _run_async(path: Path, settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    """The subcommands that use the database."""
    from bot.cli.sources import add_source
    from bot.facts.seed import seed_if_new
    from bot.storage.database import open_database

    importing = args.command == "facts" and args.action == "import"
    database = await open_database(path)
    try:
        if not importing:
            await seed_if_new(database)
        if args.command == "sources":
            return await add_source(database, settings, args, clock)
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
