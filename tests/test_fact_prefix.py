"""With `[bot] prefix = "?"`, every fact, topic and source answer names its commands with ?."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from bot.commands.fact_texts import refusal
from bot.config import Settings
from bot.facts import errors
from bot.facts.errors import FactsError
from tests.admin_helpers import cli, db_args, say

NINE = "“It arranges transport ‘to the home doorstep’”"
ANSWERS = [
    ("?fact delete 5", "Bring it back with ?fact restore 5."),
    ("?fact delete 5", "#5 is already deleted. Bring it back with ?fact restore."),
    ("?fact restore 5", "Restored #5."),
    ("?topic alias zzqqxx thing", "There is no topic 'zzqqxx'. See the topics with ?facts."),
    ("?topic unalias varrp", "'varrp' is the topic's name, not an alias: use ?topic rename."),
    (f"?fact add varrp {NINE} source:a-fake-friend", "See it with ?fact 9;"),
    (f"?fact add zzqqxx {NINE} source:a-fake-friend", "See the topics with ?facts."),
    ("?fact edit 5 source:nope", "There is no source 'nope'. See the ids with ?sources."),
    ("?fact edit 5 topic:zzqqxx", "There is no topic 'zzqqxx'. See the topics with ?facts."),
    (
        "?source add “A fake friend” author:“Andrea D'Cruz” publication:“Red Pepper”"
        " date:2008-12-11",
        "See it with ?source a-fake-friend;",
    ),
    ("?source nope", "See the ids with ?sources."),
    ("?facts", "Try ?facts varrp or ?facts search <words>"),
    ("?facts zzqqxx", "See ?facts for topics, or ?facts search <words>."),
    ("?facts varrp", "Next: ?facts varrp 2"),
    ("?fact 999", "Find ids with ?facts <topic>."),
]


@pytest.fixture
async def app(db_path: Path) -> AsyncIterator[App]:
    """The bot with ? as its prefix, on a new, seeded database."""
    bot = await App.open(Settings(prefix="?"), db_path)
    yield bot
    await bot.close()


async def test_every_answer_names_commands_with_the_configured_prefix(
    chat: RecordingAdapter,
) -> None:
    for text, expected in ANSWERS:
        reply = await say(chat, text)
        assert expected in reply, (text, reply)
        assert "!" not in reply, (text, reply)


def every_refusal() -> list[FactsError]:
    """One of each refusal the facts domain has (not the groupings), with made-up values."""
    values: dict[object, object] = {"int": 3, "str": "a-thing", "list[int]": [3, 4]}
    values["Entity"] = "topic"
    made = []
    for kind in vars(errors).values():
        if isinstance(kind, type) and issubclass(kind, FactsError) and not kind.__subclasses__():
            fields = dataclasses.fields(kind)  # type: ignore[arg-type]
            made.append(kind(**{field.name: values[field.type] for field in fields}))
    return made


@pytest.mark.parametrize("error", every_refusal(), ids=lambda error: type(error).__name__)
def test_every_refusal_has_words_and_names_no_command_without_the_prefix(
    error: FactsError,
) -> None:
    words = refusal(error, "?")
    assert words.strip() and "!" not in words, words


def test_the_shell_names_the_chat_command_with_the_configured_prefix(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[bot]\nprefix = "?"\n')
    text = tmp_path / "leaflet.txt"
    text.write_text("Nobody is illegal.\n")
    added = cli("sources", "add", str(text), "--config", str(config), "--title", "Leaflet",
                "--author", "NOII", "--publication", "Self", "--date", "2003-01-01",
                *db_args(tmp_path / "d.db"))  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert 'Quote it with: ?fact add <topic> "<quote>" source:leaflet' in added.stdout
