"""!sources, !source <id> and !source add."""

from __future__ import annotations

from bot.adapters.recording import RecordingAdapter
from tests.admin_helpers import MEMBER, say

CITATION = "Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"


async def test_members_can_list_and_read_sources(chat: RecordingAdapter) -> None:
    listed = await say(chat, "!sources", MEMBER)
    assert f"a-fake-friend (22): {CITATION}" in listed
    shown = await say(chat, "!source a-fake-friend", MEMBER)
    assert shown.startswith(f"a-fake-friend: {CITATION}")
    assert "Full text stored (" in shown and "22 facts quote it." in shown


async def test_admins_add_a_source_with_typographic_quotes_and_options_in_any_order(
    chat: RecordingAdapter,
) -> None:
    reply = await say(
        chat,
        "!source add “Deportation: a primer” date:2010-05-01 url:https://example.org/primer "
        "publication:‘Free Press’ author:“Sam O'Neill”",
    )
    assert reply.startswith("Added source deportation-a-primer: Deportation: a primer.")
    shown = await say(chat, "!source deportation-a-primer", MEMBER)
    assert shown.splitlines()[0] == (
        "deportation-a-primer: Sam O'Neill, 'Deportation: a primer', Free Press, "
        "1 May 2010 https://example.org/primer"
    )
    assert "No text stored" in shown
    again = await say(
        chat, "!source add “Deportation: a primer” author:A publication:B date:2010-05-01"
    )
    assert again.startswith("Added source deportation-a-primer-2:")


async def test_a_source_mistake_shows_the_usage_with_an_example(chat: RecordingAdapter) -> None:
    reply = await say(chat, "!source add author:A")
    first, usage = reply.splitlines()
    assert first == "Give the title in quotes."
    assert usage.startswith('Usage: !source add "<title>" author:"..."')
    assert 'e.g. !source add "A fake friend" author:"Andrea D\'Cruz"' in usage
