"""Keeping the catalogs: extract the bot's words, update each language, compile, check.

    python -m bot.i18n.maintain update      # after changing words: the template and every .po
    python -m bot.i18n.maintain add de      # start a new language's catalog
    python -m bot.i18n.maintain compile     # the .mo files (the build does this too)
    python -m bot.i18n.maintain check       # what CI runs: exit 1 on any problem

A catalog is up to date when it holds exactly the message ids the code marks, each
translated (not fuzzy) with the same ``{places}`` as its English.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.core.words import plural
from bot.i18n.catalogs import DOMAIN, LOCALE_FOLDER, SHIPPED, catalog_path

PACKAGE = LOCALE_FOLDER.parents[1]
TEMPLATE = LOCALE_FOLDER / f"{DOMAIN}.pot"
# The names that mark words for the catalogs, and which arguments are the words.
KEYWORDS: dict[str, object] = {
    "_": None,
    "n_": (1, 2),
    "p_": ((1, "c"), 2),
    "N_": None,
    "P_": ((1, "c"), 2),
    "Said": None,
}
WIDTH = 100


def extract(package: Path = PACKAGE) -> Catalog:
    """Every message id the code marks, as a template (no locations: diffs stay small)."""
    template = Catalog(project="campaign-bot", domain=DOMAIN, charset="utf-8",
                       msgid_bugs_address="", fuzzy=False)  # fmt: skip
    found = extract_from_dir(
        package,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,  # type: ignore[arg-type]
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    # Babel warns of every f-string inside a marker's call, values given to the words
    # included; ``unmarkable`` finds the ones that matter.
    with contextlib.redirect_stderr(io.StringIO()):
        for _, _, message, comments, context in found:
            template.add(message, None, auto_comments=comments, context=context)
    return template


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A .po or .pot file."""
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """A .po or .pot file, sorted, without locations or obsolete entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=WIDTH, no_location=True, omit_header=False,
                 sort_output=True, ignore_obsolete=True, include_previous=False)  # fmt: skip


def languages(folder: Path = LOCALE_FOLDER) -> list[str]:
    """The codes of the catalogs present (English, the source, has none)."""
    return sorted(
        path.name for path in folder.iterdir() if catalog_path(path.name, ".po", folder).is_file()
    )


def update(folder: Path = LOCALE_FOLDER, package: Path = PACKAGE) -> None:
    """Write the template from the code, and bring every catalog in line with it."""
    template = extract(package)
    write_catalog(folder / TEMPLATE.name, template)
    for code in languages(folder):
        path = catalog_path(code, ".po", folder)
        catalog = read_catalog(path, code)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.revision_date = datetime.now(UTC)
        write_catalog(path, catalog)


def add(code: str, folder: Path = LOCALE_FOLDER, package: Path = PACKAGE) -> Path:
    """Start the catalog of a new language from the code's message ids."""
    path = catalog_path(code, ".po", folder)
    if path.exists():
        raise SystemExit(f"{path} exists already: run update instead")
    catalog = Catalog(locale=code, domain=DOMAIN, project="campaign-bot", charset="utf-8")
    catalog.update(extract(package), no_fuzzy_matching=True)
    write_catalog(path, catalog)
    return path


def compile_catalogs(folder: Path = LOCALE_FOLDER) -> list[Path]:
    """Compile every catalog to the .mo beside it; returns the files written."""
    written = []
    for code in languages(folder):
        catalog = read_catalog(catalog_path(code, ".po", folder), code)
        target = catalog_path(code, ".mo", folder)
        with target.open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
        written.append(target)
    return written


def key(message: Message) -> tuple[str, str | None]:
    """A message's id (the singular of a counted one) and context."""
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return str(msgid), message.context


def places(text: str) -> set[str]:
    """The ``{names}`` a message fills in, as str.format reads them ('{' alone is a place)."""
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def catalog_problems(code: str, template: Catalog, folder: Path = LOCALE_FOLDER) -> list[str]:
    """What is wrong with one language's catalog against the code's message ids."""
    path = catalog_path(code, ".po", folder)
    catalog = read_catalog(path, code)
    problems: list[str] = []
    wanted = {key(m): m for m in template if m.id}
    held = {key(m): m for m in catalog if m.id}
    for missing in sorted(set(wanted) - set(held), key=str):
        problems.append(f"{code}: no entry for {missing[0]!r}: run update")
    for stale in sorted(set(held) - set(wanted), key=str):
        problems.append(f"{code}: {stale[0]!r} is no longer in the code: run update")
    for name, message in sorted(held.items(), key=lambda item: str(item[0])):
        if name in wanted:
            problems += message_problems(code, message, catalog.num_plurals)
    return problems


def message_problems(code: str, message: Message, plurals: int) -> list[str]:
    """An untranslated, fuzzy or misplaced translation of one message."""
    english = message.id if isinstance(message.id, tuple | list) else (message.id,)
    said = message.string if isinstance(message.string, tuple | list) else (message.string,)
    name = english[0]
    if message.fuzzy:
        return [f"{code}: {name!r} is marked fuzzy: check it and remove the mark"]
    if not all(said) or (len(english) > 1 and len(said) != plurals):
        return [f"{code}: {name!r} is not translated"]
    expected = set().union(*(places(str(text)) for text in english))
    return [
        f"{code}: {name!r} fills in {sorted(places(str(text)))}, the English {sorted(expected)}"
        for text in said
        if places(str(text)) != expected and not (len(english) > 1 and places(str(text)) < expected)
    ]


# Markers that define message ids: their words must be written out. ``_``, ``n_`` and
# ``p_`` may also say an id marked elsewhere (a variable), never one made up (an f-string).
DEFINING = {"N_", "P_", "Said"}


def unmarkable(package: Path = PACKAGE) -> Iterator[str]:
    """Calls of a marker whose words cannot be in a catalog (an f-string, a variable)."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name not in KEYWORDS or not node.args:
                continue
            count = 2 if name in {"n_", "p_", "P_"} else 1
            for argument in node.args[:count]:
                written = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                made_up = isinstance(argument, ast.JoinedStr | ast.BinOp)
                if made_up or (name in DEFINING and not written):
                    where = path.relative_to(package.parent)
                    yield f"{where}:{node.lineno}: {name}() needs its words written out"


def problems(folder: Path = LOCALE_FOLDER, package: Path = PACKAGE) -> list[str]:
    """Everything that keeps the catalogs from being complete and up to date."""
    template = extract(package)
    found = list(unmarkable(package))
    written = read_catalog(folder / TEMPLATE.name)
    if {key(m) for m in written if m.id} != {key(m) for m in template if m.id}:
        found.append(f"{TEMPLATE.name} differs from the words in the code: run update")
    for code in SHIPPED[1:]:
        if not catalog_path(code, ".po", folder).is_file():
            found.append(f"{code}: no catalog")
    for code in languages(folder):
        found += catalog_problems(code, template, folder)
    return found


def main(argv: list[str] | None = None) -> int:
    """The maintenance commands."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.i18n.maintain",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=["update", "add", "compile", "check"])
    parser.add_argument("code", nargs="?", help="the new language's code (add), like de or pt-BR")
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
    elif args.action == "add":
        if not args.code:
            parser.error("add needs the language's code")
        print(f"started {add(args.code.replace('-', '_'))}")
    elif args.action == "compile":
        for path in compile_catalogs():
            print(f"compiled {path}")
    else:
        found = problems()
        for problem in found:
            print(problem)
        done = "the catalogs are complete and up to date"
        print(plural(len(found), "problem") if found else done)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
