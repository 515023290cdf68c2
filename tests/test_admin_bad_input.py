"""Bad admin input: a clear one-line reason (plus the usage line), and nothing written."""

from __future__ import annotations

import pytest

from bot.adapters.recording import RecordingAdapter
from bot.app import App
from tests.admin_helpers import say, snapshot

QUOTE = "“It arranges transport”"
BAD = [
    ("!fact edit 999 note:x", "There is no fact #999."),
    ("!fact delete 999", "There is no fact #999."),
    ("!fact restore 999", "There is no fact #999."),
    ("!fact undo 999", "There is no fact #999."),
    ("!fact history 999", "There is no fact #999."),
    ("!fact delete abc", "'abc' is not a fact id"),
    ("!fact undo 5", "#5 has no change left to undo."),
    ("!fact restore 5", "#5 is not deleted."),
    ("!fact edit 5", "Say what to change"),
    ("!fact edit 2 note:“The IOM's stated mission.”", "That changes nothing on #2."),
    ("!fact edit 5 qoute:x", "Unknown option 'qoute:'"),
    ("!fact edit 5 as-of:2008-13-45", "'2008-13-45' is not a date"),
    ("!fact edit 5 as-of:11/12/2008", "'11/12/2008' is not a date"),
    ("!fact edit 5 as-of:2999-01-01", "The as-of date 2999-01-01 is in the future."),
    ("!fact edit 5 source:nope", "There is no source 'nope'."),
    ("!fact edit 5 topic:nope", "There is no topic 'nope'."),
    ("!fact edit 5 quote:“”", "The quote is empty."),
    (f"!fact add varrp {QUOTE}", "Say which source the quote is from"),
    (f"!fact add varrp {QUOTE} source:nope", "There is no source 'nope'."),
    (f"!fact add varp {QUOTE} source:a-fake-friend", "There is no topic 'varp'. Did you mean"),
    ("!fact add varrp It arranges transport source:a-fake-friend", "Give a topic, then the quote"),
    (f"!fact add varrp {QUOTE} source:a-fake-friend --force", "Unknown flag '--force'."),
    (f"!fact add Bad_Name {QUOTE} source:a-fake-friend --new-topic", "'Bad_Name' cannot be a"),
    ("!fact add varrp “" + "a" * 3000 + "” source:a-fake-friend", "That quote is 3,000 characters"),
    ("!fact add varrp “" + "a" * 100_000 + "” source:a-fake-friend", "That message is too long"),
    (f"!fact add varrp {QUOTE} source:a-fake-friend note:“" + "n" * 600 + "”", "That note is 600"),
    ("!source a-fake-friend-nope", "There is no source 'a-fake-friend-nope'."),
    ("!source add “T” author:A publication:P date:2020-02-30", "'2020-02-30' is not a date"),
    ("!source add “T” author:A publication:P", "Also give date:."),
    ("!source add “T” author:A publication:P date:2020-01-01 url:ftp://x", "A source link must"),
    ("!source add “T” author:A publication:P date:2020-01-01 id:a-fake-friend", "There is already"),
    ("!source add “T” author:A publication:P date:2020-01-01 id:Bad!", "'Bad!' cannot be a source"),
]


@pytest.mark.parametrize(("text", "reason"), BAD)
async def test_bad_admin_input_is_refused_and_changes_nothing(
    app: App, chat: RecordingAdapter, text: str, reason: str
) -> None:
    before = await snapshot(app)
    reply = await say(chat, text)
    assert reply.startswith(reason), reply
    assert "Traceback" not in reply and "went wrong" not in reply
    lines = reply.splitlines()
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("Usage: ")), reply
    assert await snapshot(app) == before


async def test_deleting_twice_is_refused(app: App, chat: RecordingAdapter) -> None:
    await say(chat, "!fact delete 5")
    before = await snapshot(app)
    assert await say(chat, "!fact delete 5") == (
        "#5 is already deleted. Bring it back with !fact restore."
    )
    assert await snapshot(app) == before


async def test_an_unclosed_quote_in_an_edit(app: App, chat: RecordingAdapter) -> None:
    before = await snapshot(app)
    assert "never closed" in await say(chat, '!fact edit 5 quote:"half a quote')
    assert await snapshot(app) == before
