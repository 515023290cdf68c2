"""Typed or picked from a menu, a command reaches its handler as one typed Invocation."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adapters.recording import TEST_PLACE, RecordingAdapter, person
from bot.app import App
from bot.core.model import Invocation, Role
from tests.admin_helpers import ADMIN, snapshot
from tests.eventkit import ORGANISER
from tests.watch import watch_invocations

MEMBER = person(Role.MEMBER, "test:mo")
MISTYPED_NUMBERS = [
    ("!event ²", "Usage: !event <id>", MEMBER),
    ("!going ²", "Usage: !going <id>", MEMBER),
    ("!notgoing ²", "Usage: !notgoing <id>", MEMBER),
    ("!fact ²", "Usage: !fact <id>", MEMBER),
    ("!facts varrp ²", "Usage: !facts [topic] [page]", MEMBER),
    ("!facts varrp ½", "Usage: !facts [topic] [page]", MEMBER),
    ("!event cancel ²", "Usage: !event cancel <id>", ORGANISER),
    ("!event remind ² 1d", "Usage: !event remind <id>", ORGANISER),
    ("!fact delete ²", "Usage: !fact delete <id>", ADMIN),
]


@pytest.mark.parametrize(("text", "usage", "who"), MISTYPED_NUMBERS)
async def test_a_mistyped_number_is_answered_with_the_usage_line(
    app: App, chat: RecordingAdapter, text: str, usage: str, who: object
) -> None:
    before = await snapshot(app)
    [sent] = await chat.push(text, author=who)  # type: ignore[arg-type]
    reason, usage_line = sent.text.splitlines()
    assert "is not" in reason and "went wrong" not in sent.text
    assert usage_line.startswith(usage)
    assert await snapshot(app) == before


async def test_going_picked_from_a_menu_is_the_invocation_typing_it_gives(
    app: App, chat: RecordingAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.push('!event add "Picket" saturday 2pm', author=ORGANISER)
    seen = watch_invocations(app.router, monkeypatch)
    typed = await chat.push("!going 1", author=MEMBER)
    picked = await chat.call("going", {"id": 1}, author=MEMBER)
    as_text = await chat.call("going", {"id": "#1"}, author=MEMBER)
    expected = Invocation("going", {"id": 1}, seen[0].author, TEST_PLACE)
    assert seen == [expected] * 3
    assert seen[0].author.id == MEMBER.id
    assert typed[0].text == picked[0].text == as_text[0].text
    assert await app.events.events.rsvp_counts(1) == (1, 0)


async def test_handlers_get_typed_values(
    app: App, chat: RecordingAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = watch_invocations(app.router, monkeypatch)
    await chat.push("!facts voluntary return 2")
    await chat.push("!fact edit 8 as-of:2008-12-11 topic:varrp,iraq --unverified", author=ADMIN)
    assert seen[0].values == {"topic": "voluntary return", "page": 2}
    assert seen[1].values == {
        "id": 8,
        "as-of": date(2008, 12, 11),
        "topic": ("varrp", "iraq"),
        "unverified": True,
    }


async def test_a_menu_pick_is_read_and_refused_as_typing_is(chat: RecordingAdapter) -> None:
    [shown] = await chat.call("fact", {"id": 8})
    assert shown.text == (await chat.push("!fact 8"))[0].text
    [bad] = await chat.call("fact", {"id": "abc"})
    assert bad.text.splitlines() == [
        "'abc' is not a fact id: fact ids are numbers like 12.",
        "Usage: !fact <id>  e.g. !fact 8",
    ]
    [missing] = await chat.call("facts search", {})
    assert missing.text.startswith("Say what to search for.\nUsage: !facts search <words>")
    [unknown] = await chat.call("nosuch", {})
    assert unknown.text == "Unknown command '!nosuch'. Try !help"
    [refused] = await chat.call("fact delete", {"id": 8}, author=MEMBER)
    assert refused.text == "Only admins can edit facts."


async def test_an_admin_adds_a_fact_from_a_menu(app: App, chat: RecordingAdapter) -> None:
    values = {"topic": "varrp", "quote": "It arranges transport", "source": "a-fake-friend"}
    [added] = await chat.call("fact add", {**values, "duplicate": True}, author=ADMIN)
    assert added.text.startswith("Added #23 to varrp."), added.text
    [again] = await chat.call("fact add", {**values, "duplicate": False}, author=ADMIN)
    assert "That quote repeats #" in again.text
