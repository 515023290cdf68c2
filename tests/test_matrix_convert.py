"""Matrix conversion rules that need no homeserver: roles, creators, contents, allow-list."""

from __future__ import annotations

from bot.adapters.matrix.convert import (
    MAX_CONTENT_BYTES,
    content_bytes,
    creators_from,
    invite_allowed,
    reply_contents,
    reply_key,
    roles_for,
    transaction_ids,
)
from bot.config import MatrixSettings
from bot.core.model import Line, Quote, Reply, Role

SETTINGS = MatrixSettings("https://m.example.org", "@bot:example.org")


def test_power_levels_map_to_roles() -> None:
    assert roles_for(0, SETTINGS) == {Role.MEMBER}
    assert roles_for(49, SETTINGS) == {Role.MEMBER}
    assert roles_for(50, SETTINGS) == {Role.MEMBER, Role.ORGANISER}
    assert max(roles_for(100, SETTINGS)) is Role.ADMIN
    custom = MatrixSettings("https://m", "@b:m", organiser_power=10, admin_power=20)
    assert max(roles_for(20, custom)) is Role.ADMIN


def test_creators_only_from_room_version_12() -> None:
    create = {
        "type": "m.room.create",
        "state_key": "",
        "sender": "@ann:example.org",
        "content": {"room_version": "12", "additional_creators": ["@ben:example.org"]},
    }
    assert creators_from(create) == {"@ann:example.org", "@ben:example.org"}
    assert creators_from({**create, "content": {"room_version": "11"}}) == frozenset()
    assert creators_from({"type": "m.room.name", "state_key": ""}) is None


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
    assert invite_allowed(allowed, "@ann:one.org", "!x:y")
    assert not invite_allowed(allowed, "@bob:one.org", "!x:y")
    assert invite_allowed(allowed, "@anyone:two.org", "!x:y")
    assert invite_allowed(allowed, "@stranger:evil.org", "!room:three.org")
    assert not invite_allowed(SETTINGS, "@bot:example.org", "!x:y")
