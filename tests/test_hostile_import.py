"""Hostile fact files: wrong types, links out of the folder, FIFOs, huge texts, deep nesting."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from bot.facts.text_files import MAX_TEXT_BYTES
from tests.admin_helpers import cli, db_args
from tests.test_cli import CITATION

SOURCE = """\
[[sources]]
id = "leaflet"
title = "A leaflet"
published = {published}
text_file = "sources/leaflet.txt"

[[facts]]
id = 30
topics = ["iom"]
source = "leaflet"
quote = "Nobody is illegal."
as_of = {as_of}
"""


def dump(path: Path) -> list[str]:
    """The whole database as SQL, to compare before and after."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


@pytest.fixture
def shipped_db(tmp_path: Path) -> Path:
    """A database holding the shipped facts (seeded by a first command)."""
    path = tmp_path / "bot.db"
    assert cli("facts", "verify", *db_args(path)).returncode == 0
    return path


def fact_file(
    folder: Path, published: str, as_of: str, text: str | None = "Nobody is illegal.\n"
) -> Path:
    """A fact file with one source (and its text, unless None) and one fact quoting it."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    if text is not None:
        (folder / "sources" / "leaflet.txt").write_text(text, "utf-8")
    path = folder / "facts.toml"
    path.write_text(SOURCE.format(published=published, as_of=as_of), "utf-8")
    return path


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_datetime_where_a_date_belongs_is_refused_with_its_line(
    tmp_path: Path, shipped_db: Path, dry_run: bool
) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11T10:00:00", "2008-12-11 10:00:00Z")
    before = dump(shipped_db)
    flags = ["--dry-run"] if dry_run else []
    result = cli("facts", "import", str(toml), *flags, *db_args(shipped_db))
    assert result.returncode == 1, result.stdout
    assert "2 problems; nothing was changed" in result.stderr
    assert (
        "line 1, sources #1 (leaflet): 'published' must be a date like 2008-12-11, without a time"
        in result.stderr
    )
    assert "line 7, facts #1 (30): 'as_of' must be a date like 2008-12-11, without a time" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert dump(shipped_db) == before
    answers = cli("console", *db_args(shipped_db), stdin="!iom\n!sources\n!fact 3\n")
    assert answers.returncode == 0 and CITATION in answers.stdout
    assert "something went wrong" not in answers.stdout
    exported = cli("facts", "export", str(tmp_path / "out" / "facts.toml"), *db_args(shipped_db))
    assert exported.returncode == 0, exported.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("10:00:00", "'as_of' must be a date like 2008-12-11"),
        ("2008", "'as_of' must be a date like 2008-12-11"),
        ("[2008-12-11]", "'as_of' must be a date like 2008-12-11"),
        ("{ day = 2008-12-11 }", "'as_of' must be a date like 2008-12-11"),
    ],
)
def test_other_wrong_types_for_a_date_are_refused(
    tmp_path: Path, shipped_db: Path, value: str, problem: str
) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", value)
    before = dump(shipped_db)
    result = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert result.returncode == 1 and f"line 7, facts #1 (30): {problem}" in result.stderr
    assert dump(shipped_db) == before


def test_a_correct_file_of_the_same_shape_imports(tmp_path: Path, shipped_db: Path) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01")
    result = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert result.returncode == 0, result.stderr
    shown = cli("console", *db_args(shipped_db), stdin="!fact 30\n").stdout
    assert "Nobody is illegal." in shown and "(as of 1 January 2009)" in shown


def test_a_source_text_linked_from_outside_the_folder_is_refused(
    tmp_path: Path, shipped_db: Path
) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("Nobody is illegal. The door code is 4711.\n")
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    (tmp_path / "in" / "sources" / "leaflet.txt").symlink_to(secret)
    before = dump(shipped_db)
    result = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert result.returncode == 1
    assert (
        "line 1, sources #1 (leaflet): text file sources/leaflet.txt: is a link to a file outside"
        " the import folder" in result.stderr
    )
    assert "4711" not in result.stdout + result.stderr
    assert dump(shipped_db) == before


def test_a_hard_link_to_a_private_file_is_refused(tmp_path: Path, shipped_db: Path) -> None:
    secret = tmp_path / "matrix" / "credentials.json"
    secret.parent.mkdir()
    secret.write_text('{"access_token": "syt_4711"} Nobody is illegal.\n')
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    os.link(secret, tmp_path / "in" / "sources" / "leaflet.txt")
    before = dump(shipped_db)
    for flags in ([], ["--dry-run"]):
        result = cli("facts", "import", str(toml), *flags, *db_args(shipped_db))
        assert result.returncode == 1, result.stdout
        assert (
            "line 1, sources #1 (leaflet): text file sources/leaflet.txt: has 2 names (hard"
            " links), so it may be another file's; copy the file in instead" in result.stderr
        )
        assert "4711" not in result.stdout + result.stderr
    assert dump(shipped_db) == before


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path: Path, shipped_db: Path) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    (tmp_path / "in" / "texts").mkdir()
    (tmp_path / "in" / "texts" / "real.txt").write_text("Nobody is illegal.\n")
    (tmp_path / "in" / "sources" / "leaflet.txt").symlink_to(Path("../texts/real.txt"))
    result = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert result.returncode == 0, result.stderr


def test_a_fifo_as_source_text_is_refused_instead_of_hanging(
    tmp_path: Path, shipped_db: Path
) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    os.mkfifo(tmp_path / "in" / "sources" / "leaflet.txt")
    before = dump(shipped_db)
    result = cli("facts", "import", str(toml), *db_args(shipped_db))  # hangs forever if opened
    assert result.returncode == 1
    assert "text file sources/leaflet.txt: is not a regular file" in result.stderr
    assert dump(shipped_db) == before
    added = cli(
        "sources", "add", str(tmp_path / "in" / "sources" / "leaflet.txt"), "--title", "L",
        "--author", "A", "--publication", "P", "--date", "2003-01-01", *db_args(shipped_db),
    )  # fmt: skip
    assert added.returncode == 1 and "is not a regular file" in added.stderr
    assert added.stderr.count("\n") == 1 and "Traceback" not in added.stderr


def test_a_source_text_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, shipped_db: Path
) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    huge = tmp_path / "in" / "sources" / "leaflet.txt"
    with huge.open("wb") as file:  # sparse: takes no disk space
        file.truncate(MAX_TEXT_BYTES + 1)
    result = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert result.returncode == 1
    assert (
        f"text file sources/leaflet.txt: is {MAX_TEXT_BYTES + 1:,} bytes; a source text may be"
        f" at most {MAX_TEXT_BYTES:,}" in result.stderr
    )


def test_a_folder_or_undecodable_file_as_source_text_gets_one_line(
    tmp_path: Path, shipped_db: Path
) -> None:
    toml = fact_file(tmp_path / "in", "2008-12-11", "2009-01-01", text=None)
    (tmp_path / "in" / "sources" / "leaflet.txt").mkdir()
    folder = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert "text file sources/leaflet.txt: is not a regular file" in folder.stderr
    (tmp_path / "in" / "sources" / "leaflet.txt").rmdir()
    (tmp_path / "in" / "sources" / "leaflet.txt").write_bytes(b"caf\xe9 au lait")
    latin = cli("facts", "import", str(toml), *db_args(shipped_db))
    assert (
        "text file sources/leaflet.txt: is not UTF-8 text (invalid continuation byte at byte 3)"
        in latin.stderr
    )


def test_a_deeply_nested_fact_file_gets_one_line(tmp_path: Path, shipped_db: Path) -> None:
    toml = tmp_path / "deep.toml"
    toml.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    before = dump(shipped_db)
    for flags in ([], ["--dry-run"]):
        result = cli("facts", "import", str(toml), *flags, *db_args(shipped_db))
        assert result.returncode == 1
        assert "  - not valid TOML: arrays or tables are nested too deeply" in result.stderr
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert dump(shipped_db) == before


def test_a_deeply_nested_config_gets_one_line(tmp_path: Path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("[bot]\nprefix = " + "{a=" * 100_000 + "1" + "}" * 100_000 + "\n")
    for args in (["check-config", str(config)], ["console", "--config", str(config)]):
        result = cli(*args)
        assert result.returncode == 2
        assert result.stderr == (
            f"Config error in {config}: 1 problem\n"
            "  - not valid TOML: arrays or tables are nested too deeply\n"
        )
