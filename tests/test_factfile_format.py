"""The fact file writer: any text survives TOML, and written files read back the same."""

from __future__ import annotations

import tomllib
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.facts.factfile import FactFile, parse_fact_file
from bot.facts.factfile_writer import render_fact_file, toml_string
from bot.facts.records import Fact, Source, Topic
from bot.facts.seed import shipped_fact_file


@given(st.text())
def test_any_text_survives_as_a_toml_string(text: str) -> None:
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


@given(
    quote=st.text(min_size=1, max_size=300).filter(str.strip),
    note=st.text(max_size=100),
    alias=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=20),
    as_of=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1)),
    verified=st.booleans(),
    deleted=st.booleans(),
)
def test_a_written_file_reads_back_the_same(
    quote: str, note: str, alias: str, as_of: date | None, verified: bool, deleted: bool
) -> None:
    written = FactFile(
        sources=[Source("s", "Title “T”", "A\\B", published=date(2008, 12, 11))],
        topics=[Topic("t", 'The "t" topic', (alias,)) if alias != "t" else Topic("t")],
        facts=[Fact(7, ("t",), "s", quote, note, as_of, verified, deleted)],
    )
    read = parse_fact_file(render_fact_file(written))
    assert read.problems == []
    assert (read.sources, read.topics, read.facts) == (
        written.sources,
        written.topics,
        written.facts,
    )


def test_the_shipped_file_round_trips_through_the_writer() -> None:
    shipped, _ = shipped_fact_file()
    again = parse_fact_file(render_fact_file(shipped))
    assert again.problems == []
    assert again.facts == shipped.facts and again.sources == shipped.sources
    assert again.topics == shipped.topics


def test_problems_name_the_line_of_their_entry() -> None:
    text = (
        '[[topics]]\nname = "a"\n\n  [[facts]]\nid = 0\ntopics = ["a"]\nsource = "s"\nquote = "q"\n'
    )
    problems = parse_fact_file(text).problems
    assert "line 4, facts #1 (0): 'id' must be a whole number from 1 to 999,999,999" in problems
    assert "line 4, fact 0: unknown source 's'" in problems
    assert parse_fact_file("[[facts]\n").problems[0].startswith("not valid TOML")
    problems = parse_fact_file('fact = 1\n[[facts]]\nid = 1\nverified = "yes"\n').problems
    assert "unknown section 'fact' (use sources, topics and facts)" in problems
    assert "line 2, facts #1 (1): 'verified' must be true or false" in problems
