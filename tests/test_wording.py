"""Plurals and dates come from one helper each, and every answer uses them."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.dates import as_of, day_and_time, long_date, short_day, timestamp
from bot.core.model import Reply
from bot.core.quotes import Citation, Quote
from bot.core.words import plural
from bot.render.discord_embed import to_discord
from bot.render.matrix_html import to_matrix_html
from bot.render.text import to_markdown, to_plain

BOT = Path(__file__).parents[1] / "bot"
LONDON = ZoneInfo("Europe/London")
# Machine formats, never shown to people: stored UTC times and calendar ids.
MACHINE_FORMATS = {"events/records.py", "events/ics.py"}


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "fact", None, "0 facts"),
        (1, "fact", None, "1 fact"),
        (2, "fact", None, "2 facts"),
        (1500, "checked fact", None, "1,500 checked facts"),
        (1, "fact quotes", "facts quote", "1 fact quotes"),
        (3, "fact quotes", "facts quote", "3 facts quote"),
        (2, "person", "people", "2 people"),
    ],
)
def test_plural_agrees_with_the_count(
    count: int, one: str, many: str | None, expected: str
) -> None:
    assert plural(count, one, many) == expected


def test_dates_are_written_one_way() -> None:
    assert long_date(date(2008, 12, 11)) == "11 December 2008"
    assert as_of(date(2008, 12, 11)) == "as of 2008"
    assert as_of(date(2008, 12, 11), full=True) == "as of 11 December 2008"
    assert short_day(date(2026, 3, 21)) == "Sat 21 Mar"
    assert short_day(date(2026, 3, 21), year=True) == "Sat 21 Mar 2026"
    local = datetime(2026, 3, 21, 14, 5, tzinfo=UTC).astimezone(LONDON)
    assert day_and_time(local) == "Sat 21 Mar, 14:05 GMT"
    assert day_and_time(local, year=True) == "Sat 21 Mar 2026, 14:05 GMT"
    summer = datetime(2026, 11, 27, 23, 41, tzinfo=UTC).astimezone(LONDON)
    assert timestamp(summer) == "27 Nov 2026 23:41 GMT"


SOURCE = Citation("Andrea D'Cruz", "A fake friend", "Red Pepper", date(2008, 12, 11))


def every_rendering(quote: Quote) -> list[str]:
    """The quote as plain text, Markdown, Matrix HTML and a Discord embed's title and fields."""
    reply = Reply((quote,))
    [message] = to_discord(reply)
    [embed] = message.embeds
    fields = " ".join(f"{f['name']}: {f['value']}" for f in embed.get("fields", []))
    return [to_plain(reply), to_markdown(reply), to_matrix_html(reply), embed["title"] + fields]


def test_as_of_reads_the_same_on_every_platform_in_lists_and_in_full() -> None:
    listed = Quote(8, "IOM UK runs two programmes", SOURCE, as_of=date(2008, 12, 11))
    for text in every_rendering(listed):
        assert "(as of 2008)" in text, text
        assert "December 2008" not in text.replace("11 December 2008", "", 1), text
    full = Quote(8, "IOM UK runs two programmes", SOURCE, as_of=date(2008, 12, 11), full=True)
    for text in every_rendering(full):
        assert "(as of 11 December 2008)" in text, text
        assert "As of" not in text, text


def python_files() -> list[tuple[str, ast.Module]]:
    """Every module of the bot, parsed."""
    return [
        (str(path.relative_to(BOT)), ast.parse(path.read_text("utf-8")))
        for path in sorted(BOT.rglob("*.py"))
    ]


def is_log_call(node: ast.Call) -> bool:
    """log.info(...), log.warning(...): words for the operator's log, not answers."""
    function = node.func
    return (
        isinstance(function, ast.Attribute)
        and isinstance(function.value, ast.Name)
        and function.value.id == "log"
    )


def not_answers(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside log calls and docstrings."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_log_call(node):
            skipped |= {id(inner) for inner in ast.walk(node)}
        documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, documented) and ast.get_docstring(node) is not None:
            first = node.body[0]
            assert isinstance(first, ast.Expr)
            skipped.add(id(first.value))
    return skipped


def test_no_answer_writes_a_plural_as_s_in_brackets() -> None:
    found = []
    for name, tree in python_files():
        skipped = not_answers(tree)
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and "(s)" in node.value and id(node) not in skipped:
                found.append(f"{name}:{node.lineno}: {node.value!r}")
    assert found == [], found


def test_no_answer_formats_a_date_by_itself() -> None:
    found = []
    for name, tree in python_files():
        if name == "core/dates.py" or name in MACHINE_FORMATS:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                spec = ast.unparse(node.format_spec)
                if "%" in spec:
                    found.append(f"{name}:{node.lineno}: {spec}")
            if isinstance(node, ast.Attribute) and node.attr == "strftime":
                found.append(f"{name}:{node.lineno}: strftime")
    assert found == [], found
