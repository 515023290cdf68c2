"""Matrix rules that need no homeserver: contents, allow-list, inviter, answers to floods."""

from __future__ import annotations

from typing import Any

from nio import InviteEvent

from bot.adapters.matrix.convert import (
    MAX_CONTENT_BYTES,
    content_bytes,
    invite_allowed,
    inviter_of,
    reply_contents,
    reply_key,
    transaction_ids,
)
from bot.adapters.matrix.quota import OncePerWindow
from bot.config import MatrixSettings
from bot.core.model import Line, Reply
from bot.core.quotes import Quote

SETTINGS = MatrixSettings("https://m.example.org", "@bot:example.org")


def test_reply_content_is_a_notice_that_mentions_nobody() -> None:
    (content,) = reply_contents(Reply((Line("hi @room"),)), "$event")
    assert content["msgtype"] == "m.notice"
    assert content["m.mentions"] == {}
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$event"}}
    assert "@room" not in content["body"] and "@room" not in content["formatted_body"]
    (plain,) = reply_contents(Reply((Line("hi"),)))
    assert "m.relates_to" not in plain


def test_big_replies_become_several_events_under_the_limit() -> None:
    reply = Reply(tuple(Quote(n, "“é” " * 500) for n in range(20)))
    contents = reply_contents(reply, "$e")
    assert len(contents) > 1
    assert all(content_bytes(c) <= MAX_CONTENT_BYTES for c in contents)
    assert sum(c["body"].count("#") for c in contents) == 20


def test_transaction_ids_and_reply_keys_are_stable() -> None:
    assert transaction_ids("delivery-7", 3) == ["delivery-7", "delivery-7.1", "delivery-7.2"]
    assert reply_key("$a:b") == reply_key("$a:b") != reply_key("$c:b")


def test_allow_list_by_user_server_or_room() -> None:
    allowed = MatrixSettings(
        "https://m",
        "@b:m",
        allow_inviters=("@ann:one.org",),
        allow_servers=("two.org",),
        allow_rooms=("!room:three.org",),
    )
    rooms = {"!room:three.org"}
    assert invite_allowed(allowed, "@ann:one.org", "!x:y", rooms)
    assert not invite_allowed(allowed, "@bob:one.org", "!x:y", rooms)
    assert invite_allowed(allowed, "@anyone:two.org", "!x:y", rooms)
    assert invite_allowed(allowed, "@stranger:evil.org", "!room:three.org", rooms)
    assert not invite_allowed(SETTINGS, "@bot:example.org", "!x:y", set())


def test_the_inviter_is_the_sender_of_the_bot_s_own_invite_event() -> None:
    def member(sender: str, state_key: str, membership: str) -> Any:
        return InviteEvent.parse_event({"type": "m.room.member", "sender": sender,
                                        "state_key": state_key,
                                        "content": {"membership": membership}})  # fmt: skip

    create = InviteEvent.parse_event(
        {"type": "m.room.create", "sender": "@mal:evil.org", "state_key": "", "content": {}}
    )
    stripped = [
        create,
        member("@mal:evil.org", "@ann:one.org", "invite"),  # mallory invited alice
        member("@mal:evil.org", "@mal:evil.org", "join"),
        member("@ann:one.org", "@bot:m", "invite"),  # alice invited the bot
    ]
    assert inviter_of(stripped, "@bot:m") == "@ann:one.org"
    assert inviter_of(stripped[:3], "@bot:m") == ""
    # Stripped claims come first; the real invite, whole with its event id, comes last.
    forged = member("@ann:one.org", "@bot:m", "invite")
    real = InviteEvent.parse_event({"type": "m.room.member", "sender": "@mal:evil.org",
                                    "state_key": "@bot:m", "event_id": "$real",
                                    "content": {"membership": "invite"}})  # fmt: skip
    assert inviter_of([*stripped[:3], forged, real], "@bot:m") == "@mal:evil.org"
    assert inviter_of([*stripped[:3], real, forged], "@bot:m") == "@mal:evil.org"


def test_once_per_window_per_key_with_a_bounded_memory() -> None:
    now = [0.0]
    once = OncePerWindow(600, remembered=2, clock=lambda: now[0])
    assert once.allow(("!room", "@mal:x"))
    assert not once.allow(("!room", "@mal:x"))
    assert once.allow(("!room", "@ben:x")) and once.allow(("!other", "@mal:x"))
    now[0] = 599.0
    assert not once.allow(("!other", "@mal:x"))
    assert once.allow(("!room", "@mal:x"))  # forgotten: only the last two keys are kept
    now[0] = 600.0
    assert once.allow(("!other", "@mal:x"))
