"""Bad input: one friendly line, never a traceback, nothing changed."""

from __future__ import annotations

import pytest

from bot.adapters.recording import RecordingAdapter, person
from bot.app import App
from tests.conftest import Asker
from tests.sql import execute, rows

BAD_INPUTS = [
    "!",
    "!   ",
    "!nosuchcommand",
    "!facts " + "x" * 10_000,
    "!facts " + "y" * 3_000,
    "!facts \x00\x07\x1b[31mred\x1b[0m",
    '!facts "unbalanced',
    "!facts “typographic unbalanced",
    "!facts '; DROP TABLE facts; --",
    "!facts search ' OR 1=1 --",
    "!facts 🔥🔥🔥",
    "!facts מידע על הגירה",
    "!fact ‮abc",
    "!fact 99999999999999999999",
    "!fact -1",
    "!facts varrp 0",
    "!facts varrp 99999999999",
    "!help nosuchcommand",
    "!facts search",
    "!fact",
    "!fact 1 2",
    "!iom --unknown-flag",
]


async def snapshot(app: App) -> list[tuple[object, ...]]:
    """Every fact, topic key and source row, to compare before and after."""
    found = []
    for table in ("facts", "topic_keys", "topics", "fact_topics", "sources"):
        found += [tuple(r) for r in await rows(app.database, f"SELECT * FROM {table}")]
    return found


@pytest.mark.parametrize("text", BAD_INPUTS)
async def test_bad_input_gets_one_short_answer_and_changes_nothing(
    app: App, chat: RecordingAdapter, text: str
) -> None:
    before = await snapshot(app)
    sent = await chat.push(text, author=person())
    assert len(sent) == 1
    reply = sent[0].text
    assert "Traceback" not in reply and "went wrong" not in reply
    assert len(reply.splitlines()) <= 2, reply
    assert len(reply) < 300
    assert await snapshot(app) == before


async def test_unknown_commands_get_pointed_to_help(ask: Asker) -> None:
    assert await ask("!nosuchcommand") == "Unknown command '!nosuchcommand'. Try !help"
    assert await ask("!fcts varrp") == "Unknown command '!fcts'. Did you mean !facts? Try !help"


async def test_a_long_message_is_refused_with_its_length(ask: Asker) -> None:
    assert await ask("!facts " + "x" * 10_000) == (
        "That message is too long (10,007 characters); keep commands under 4,000."
    )


async def test_an_unbalanced_quote_is_explained(ask: Asker) -> None:
    reply = await ask('!facts "unbalanced')
    assert reply.startswith("The quote that starts at") and "never closed" in reply


async def test_control_characters_are_dropped(ask: Asker) -> None:
    assert "(varrp)" in (await ask("!facts\x07 var\x00rp")).splitlines()[0]


async def test_a_failing_handler_answers_politely(app: App, chat: RecordingAdapter) -> None:
    await execute(app.database, "DROP TABLE fact_topics")
    reply = (await chat.push("!facts varrp"))[0].text
    assert reply == "Sorry, something went wrong with that command. It has been logged."
