"""`campaign-bot facts export|import|verify`, `sources add`, as separate processes."""

from __future__ import annotations

import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from tests.admin_helpers import cli, db_args

ARTICLE = resources.files("bot").joinpath("data/sources/a-fake-friend.txt").read_text("utf-8")
CONSOLE_EDITS = (
    (
        "!fact add varrp “It arranges transport ‘to the home doorstep’” source:a-fake-friend"
        ' as-of:2008-12-11 note:"Line one \\ and a “quoted” word" --duplicate\n'
    )
    + """\
!fact add iom "Not in the article at all" source:a-fake-friend --unverified
!fact delete 5
!topic alias varrp assisted return
!topic unalias money
!source add "Leaflet" author:"No Borders" publication:"Self" date:2008-01-01
!fact add iraq "Anything" source:leaflet
!fact add bills "Established in 1951" source:a-fake-friend --new-topic --duplicate
"""
)


def dump(path: Path) -> list[str]:
    """The whole database as SQL, to compare before and after."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def edited_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the shipped facts plus edits of every kind, including a CLI source."""
    tmp_path = tmp_path_factory.mktemp("template")
    path = tmp_path / "edited.db"
    result = cli("console", *db_args(path), stdin=CONSOLE_EDITS)
    assert result.returncode == 0 and result.stdout.count("Added #") == 4, result.stdout
    text = tmp_path / "speech.txt"
    text.write_bytes("Line one\r\nWe are “here” – to stay.\n\ttabbed\\end\n".encode())
    added = cli(
        "sources", "add", str(text), "--title", "A speech", "--author", "Ana Ruiz",
        "--publication", "Rally", "--date", "2019-06-01", *db_args(path),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added source a-speech" in added.stdout
    fact = cli(
        "console",
        *db_args(path),
        stdin='!fact add iom "We are “here” - to stay." source:a-speech\n',
    )
    assert "Added #27" in fact.stdout, fact.stdout
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def edited_db(tmp_path: Path, edited_template: Path) -> Path:
    """A fresh copy of the edited database for one test."""
    path = tmp_path / "edited.db"
    shutil.copyfile(edited_template, path)
    return path


def test_export_import_export_is_byte_identical(tmp_path: Path, edited_db: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    exported = cli("facts", "export", str(first / "facts.toml"), *db_args(edited_db))
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 27 facts" in exported.stdout
    empty = tmp_path / "empty.db"
    imported = cli("facts", "import", str(first / "facts.toml"), *db_args(empty))
    assert imported.returncode == 0, imported.stderr
    assert "27 facts added" in imported.stdout
    assert cli("facts", "export", str(second / "facts.toml"), *db_args(empty)).returncode == 0
    assert files(first) == files(second)
    assert set(files(first)) == {"facts.toml", "sources/a-fake-friend.txt", "sources/a-speech.txt"}
    assert files(first)["sources/a-speech.txt"] == (
        "Line one\r\nWe are “here” – to stay.\n\ttabbed\\end\n".encode()
    )
    toml = files(first)["facts.toml"].decode()
    assert "verified = false" in toml and "deleted = true" in toml
    assert 'note = "Line one \\\\ and a “quoted” word"' in toml


def test_the_imported_database_answers_like_the_original(tmp_path: Path, edited_db: Path) -> None:
    cli("facts", "export", str(tmp_path / "x" / "facts.toml"), *db_args(edited_db))
    copy = tmp_path / "copy.db"
    cli("facts", "import", str(tmp_path / "x" / "facts.toml"), *db_args(copy))
    questions = "!facts assisted return\n!fact 24\n!fact 5\n!facts money\n!fact 27\n!iom\n"
    original = cli("console", *db_args(edited_db), stdin=questions)
    imported = cli("console", *db_args(copy), stdin=questions)
    assert imported.stdout == original.stdout
    assert "(unverified)" in imported.stdout and "There is no fact #5." in imported.stdout


def test_import_of_an_existing_id_is_a_revision_by_the_cli_user(
    tmp_path: Path, edited_db: Path
) -> None:
    toml = tmp_path / "facts.toml"
    cli("facts", "export", str(toml), *db_args(edited_db))
    text = toml.read_text()
    old = 'note = "Said by the No Borders network."'
    assert old in text
    toml.write_text(text.replace(old, 'note = "Said by No Borders."'))
    dry = cli("facts", "import", str(toml), "--dry-run", *db_args(edited_db))
    assert dry.returncode == 0 and "1 fact updated; nothing was written" in dry.stdout
    assert (
        "Said by No Borders." not in cli("console", *db_args(edited_db), stdin="!fact 16\n").stdout
    )
    done = cli("facts", "import", str(toml), *db_args(edited_db))
    assert done.returncode == 0 and "1 fact updated" in done.stdout, done.stderr
    history = cli("console", *db_args(edited_db), stdin="!fact history 16\n!fact 16\n").stdout
    assert "cli:ada · imported: note: “Said by the No Borders network.” → “Said by No" in history
    assert "Note: Said by No Borders." in history
    again = cli("facts", "import", str(toml), *db_args(edited_db))
    assert "no changes" in again.stdout


BROKEN = """\
[[sources]]
id = "extra"
title = "Extra"

[[topics]]
name = "brand-new"
aliases = ["voluntary return"]

[[facts]]
id = 40
topics = ["brand-new"]
source = "a-fake-friend"
quote = "Established in 1951"

[[facts]]
id = 3
topics = ["iom"]
source = "a-fake-friend"
quote = "Established in 1952, the IOM has 125 member states"

[[facts]]
id = 41
topics = ["iom"]
source = "extra"
quote = "No text to check this against"
"""


def test_a_failed_import_lists_every_problem_and_changes_nothing(
    tmp_path: Path, edited_db: Path
) -> None:
    toml = tmp_path / "broken.toml"
    toml.write_text(BROKEN)
    before = dump(edited_db)
    result = cli("facts", "import", str(toml), *db_args(edited_db))
    assert result.returncode == 1
    assert "4 problems; nothing was changed" in result.stderr
    assert "line 9, fact 40: one of its topics could not be made" in result.stderr
    assert (
        "line 5, topic brand-new: 'voluntary return' already finds the topic varrp" in result.stderr
    )
    assert (
        "line 15, fact 3: the quote is not word for word in a-fake-friend"
        " (closest passage: “Established in 1951" in result.stderr
    )
    assert "line 21, fact 41: the source extra has no text" in result.stderr
    assert dump(edited_db) == before


def test_file_mistakes_are_listed_with_their_lines(tmp_path: Path, edited_db: Path) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text(
        '[[facts]]\nid = 3\ntopics = ["iom"]\nsource = "nowhere"\nquote = "x"\n\n'
        '[[facts]]\nid = 3\ntopics = ["iom"]\nsource = "a-fake-friend"\nquote = "y"\n'
        'as_of = "2008-02-30"\n\n'
        '[[facts]]\nid = 4\ntopics = ["iom"]\nquote = "z"\nqoute = "typo"\n\n'
        '[[facts]]\nid = 5\ntopics = ["iom"]\nsource = "a-fake-friend"\n'
        f'quote = "{"q" * 100_000}"\n'
    )
    before = dump(edited_db)
    result = cli("facts", "import", str(toml), *db_args(edited_db))
    assert result.returncode == 1
    for problem in [
        "line 1, fact 3: unknown source 'nowhere'",
        "line 7, fact 3: the id 3 is used twice",
        "line 7, facts #2 (3): 'as_of' must be a date like 2008-12-11",
        "line 14, facts #3 (4): 'source' is missing",
        "line 14, facts #3 (4): unknown key 'qoute'",
        "line 20, facts #4 (5): the quote is 100,000 characters; keep quotes under 2,000",
    ]:
        assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(edited_db) == before
    missing = cli("facts", "import", str(tmp_path / "nope.toml"), *db_args(edited_db))
    assert missing.returncode == 1 and "cannot be read" in missing.stderr


def test_a_source_text_file_that_is_missing_or_outside(tmp_path: Path, edited_db: Path) -> None:
    toml = tmp_path / "t.toml"
    toml.write_text(
        '[[sources]]\nid = "a"\ntitle = "A"\ntext_file = "sources/a.txt"\n\n'
        '[[sources]]\nid = "b"\ntitle = "B"\ntext_file = "../../etc/passwd"\n'
    )
    result = cli("facts", "import", str(toml), *db_args(edited_db))
    assert "sources #1 (a): text file sources/a.txt: not found" in result.stderr
    assert (
        "line 6, sources #2 (b): 'text_file' must be a path beside the fact file" in result.stderr
    )


def test_verify_passes_on_the_shipped_facts_and_names_an_altered_one(tmp_path: Path) -> None:
    path = tmp_path / "shipped.db"
    ok = cli("facts", "verify", *db_args(path))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip() == "All 22 checked facts are word for word in their sources."
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE facts SET quote = replace(quote, '125 member', '126 member')")
    bad = cli("facts", "verify", *db_args(path))
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert lines[0] == "fact 3 (a-fake-friend): not word for word"
    assert lines[1].startswith("    quote:   “Established in 1951, the IOM has 126 member states")
    assert lines[2].startswith("    closest: “Established in 1951, the IOM has 125 member states")
    assert lines[-1] == "1 fact does not match its source text (22 checked)."


def test_verify_reports_facts_marked_unverified_without_failing(edited_db: Path) -> None:
    result = cli("facts", "verify", *db_args(edited_db))
    assert result.returncode == 0, result.stdout
    assert "marked unverified, not checked: #24, #25" in result.stdout


def test_sources_add_stores_the_text_so_quotes_are_checked(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = tmp_path / "leaflet.txt"
    text.write_text("Nobody is illegal.\nThe IOM is not your friend.\n")
    bad_date = cli("sources", "add", str(text), "--title", "L", "--author", "A",
                   "--publication", "P", "--date", "2019-13-01", *db_args(db))  # fmt: skip
    assert bad_date.returncode == 1 and "is not a past date" in bad_date.stderr
    added = cli("sources", "add", str(text), "--title", "No one is illegal", "--author", "NOII",
                "--publication", "Leaflet", "--date", "2003-01-01", *db_args(db))  # fmt: skip
    assert added.returncode == 0 and "Added source no-one-is-illegal" in added.stdout
    chat = cli(
        "console", *db_args(db),
        stdin='!fact add iom "The IOM is not your friend." source:no-one-is-illegal\n'
        '!fact add iom "The IOM is your friend." source:no-one-is-illegal\n',
    )  # fmt: skip
    assert "Added #23 to iom." in chat.stdout
    assert "Closest passage: “The IOM is not your friend.”" in chat.stdout
    dupe = cli("sources", "add", str(text), "--id", "no-one-is-illegal", "--title", "x",
               "--author", "a", "--publication", "p", "--date", "2003-01-01",
               *db_args(db))  # fmt: skip
    assert dupe.returncode == 1 and "There is already a source 'no-one-is-illegal'" in dupe.stderr


def test_the_shipped_file_still_loads_and_exports_the_same_facts(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert (
        cli("facts", "export", str(tmp_path / "out" / "facts.toml"), *db_args(db)).returncode == 0
    )
    article = (tmp_path / "out" / "sources" / "a-fake-friend.txt").read_text("utf-8")
    assert article == ARTICLE
