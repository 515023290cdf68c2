"""A quote or source that is already stored is refused with the existing id; --duplicate adds it."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable
from contextlib import closing
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.facts.duplicates import holding_query, repeated_by
from bot.storage.database import migrations, open_database
from tests.admin_helpers import MEMBER, cli, db_args, say, snapshot
from tests.sql import rows

# Fact #9 holds this sentence; #8 is the sentence before it in the article.
NINE = (
    "It arranges transport ‘to the home doorstep’, as well as offering ‘reintegration assistance’"
)
EIGHT_START = "IOM UK runs two ‘voluntary’ return programmes"
HINT = "See it with !fact 9; to add it anyway, add --duplicate."
SOURCE = '!source add "A fake friend" author:"Andrea D\'Cruz" publication:"Red Pepper" date:{}'


@pytest.mark.parametrize(
    "quote",
    [
        "“It arranges transport ‘to the home doorstep’”",  # the README's example: inside #9
        # Case, spacing and quote marks: not verbatim (case counts there), but a repeat.
        "\"it arranges  TRANSPORT 'to the home doorstep' \" --unverified",
        "“t arranges transport ‘to the”",  # starting inside a word
        "“doorst”",  # one word, cut short
        # Holds #9 whole, and more: the article's wording around it.
        "“(those who have overstayed their visas or were smuggled or trafficked into the"
        " country). It arranges transport ‘to the home doorstep’, as well as offering"
        " ‘reintegration assistance’ in the case of asylum seekers.”",
    ],
)
async def test_a_quote_inside_or_around_a_fact_is_refused_with_its_id(
    app: App, chat: RecordingAdapter, quote: str
) -> None:
    before = await snapshot(app)
    reply = await say(chat, f"!fact add varrp {quote} source:a-fake-friend")
    assert reply.startswith("That quote repeats #9"), reply
    assert reply.endswith(HINT)
    assert await snapshot(app) == before


async def test_a_quote_holding_two_facts_names_both(chat: RecordingAdapter) -> None:
    paragraph = (
        "IOM UK runs two ‘voluntary’ return programmes – the Voluntary Assisted Return and"
        " Reintegration Programme (VARRP) for asylum seekers, and another for irregular migrants"
        " (those who have overstayed their visas or were smuggled or trafficked into the"
        " country). It arranges transport ‘to the home doorstep’, as well as offering"
        " ‘reintegration assistance’ in the case of asylum seekers."
    )
    reply = await say(chat, f"!fact add varrp “{paragraph}” source:a-fake-friend")
    assert reply.startswith("That quote repeats #8, #9. See it with !fact 8;")


async def test_duplicate_adds_it_anyway_and_a_deleted_fact_does_not_count(
    chat: RecordingAdapter,
) -> None:
    added = await say(chat, f"!fact add varrp “{NINE}” source:a-fake-friend --duplicate")
    assert added.startswith("Added #23 to varrp.")
    assert (await say(chat, f"!fact add varrp “{NINE}” source:a-fake-friend")).startswith(
        "That quote repeats #9, #23."
    )
    await say(chat, "!fact delete 9")
    await say(chat, "!fact delete 23")
    again = await say(chat, f"!fact add varrp “{NINE}” source:a-fake-friend")
    assert again.startswith("Added #24 to varrp.")


async def test_a_quote_that_only_shares_words_is_added(chat: RecordingAdapter) -> None:
    # Every word of #8's start, but not as #8 has them: not a repeat, only unverified.
    shuffled = "return programmes IOM UK runs two ‘voluntary’"
    reply = await say(chat, f"!fact add varrp “{shuffled}” source:a-fake-friend --unverified")
    assert reply.startswith("Added #23 to varrp."), reply
    assert EIGHT_START in await say(chat, "!fact 8", MEMBER)


async def test_a_source_with_the_same_title_author_and_date_is_refused(
    app: App, chat: RecordingAdapter
) -> None:
    before = await snapshot(app)
    reply = await say(chat, SOURCE.format("2008-12-11"))
    assert reply == (
        "That source is already stored as a-fake-friend. See it with !source a-fake-friend;"
        " to add it anyway, add --duplicate."
    )
    spaced = '!source add "a FAKE  friend" author:"Andrea D’Cruz" publication:X date:2008-12-11'
    assert (await say(chat, spaced)).startswith("That source is already stored as a-fake-friend.")
    assert await snapshot(app) == before
    listed = await say(chat, "!sources", MEMBER)
    assert listed.count("'A fake friend'") == 1
    other_day = await say(chat, SOURCE.format("2008-12-12"))
    assert other_day.startswith("Added source a-fake-friend-2:")
    forced = await say(chat, SOURCE.format("2008-12-11") + " --duplicate")
    assert forced.startswith("Added source a-fake-friend-3:")


def test_cli_sources_add_refuses_a_repeated_source(tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("A fake friend, the whole article.", "utf-8")
    db = db_args(tmp_path / "bot.db")
    add = ["sources", "add", str(text), "--title", "A fake friend", "--author", "Andrea D'Cruz"]
    add += ["--publication", "Red Pepper", "--date", "2008-12-11", *db]
    refused = cli(*add)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Error: That source is already stored as a-fake-friend. To add it anyway, add --duplicate."
    )
    listed = cli("console", *db, stdin="!sources\n")
    assert listed.stdout.count("'A fake friend'") == 1, listed.stdout
    forced = cli(*add, "--duplicate")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith("Added source a-fake-friend-2 ")


def test_import_of_a_new_fact_repeating_a_stored_one_is_a_problem(tmp_path: Path) -> None:
    db = db_args(tmp_path / "bot.db")
    facts = tmp_path / "new.toml"
    facts.write_text(
        '[[facts]]\nid = 100\ntopics = ["varrp"]\nsource = "a-fake-friend"\n'
        'quote = "It arranges transport ‘to the home doorstep’"\n'
        '[[facts]]\nid = 101\ntopics = ["varrp"]\nsource = "a-fake-friend"\n'
        'quote = "Established in 1951, the IOM has 125 member states"\n'
        '[[facts]]\nid = 102\ntopics = ["varrp"]\nsource = "a-fake-friend"\n'
        'quote = "Nothing like this is in the article."\nverified = false\n',
        "utf-8",
    )
    assert cli("facts", "verify", *db).returncode == 0  # makes and seeds the database
    refused = cli("facts", "import", str(facts), *db)
    assert refused.returncode == 1
    assert "line 1, fact 100: its quote repeats #9; import with --duplicate" in refused.stderr
    assert "line 6, fact 101: its quote repeats #3;" in refused.stderr
    assert "fact 102" not in refused.stderr
    assert "2 problems; nothing was changed" in refused.stderr
    shown = cli("console", *db, stdin="!fact 100\n")
    assert "There is no fact #100" in shown.stdout
    forced = cli("facts", "import", str(facts), *db, "--duplicate")
    assert forced.returncode == 0, forced.stderr
    assert "3 facts added" in forced.stdout


def test_import_of_a_new_source_repeating_a_stored_one_is_a_problem(tmp_path: Path) -> None:
    db = db_args(tmp_path / "bot.db")
    assert cli("facts", "verify", *db).returncode == 0  # makes and seeds the database
    facts = tmp_path / "new.toml"
    facts.write_text(
        '[[sources]]\nid = "fake-friend"\ntitle = "A Fake Friend"\nauthor = "Andrea D\'Cruz"\n'
        'publication = "Red Pepper"\npublished = 2008-12-11\n',
        "utf-8",
    )
    refused = cli("facts", "import", str(facts), *db)
    assert refused.returncode == 1
    assert (
        "line 1, source fake-friend: it is already stored as a-fake-friend (same title, author"
        " and date): cite that id, or import with --duplicate" in refused.stderr
    )
    assert cli("facts", "import", str(facts), *db, "--duplicate").returncode == 0


def make_schema_0006_with_facts(path: Path) -> None:
    """A database as campaign-bot made it at schema 0006, holding two facts."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
        for version, name, sql in migrations():
            if version <= 6:
                connection.executescript(sql)
                connection.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name)
                )
        connection.execute("INSERT INTO sources (id, title) VALUES ('s1', 'A report')")
        connection.execute(
            "INSERT INTO facts (id, source_id, quote) VALUES (1, 's1', 'The waiver was signed"
            " before the flight left.'), (2, 's1', 'Grim.')"
        )


async def test_migration_8_gives_existing_facts_their_heads(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_schema_0006_with_facts(path)
    database = await open_database(path)
    try:
        heads = await rows(database, "SELECT id, quote_head FROM facts ORDER BY id")
        assert [tuple(row) for row in heads] == [
            (1, "the waiver was signed before the"),
            (2, "grim."),
        ]

        def repeats(quote: str) -> Awaitable[list[int]]:
            return database.read("repeats", lambda connection: repeated_by(connection, quote))

        assert await repeats("THE WAIVER WAS SIGNED before") == [1]
        around = "It was grim. The waiver was signed before the flight left. Then nothing."
        assert await repeats(around) == [1, 2]
        assert await repeats("The waiver was not signed") == []
    finally:
        await database.close()


async def test_both_lookups_use_an_index_not_a_scan_of_every_fact(db_path: Path) -> None:
    database = await open_database(db_path)
    try:
        plans = []
        for sql, params in [
            (
                "SELECT id, quote FROM facts WHERE deleted = 0"
                " AND quote_head IN (SELECT value FROM json_each(?))"
                " UNION SELECT id, quote FROM facts WHERE deleted = 0"
                " AND length(quote_head) < 32",
                ('["abc"]',),
            ),
            (
                "SELECT f.id, f.quote FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid"
                " WHERE facts_fts MATCH ? AND facts_fts.rowid > ? AND f.deleted = 0"
                " ORDER BY facts_fts.rowid LIMIT ?",
                (holding_query(NINE), 0, 10),
            ),
        ]:
            plan = await rows(database, f"EXPLAIN QUERY PLAN {sql}", params)
            plans.append(" | ".join(str(row["detail"]) for row in plan))
        assert "USING INDEX facts_quote_head" in plans[0], plans[0]
        assert "USING INDEX facts_short_quote" in plans[0], plans[0]
        assert plans[1].startswith("SCAN facts_fts VIRTUAL TABLE INDEX"), plans[1]
        assert "SEARCH f USING INTEGER PRIMARY KEY" in plans[1], plans[1]
        assert "TEMP B-TREE" not in plans[1], plans[1]
    finally:
        await database.close()


def test_the_full_text_query_is_safe_for_any_quote() -> None:
    assert holding_query("“—”") is None
    assert holding_query('He said "no" OR NEAR(x') == 'quote : "said ""no"" OR"'
    assert holding_query("a bb cccc dddd e ffff gg h") == 'quote : "cccc dddd e ffff"'
    assert holding_query("one two") == 'quote : "two"*'
