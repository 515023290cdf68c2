"""Matrix power from real room state only, parsed by nio as a sync delivers it."""

from __future__ import annotations

import itertools
from typing import Any

from nio import Event

from bot.adapters.matrix.powers import RoomPowers, creators_from
from bot.config import MatrixSettings
from bot.core.model import Claim, Role

SETTINGS = MatrixSettings("https://m.example.org", "@bot:example.org")
ROOM = "!room:example.org"
ANN, BEN, MAL = "@ann:example.org", "@ben:example.org", "@mal:example.org"
HOME = "#campaign:example.org"
_ids = itertools.count(1)


def raw(kind: str, sender: str, content: dict[str, Any], state_key: str | None = "") -> Any:
    """An event as the homeserver sends it, parsed by nio (state when it has a state_key)."""
    source: dict[str, Any] = {
        "type": kind,
        "sender": sender,
        "content": content,
        "event_id": f"$e{next(_ids)}",
        "origin_server_ts": 1,
    }
    if state_key is not None:
        source["state_key"] = state_key
    return Event.parse_event(source)


def decrypted(kind: str, sender: str, content: dict[str, Any]) -> Any:
    """What nio makes of a megolm event whose plaintext claims to be room state."""
    plaintext = {"type": kind, "content": content, "state_key": "", "room_id": ROOM,
                 "event_id": f"$e{next(_ids)}", "sender": sender,
                 "origin_server_ts": 1}  # fmt: skip
    event = Event.parse_decrypted_event(plaintext)
    event.decrypted = True
    return event


def create(sender: str, version: str = "12", **content: Any) -> Any:
    return raw("m.room.create", sender, {"room_version": version, **content})


def levels(users: dict[str, Any], **content: Any) -> Any:
    return raw("m.room.power_levels", ANN, {"users": users, **content})


def claims(powers: RoomPowers, user: str, home: str | None = HOME) -> tuple[Claim, ...]:
    return powers.claims(ROOM, user, SETTINGS, home)


def test_power_levels_claim_roles_that_count_in_a_home_room() -> None:
    powers = RoomPowers()
    powers.note(ROOM, [create(ANN), levels({BEN: 50, MAL: 49})])
    assert claims(powers, BEN) == (
        Claim(Role.ORGANISER, "power 50 in home room #campaign:example.org"),
    )
    assert claims(powers, MAL) == ()
    assert claims(powers, ANN) == (
        Claim(Role.ADMIN, "room creator in home room #campaign:example.org"),
    )
    custom = MatrixSettings("https://m", "@b:m", organiser_power=10, admin_power=20)
    assert powers.claims(ROOM, BEN, custom, HOME)[0].role is Role.ADMIN


def test_power_outside_the_home_rooms_counts_for_nothing() -> None:
    powers = RoomPowers()
    powers.note(ROOM, [create(ANN), levels({BEN: 100})])
    (claim,) = claims(powers, BEN, home=None)
    assert claim == Claim(
        Role.ADMIN,
        "power 100 here, but this room is not one of the group's home rooms",
        counts=False,
    )


def test_creators_only_from_room_version_12() -> None:
    source = {"type": "m.room.create", "state_key": "", "sender": ANN,
              "content": {"room_version": "12", "additional_creators": [BEN]}}  # fmt: skip
    assert creators_from(source) == {ANN, BEN}
    assert creators_from({**source, "content": {"room_version": "11"}}) == frozenset()
    assert creators_from({"type": "m.room.name", "state_key": ""}) is None
    assert creators_from({key: v for key, v in source.items() if key != "state_key"}) is None


def test_additional_creators_count_and_old_rooms_go_by_power_levels() -> None:
    powers = RoomPowers()
    powers.note(ROOM, [create(ANN, additional_creators=[BEN]), levels({})])
    assert [c.role for c in claims(powers, BEN)] == [Role.ADMIN]
    old = RoomPowers()
    old.note(ROOM, [create(ANN, "10")])
    assert [c.reason for c in claims(old, ANN)] == ["power 100 in home room #campaign:example.org"]
    old.note(ROOM, [levels({ANN: 50, BEN: "100"}, users_default=0)])
    assert [c.role for c in claims(old, ANN)] == [Role.ORGANISER]
    assert [c.role for c in claims(old, BEN)] == [Role.ADMIN], "digits in a string, as v1-9 allow"


def test_fake_state_in_the_timeline_or_in_ciphertext_is_ignored() -> None:
    powers = RoomPowers()
    powers.note(ROOM, [create(ANN), levels({})])
    fakes = [
        raw("m.room.create", MAL, {"room_version": "12"}, state_key=None),
        raw("m.room.power_levels", MAL, {"users": {MAL: 100}}, state_key=None),
        raw("m.room.create", MAL, {"room_version": "12"}, state_key="x"),
        decrypted("m.room.create", MAL, {"room_version": "12", "additional_creators": [MAL]}),
        decrypted("m.room.power_levels", MAL, {"users": {MAL: 100}}),
    ]
    assert getattr(fakes[-1], "source", {}).get("state_key") == "", "nio keeps the fake field"
    powers.note(ROOM, fakes)
    assert claims(powers, MAL) == ()
    assert [c.role for c in claims(powers, ANN)] == [Role.ADMIN], "the real creator stays"


def test_users_default_and_malformed_levels() -> None:
    powers = RoomPowers()
    powers.note(ROOM, [create(ANN), levels({BEN: "lots", MAL: True}, users_default=50)])
    assert [c.role for c in claims(powers, "@new:example.org")] == [Role.ORGANISER]
    assert [c.role for c in claims(powers, BEN)] == [Role.ORGANISER], "unreadable: the default"
    assert [c.role for c in claims(powers, MAL)] == [Role.ORGANISER]
    powers.forget(ROOM)
    assert claims(powers, ANN) == ()
