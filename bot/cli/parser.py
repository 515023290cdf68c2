"""The grammar of the `campaign-bot` command line: every subcommand and its options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from bot import __version__
from bot.cli.config import CONFIG_ENV
from bot.health import STALE_AFTER

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="campaign-bot",
        description="Sourced facts, events and reminders for campaign groups.",
    )
    parser.add_argument("--version", action="version", version=f"campaign-bot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_serving(commands)
    _add_facts(commands)
    _add_events(commands)
    _add_check_config(commands)
    _add_matrix(commands)
    return parser


def add_common(parser: argparse.ArgumentParser, *, after_parent: bool = False) -> None:
    """--config, --db and --log-level.

    ``after_parent``: the parser is an action of a command that takes them too, and each is
    set by whichever of the two it is typed after (argparse would reset a parent's value).
    """
    default = argparse.SUPPRESS if after_parent else None
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        help=f"TOML config file (default: ${CONFIG_ENV}, else ./config.toml if present)",
    )
    parser.add_argument("--db", type=Path, default=default, help="SQLite database file")
    parser.add_argument("--log-level", default=default, help="DEBUG, INFO, WARNING or ERROR")


def _add_serving(commands: Subcommands) -> None:
    """console, run and health."""
    console = commands.add_parser("console", help="talk to the bot in this terminal")
    add_common(console)
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
    add_common(run)

    web = commands.add_parser(
        "web", help="serve the web face alone: the facts in a browser, and the admin editor"
    )
    add_common(web)
    web.add_argument("--listen", default=None, help="the address to listen on ([web] listen)")
    web.add_argument("--port", type=int, default=None, help="the port ([web] port; 0: any free)")
    web_actions = web.add_subparsers(dest="action", metavar="ACTION")
    logout_all = web_actions.add_parser(
        "logout-all", help="end every admin's web editor sessions, in every browser"
    )
    add_common(logout_all, after_parent=True)

    health = commands.add_parser(
        "health", help="exit 0 while a running bot is connected to a platform (HEALTHCHECK)"
    )
    add_common(health)
    health.add_argument(
        "--max-age",
        type=float,
        default=STALE_AFTER,
        help=f"seconds before the bot's status counts as stale (default {STALE_AFTER:g})",
    )


def _add_facts(commands: Subcommands) -> None:
    """facts, sources and db."""
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
        add_common(parser)

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
    add_common(add)

    db = commands.add_parser("db", help="database maintenance")
    db_actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    backup = db_actions.add_parser("backup", help="a consistent copy, safe while the bot runs")
    backup.add_argument("file", type=Path)
    add_common(backup)


def _add_events(commands: Subcommands) -> None:
    """events list|add|ics."""
    events = commands.add_parser("events", help="list, add or export events")
    add_common(events)
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="upcoming events, soonest first")
    add = actions.add_parser("add", help='add an event: "<title>" <when> [at:...] [remind:...]')
    add.add_argument("words", nargs="+", help="as after !event add in chat")
    ics = actions.add_parser("ics", help="write every event to an iCalendar file (- = stdout)")
    ics.add_argument("file", help="the .ics file to write, or - for standard output")


def _add_check_config(commands: Subcommands) -> None:
    """check-config."""
    check = commands.add_parser(
        "check-config",
        help="check a config as `run` would (every problem, with its key), without starting",
    )
    check.add_argument(
        "file",
        type=Path,
        nargs="?",
        default=None,
        help=f"the config (default: ${CONFIG_ENV}, else ./config.toml)",
    )
    check.add_argument(
        "--offline",
        action="store_true",
        help="skip the tokens and passwords (check the file away from where the bot runs)",
    )


def _add_matrix(commands: Subcommands) -> None:
    """matrix pin."""
    matrix = commands.add_parser("matrix", help="the Matrix room aliases the bot trusts")
    actions = matrix.add_subparsers(dest="action", metavar="ACTION", required=True)
    pin = actions.add_parser(
        "pin", help="accept that a room alias now names another room (after a refused start)"
    )
    pin.add_argument("alias", help='the alias, like "#campaign:example.org"')
    pin.add_argument("room", help="the id of the room it names now")
    add_common(pin)


def _folder(text: str) -> Path:
    """An existing folder (for --out)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return path
