"""!fact add, edit, delete, restore, history and undo, through the whole bot."""

from __future__ import annotations

import re

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from tests.admin_helpers import MEMBER, OTHER_ADMIN, say, snapshot

REAL = "It arranges transport ‘to the home doorstep’"
# The same sentence with one word changed ("home" -> "house").
ALTERED = "It arranges transport ‘to the house doorstep’"
# Fact #9 already holds REAL: these tests are about verification and history, so they add
# it again with --duplicate (tests/test_duplicates.py is about the refusal).
ADD = "!fact add varrp “{}” source:a-fake-friend --duplicate"


async def test_add_accepts_a_verbatim_quote_and_shows_it(chat: RecordingAdapter) -> None:
    reply = await say(chat, ADD.format(REAL) + ' as-of:2008-12-11 note:"From the article."')
    assert reply.startswith("Added #23 to varrp.")
    assert f"#23 “{REAL}”" in reply and "Unverified" not in reply
    shown = await say(chat, "!fact 23", MEMBER)
    assert shown.startswith(f"#23 “{REAL}” (as of 11 December 2008)\n")
    assert "Note: From the article." in shown and "As of" not in shown
    assert "#23" in await say(chat, "!facts varrp 2", MEMBER)


async def test_a_quote_altered_by_one_word_is_refused_with_the_real_passage(
    app: App, chat: RecordingAdapter
) -> None:
    before = await snapshot(app)
    reply = await say(chat, ADD.format(ALTERED))
    assert reply.startswith("That quote is not word for word in the source a-fake-friend.")
    assert f"Closest passage: “{REAL}," in reply
    assert reply.endswith("Fix the quote, or add --unverified to keep it marked unverified.")
    assert await snapshot(app) == before


async def test_typographic_differences_still_count_as_verbatim(chat: RecordingAdapter) -> None:
    plain = "It arranges   transport 'to the home doorstep'"
    assert (
        await say(chat, f'!fact add varrp "{plain}" source:a-fake-friend --duplicate')
    ).startswith("Added")


async def test_unverified_is_forced_and_marked_everywhere(chat: RecordingAdapter) -> None:
    reply = await say(chat, ADD.format(ALTERED) + " --unverified")
    assert reply.startswith("Added #23") and "marked unverified" in reply
    assert "Unverified: not confirmed word for word" in await say(chat, "!fact 23", MEMBER)
    assert f"#23 “{ALTERED}” (unverified)" in await say(chat, "!facts varrp 2", MEMBER)
    assert f"#23 “{ALTERED}” (unverified)" in await say(chat, "!facts search house doorstep")


async def test_edit_changes_only_what_is_named_and_is_checked(chat: RecordingAdapter) -> None:
    reply = await say(chat, '!fact edit 8 note:"VARRP is for asylum seekers." as-of:none')
    assert reply.startswith("Changed #8: note: (none) → “VARRP is for asylum seekers.”")
    shown = await say(chat, "!fact 8", MEMBER)
    assert "Note: VARRP is for asylum seekers." in shown and "as of" not in shown
    assert "IOM UK runs two ‘voluntary’ return programmes" in shown
    refused = await say(chat, "!fact edit 8 quote:“IOM UK runs three return programmes”")
    assert refused.startswith("That quote is not word for word")
    assert "Topics: iraq, varrp" in await say(chat, "!fact edit 8 topic:varrp,iraq")


async def test_history_lists_every_change_with_who_and_what(chat: RecordingAdapter) -> None:
    await say(chat, ADD.format(REAL))
    await say(chat, '!fact edit 23 note:"first"', OTHER_ADMIN)
    await say(chat, "!fact delete 23")
    await say(chat, "!fact restore 23", OTHER_ADMIN)
    history = await say(chat, "!fact history 23")
    lines = history.splitlines()
    assert lines[0] == "History of #23 (4 changes):"
    assert re.fullmatch(
        r"r\d+ · \d+ \w{3} \d{4} \d\d:\d\d [A-Z+0-9-]+ · test:alice · added: “.*”", lines[1]
    )
    assert "test:bob · edited: note: (none) → first" in lines[2]
    assert lines[3].endswith("test:alice · deleted")
    assert lines[4].endswith("test:bob · restored")
    assert (await say(chat, "!fact history 3")).startswith("#3 has not been changed")


async def test_undo_walks_back_edit_then_add(chat: RecordingAdapter) -> None:
    await say(chat, ADD.format(REAL))
    await say(chat, '!fact edit 23 note:"oops"')
    assert (await say(chat, "!fact undo 23")).startswith("Undid r2 on #23.")
    assert "Note:" not in await say(chat, "!fact 23", MEMBER)
    assert await say(chat, "!fact undo 23") == "Undid r1: #23 is hidden again (deleted)."
    assert (await say(chat, "!fact 23", MEMBER)).startswith("There is no fact #23.")
    assert await say(chat, "!fact undo 23") == "#23 has no change left to undo."
    history = await say(chat, "!fact history 23")
    assert "undid r2: note: oops → (none)" in history and "undid r1: deleted" in history


async def test_undo_of_a_delete_brings_the_fact_back(chat: RecordingAdapter) -> None:
    await say(chat, "!fact delete 9")
    assert (await say(chat, "!fact 9", MEMBER)).startswith("There is no fact #9.")
    assert "#9" not in await say(chat, "!facts varrp", MEMBER)
    assert (await say(chat, "!fact undo 9")).startswith("Undid r1 on #9.")
    assert "#9 “It arranges transport" in await say(chat, "!facts varrp", MEMBER)


async def test_undo_of_an_undone_change_is_not_repeated(chat: RecordingAdapter) -> None:
    await say(chat, '!fact edit 3 note:"a"')
    await say(chat, '!fact edit 3 note:"b"')
    await say(chat, "!fact undo 3")
    await say(chat, '!fact edit 3 note:"c"')
    assert "Note: c" in await say(chat, "!fact 3")
    await say(chat, "!fact undo 3")
    assert "Note: a" in await say(chat, "!fact 3")
    await say(chat, "!fact undo 3")
    assert "Note:" not in await say(chat, "!fact 3")
    assert await say(chat, "!fact undo 3") == "#3 has no change left to undo."


async def test_a_new_topic_is_made_only_when_asked(chat: RecordingAdapter) -> None:
    no = await say(chat, ADD.format(REAL).replace("varrp", "transport"))
    assert no.startswith("There is no topic 'transport'.")
    yes = await say(chat, ADD.format(REAL).replace("varrp", "transport") + " --new-topic")
    assert yes.startswith("Added #23 to transport.")
    assert "#23" in await say(chat, "!facts transport", MEMBER)


async def test_a_source_without_text_gives_unverified_facts(chat: RecordingAdapter) -> None:
    await say(chat, '!source add "Leaflet" author:"No Borders" publication:"Self" date:2008-01-01')
    reply = await say(chat, '!fact add iom "Anything at all" source:leaflet')
    assert "its source has no stored text, so it is marked unverified" in reply
    assert "(unverified)" in await say(chat, "!facts iom 2", MEMBER)


async def test_history_of_a_long_quote_shows_the_words_that_changed(
    chat: RecordingAdapter,
) -> None:
    shown = await say(chat, "!fact 8")
    first = shown.splitlines()[0].removesuffix(" (as of 11 December 2008)")
    quote = first.removeprefix("#8 “").removesuffix("”")
    changed = quote.replace("runs two", "runs three")
    await say(chat, f"!fact edit 8 quote:“{changed}” --unverified")
    history = await say(chat, "!fact history 8")
    assert (
        "quote: “IOM UK runs two ‘voluntary’ return programmes…” → "
        "“IOM UK runs three ‘voluntary’ return programmes…”; verified: yes → no"
    ) in history
