"""A row that cannot be read (written by hand, or by an older version) is skipped, not fatal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.admin_helpers import cli, db_args
from tests.test_cli import CITATION

LEAFLET = (
    '!source add "Leaflet" author:"No Borders" publication:"Self" date:2008-01-01\n'
    '!fact add iom "Nobody is illegal" source:leaflet --unverified\n'
)
ASKED = "!iom\n!iom\n!facts varrp\n!fact 1\n!fact 1\n!fact 2\n!sources\n!facts search member\n"


@pytest.fixture
def broken_db(tmp_path: Path) -> Path:
    """The shipped facts plus a leaflet, then a bad date in fact 1 and in the leaflet source."""
    path = tmp_path / "bot.db"
    added = cli("console", *db_args(path), stdin=LEAFLET)
    assert "Added #23 to iom." in added.stdout, added.stdout + added.stderr
    with sqlite3.connect(path) as connection:  # what an older import let through
        connection.execute("UPDATE facts SET as_of = '2008-12-11T10:00:00' WHERE id = 1")
        connection.execute("UPDATE sources SET published = '1 Jan 2008' WHERE id = 'leaflet'")
    return path


def test_every_other_fact_still_answers_and_each_bad_row_is_logged_once(broken_db: Path) -> None:
    result = cli("console", *db_args(broken_db), stdin=ASKED)
    assert result.returncode == 0
    assert "something went wrong" not in result.stdout
    assert result.stdout.count(CITATION) >= 4
    assert "#2 “The organisation says its mission" in result.stdout
    assert "#1 “" not in result.stdout and "Nobody is illegal" not in result.stdout
    assert "There is no fact #1." in result.stdout
    assert "a-fake-friend" in result.stdout and "leaflet" not in result.stdout.lower()
    logged = [line for line in result.stderr.splitlines() if "skipping" in line]
    assert len(logged) == 2, result.stderr
    assert (
        "skipping facts row 1: it cannot be read (ValueError: Invalid isoformat string:"
        " '2008-12-11T10:00:00')" in logged[0]
    )
    assert "skipping sources row leaflet: it cannot be read" in "".join(logged)
    assert "Traceback" not in result.stderr


def test_export_skips_the_bad_rows_and_an_import_mends_them(
    broken_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "facts.toml"
    exported = cli("facts", "export", str(out), *db_args(broken_db))
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 22 facts" in exported.stdout and "and 1 source to" in exported.stdout
    assert "skipping facts row 1" in exported.stderr
    assert "skipping sources row leaflet" in exported.stderr
    mend = tmp_path / "mend.toml"
    mend.write_text(
        '[[sources]]\nid = "leaflet"\ntitle = "Leaflet"\nauthor = "No Borders"\n'
        'publication = "Self"\npublished = 2008-01-01\n\n'
        '[[facts]]\nid = 1\ntopics = ["iom"]\nsource = "a-fake-friend"\nverified = false\n'
        'quote = "Mended"\nas_of = 2008-12-11\n'
    )
    mended = cli("facts", "import", str(mend), *db_args(broken_db))
    assert mended.returncode == 0, mended.stderr
    assert "1 fact updated, 1 source updated" in mended.stdout
    again = cli("console", *db_args(broken_db), stdin="!fact 1\n!fact 23\n")
    assert "#1 “Mended”" in again.stdout and "(as of 11 December 2008)" in again.stdout
    assert "Nobody is illegal" in again.stdout and "1 January 2008" in again.stdout
    assert "skipping" not in again.stderr


def test_an_unreadable_event_is_left_out_of_the_list_and_the_calendar(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    config = tmp_path / "c.toml"
    config.write_text('[bot]\ntimezone = "Europe/London"\n')
    for title in ("Picket", "Banner painting"):
        added = cli(
            "events", "--config", str(config), *db_args(path), "add", title, "next", "monday", "2pm"
        )
        assert added.returncode == 0, added.stdout + added.stderr
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE events SET local_start = 'next monday' WHERE id = 1")
    listed = cli("events", *db_args(path), "list")
    assert listed.returncode == 0, listed.stderr
    assert "Banner painting" in listed.stdout and "Picket" not in listed.stdout
    assert "skipping events row 1: it cannot be read" in listed.stderr
    calendar = cli("events", *db_args(path), "ics", "-")
    assert calendar.returncode == 0 and calendar.stdout.count("BEGIN:VEVENT") == 1
