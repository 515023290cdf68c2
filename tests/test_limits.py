"""Command rate limits: a flood is answered once with "Slow down", then ignored a while."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.adapters.recording import TEST_PLACE, RecordingAdapter, person
from bot.app import App
from bot.commands.limits import PRUNE_ABOVE, RateLimiter, Verdict
from bot.config import LimitSettings, Settings, parse_settings
from bot.core.errors import ConfigError
from bot.core.model import Place, Role

ROOM = Place("matrix", "!campaign:example.org", "campaign")
OTHER_ROOM = Place("matrix", "!other:example.org", "other")


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(clock: FakeClock, person: int = 3, room: int = 10) -> RateLimiter:
    return RateLimiter(person, room, window=10, cooldown=60, clock=clock)


def test_a_flood_is_warned_once_then_ignored_until_the_cooldown_ends() -> None:
    clock = FakeClock()
    limits = limiter(clock)
    verdicts = [limits.check("matrix", "@a:x", "!r")[0] for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN] + [Verdict.IGNORE] * 2
    clock.now += 59
    assert limits.check("matrix", "@a:x", "!r")[0] is Verdict.IGNORE
    clock.now += 2
    assert limits.check("matrix", "@a:x", "!r")[0] is Verdict.ALLOW


def test_commands_spread_over_time_are_never_limited() -> None:
    clock = FakeClock()
    limits = limiter(clock)
    for _ in range(50):
        assert limits.check("matrix", "@a:x", "!r")[0] is Verdict.ALLOW
        clock.now += 4


def test_one_person_flooding_does_not_limit_another() -> None:
    clock = FakeClock()
    limits = limiter(clock)
    for _ in range(8):
        limits.check("matrix", "@flood:x", "!r")
    assert limits.check("matrix", "@calm:x", "!r") == (Verdict.ALLOW, "room")
    assert limits.check("discord", "@flood:x", "!r")[0] is Verdict.ALLOW


def test_a_busy_room_is_warned_once_then_paused() -> None:
    clock = FakeClock()
    limits = limiter(clock, person=5, room=4)
    answers = [limits.check("matrix", f"@p{n}:x", "!busy") for n in range(6)]
    assert [verdict for verdict, _ in answers] == [Verdict.ALLOW] * 4 + [
        Verdict.WARN,
        Verdict.IGNORE,
    ]
    assert answers[4][1] == "room"
    assert limits.check("matrix", "@p0:x", "!quiet")[0] is Verdict.ALLOW


def test_zero_turns_a_limit_off_and_exempt_platforms_are_never_counted() -> None:
    clock = FakeClock()
    off = RateLimiter(0, 0, window=10, cooldown=60, clock=clock)
    assert all(off.check("matrix", "@a:x", "!r")[0] is Verdict.ALLOW for _ in range(100))
    exempt = RateLimiter(
        1, 1, window=10, cooldown=60, exempt_platforms=frozenset({"console"}), clock=clock
    )
    assert all(exempt.check("console", "me", "c")[0] is Verdict.ALLOW for _ in range(100))
    assert exempt.check("matrix", "@a:x", "!r")[0] is Verdict.ALLOW
    assert exempt.check("matrix", "@a:x", "!r")[0] is Verdict.WARN


def test_many_senders_are_forgotten_once_idle() -> None:
    clock = FakeClock()
    limits = limiter(clock)
    for n in range(PRUNE_ABOVE):
        limits.check("matrix", f"@p{n}:x", f"!r{n}")
    clock.now += 11
    limits.check("matrix", "@late:x", "!late")
    assert limits.tracked() == 2
    flooded = limiter(clock)
    for _ in range(4):
        flooded.check("matrix", "@flood:x", "!r")
    for n in range(PRUNE_ABOVE):
        flooded.check("matrix", f"@p{n}:x", "!r")
    clock.now += 11
    flooded.check("matrix", "@late:x", "!r")
    assert flooded.check("matrix", "@flood:x", "!r")[0] is Verdict.IGNORE


def test_limits_are_read_from_the_config() -> None:
    settings = parse_settings(
        {"limits": {"person": 2, "room": 0, "window_seconds": 5, "cooldown_seconds": 30.5}}, "t"
    )
    assert settings.limits == LimitSettings(2, 0, 5, 30.5)
    assert parse_settings({}, "t").limits == LimitSettings()
    with pytest.raises(ConfigError) as caught:
        parse_settings({"limits": {"person": -1, "room": 2.5, "window": 3}}, "t")
    problems = " ".join(caught.value.problems)
    for key in ["limits.person", "limits.room", "limits.window: unknown"]:
        assert key in problems


@pytest.fixture
async def limited_chat(tmp_path: Path) -> AsyncIterator[RecordingAdapter]:
    """The bot with 3 commands a minute per person, 6 per room, a 10-minute pause."""
    limits = LimitSettings(person=3, room=6, window_seconds=60, cooldown_seconds=600)
    bot = await App.open(Settings(limits=limits), tmp_path / "limits.db")
    recorder = RecordingAdapter()
    running = asyncio.create_task(bot.run([recorder]))
    yield recorder
    await recorder.stop()
    await running
    await bot.close()


async def test_a_flood_through_the_bot_gets_one_slow_down(limited_chat: RecordingAdapter) -> None:
    alice, bob = person(person_id="matrix:@alice"), person(person_id="matrix:@bob")
    answers = [await limited_chat.push("!fact 8", author=alice, place=ROOM) for _ in range(6)]
    assert [len(sent) for sent in answers] == [1, 1, 1, 1, 0, 0]
    assert all("#8" in sent[0].text for sent in answers[:3])
    assert answers[3][0].text.startswith("Slow down, please")
    assert answers[3][0].reply.error
    bob_answer = await limited_chat.push("!fact 8", author=bob, place=ROOM)
    assert len(bob_answer) == 1 and "#8" in bob_answer[0].text
    assert await limited_chat.push("just chatting", author=alice, place=ROOM) == []


async def test_a_busy_room_through_the_bot(limited_chat: RecordingAdapter) -> None:
    people = [person(person_id=f"matrix:@p{n}") for n in range(8)]
    answers = [await limited_chat.push("!iom", author=p, place=OTHER_ROOM) for p in people]
    assert [len(sent) for sent in answers] == [1] * 7 + [0]
    assert answers[6][0].text.startswith("Slow down: this room")
    assert len(await limited_chat.push("!iom", author=people[7], place=ROOM)) == 1


async def test_the_in_process_test_platform_is_never_limited(
    limited_chat: RecordingAdapter,
) -> None:
    for _ in range(20):
        sent = await limited_chat.push("!fact 8", place=TEST_PLACE)
        assert len(sent) == 1 and "#8" in sent[0].text


async def test_only_adapters_for_one_local_person_are_exempt(tmp_path: Path) -> None:
    limits = LimitSettings(person=3, room=6, window_seconds=60, cooldown_seconds=600)
    bot = await App.open(Settings(limits=limits), tmp_path / "limits.db")
    local, shared = RecordingAdapter("test"), RecordingAdapter("shared", trusted_local=False)
    running = asyncio.create_task(bot.run([local, shared]))
    try:
        room = Place("shared", "room-1", "room")
        answers = [await shared.push("!fact 8", place=room) for _ in range(5)]
        assert [len(sent) for sent in answers] == [1, 1, 1, 1, 0]
        assert answers[3][0].text.startswith("Slow down, please")
        for _ in range(5):
            sent = await local.push("!fact 8")
            assert len(sent) == 1 and "#8" in sent[0].text
    finally:
        await local.stop()
        await shared.stop()
        await running
        await bot.close()


async def test_the_console_is_never_limited(tmp_path: Path) -> None:
    limits = LimitSettings(person=1, room=1, window_seconds=60, cooldown_seconds=600)
    bot = await App.open(Settings(limits=limits), tmp_path / "limits.db")
    out = io.StringIO()
    typed = io.StringIO("!fact 8\n" * 5)
    try:
        await bot.run([ConsoleAdapter(person(Role.ADMIN, "console:me"), typed, out, tmp_path)])
    finally:
        await bot.close()
    assert out.getvalue().count("#8") == 5 and "Slow down" not in out.getvalue()
