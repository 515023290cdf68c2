"""!topic alias, unalias, rename, history and undo, through the whole bot."""

from __future__ import annotations

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from tests.admin_helpers import MEMBER, say, snapshot


def heading(reply: str) -> str:
    """The first line of a reply."""
    return reply.splitlines()[0]


async def test_alias_finds_the_topic_and_undo_removes_it(chat: RecordingAdapter) -> None:
    assert (await say(chat, "!facts assisted return", MEMBER)).startswith("No facts on")
    reply = await say(chat, "!topic alias varrp assisted return")
    assert reply == "'assisted return' now finds varrp: try !facts varrp."
    assert "(varrp)" in heading(await say(chat, "!facts Assisted-Return", MEMBER))
    assert (await say(chat, "!topic undo varrp")).startswith("Undid r1 on the topic varrp")
    assert (await say(chat, "!facts assisted return", MEMBER)).startswith("No facts on")


async def test_unalias_and_its_undo(chat: RecordingAdapter) -> None:
    assert await say(chat, "!topic unalias money") == "'money' no longer finds funding."
    assert (await say(chat, "!facts money", MEMBER)).startswith("No facts on")
    await say(chat, "!topic undo funding")
    assert "(funding)" in heading(await say(chat, "!facts money", MEMBER))


async def test_rename_keeps_facts_and_aliases_and_undoes(chat: RecordingAdapter) -> None:
    assert await say(chat, "!topic rename iau gmiau-refusal") == (
        "Renamed the topic iau to gmiau-refusal."
    )
    assert "(gmiau-refusal): 4 facts" in heading(await say(chat, "!facts gmiau-refusal", MEMBER))
    assert "(gmiau-refusal)" in heading(await say(chat, "!facts denise mcdowell", MEMBER))
    assert "Topics: funding, gmiau-refusal" in await say(chat, "!fact 10", MEMBER)
    history = await say(chat, "!topic history gmiau-refusal")
    assert "test:alice · renamed: name: iau → gmiau-refusal" in history
    await say(chat, "!topic undo gmiau-refusal")
    assert "(iau): 4 facts" in heading(await say(chat, "!facts iau", MEMBER))


async def test_undo_of_a_fact_edit_after_a_topic_rename(chat: RecordingAdapter) -> None:
    await say(chat, "!fact edit 19 topic:waiver,iraq")
    await say(chat, "!topic rename waiver iraq-waiver")
    await say(chat, "!fact undo 19")
    assert "Topics: iraq-waiver" in await say(chat, "!fact 19")


async def test_topic_refusals_change_nothing(app: App, chat: RecordingAdapter) -> None:
    before = await snapshot(app)
    for text, expected in [
        ("!topic alias varrp iom", "'iom' already finds the topic iom; choose another."),
        ("!topic alias varrp Voluntary Return", "'Voluntary Return' already finds varrp."),
        ("!topic alias nosuch thing", "There is no topic 'nosuch'. See the topics with !facts."),
        ("!topic unalias varrp", "'varrp' is the topic's name, not an alias: use !topic rename."),
        ("!topic unalias nosuch", "There is no topic 'nosuch'. See the topics with !facts."),
        ("!topic rename iau iom", "'iom' already finds the topic iom; choose another."),
        ("!topic rename iau Bad Name", "Give the topic's name, then its new name."),
        ("!topic rename iau BAD", "'BAD' cannot be a topic name: use up to 40 lower-case"),
        ("!topic rename iau money", "'money' already finds the topic funding; choose another."),
        ("!topic undo varrp", "The topic 'varrp' has no change left to undo."),
        ("!topic alias varrp " + "x" * 80, "That alias is 80 characters; keep aliases under 60."),
    ]:
        reply = await say(chat, text)
        assert reply.startswith(expected), (text, reply)
        assert await snapshot(app) == before, text


async def test_an_undo_that_would_collide_is_refused(app: App, chat: RecordingAdapter) -> None:
    await say(chat, "!topic unalias money")
    await say(chat, "!topic alias iom money")
    before = await snapshot(app)
    reply = await say(chat, "!topic undo funding")
    assert reply == "'money' already finds the topic iom; choose another."
    assert await snapshot(app) == before


async def test_a_topic_made_with_a_fact_is_removed_by_undo_once_empty(
    chat: RecordingAdapter,
) -> None:
    await say(
        chat,
        '!fact add transport "It arranges transport" source:a-fake-friend --new-topic --duplicate',
    )
    assert (await say(chat, "!topic undo transport")).startswith(
        "The topic transport still has facts (1)"
    )
    await say(chat, "!fact edit 23 topic:varrp")
    assert await say(chat, "!topic undo transport") == (
        "Undid r1: the topic transport is removed again."
    )
    assert (await say(chat, "!facts transport", MEMBER)).startswith("No facts on")
