"""The events rules refuse with typed errors; the command layer words each, with the prefix."""

from __future__ import annotations

import typing
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.commands.event_texts import refusal
from bot.events import errors
from bot.events.errors import EventError
from tests.eventkit import running_bot, settings, utc

BOT = Path(__file__).parents[1] / "bot"
START = utc(2026, 3, 20, 12)
SAMPLES: dict[object, object] = {
    str: "x",
    int: 3,
    bool: True,
    datetime: datetime(2026, 3, 21, 14),
    ZoneInfo: ZoneInfo("Europe/London"),
    tuple[str, ...]: ("nowhere",),
}


def every_error() -> list[type[EventError]]:
    """Every error the events rules raise (the leaves below EventError)."""
    return [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, EventError) and not value.__subclasses__()
    ]


@pytest.mark.parametrize("kind", every_error(), ids=lambda kind: kind.__name__)
def test_every_refusal_of_the_events_rules_has_one_line_of_words(
    kind: type[EventError],
) -> None:
    hints = typing.get_type_hints(kind)
    error = kind(*(SAMPLES[hints[field.name]] for field in fields(kind)))  # type: ignore[call-arg]
    said = refusal(error)
    assert said and "\n" not in said and "!" not in said, said


def test_the_events_package_names_no_command() -> None:
    for path in sorted((BOT / "events").glob("*.py")):
        text = path.read_text("utf-8")
        assert '"!' not in text and "'!" not in text, path.name


async def test_event_answers_and_posts_name_commands_with_the_configured_prefix(
    db_path: Path,
) -> None:
    config = replace(settings(), prefix="?")
    async with running_bot(db_path, START, config) as bot:
        answers = {
            "?events now": "?events takes nothing after it; one event: ?event <id>",
            '?event add "Picket" saturday 2pm remind:2h': "cancel: ?event cancel 1",
            "?events": "Details: ?event <id>",
            "?event 1": "Coming? ?going 1 or ?notgoing 1",
            "?going 9": "No event #9. See them with ?events",
            '?announce tomorrow 6pm "Banner painting"': "To call it off: ?event cancel 2",
        }
        for command, says in answers.items():
            answer = await bot.say(command)
            assert says in answer and "!" not in answer, answer
        (reminder,) = await bot.at(utc(2026, 3, 21, 12))
        assert "Coming? ?going 1" in reminder.text and "!" not in reminder.text
