"""Reminders arrive at the right instants, once, across DST; edits and cancels follow."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.model import Place
from tests.eventkit import SECOND, Bot, running_bot, settings, utc

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


async def expect_posts_at(bot: Bot, instants: list[datetime], says: list[str]) -> None:
    """Nothing is posted a second before each instant; exactly one post at it."""
    for instant, text in zip(instants, says, strict=True):
        assert await bot.at(instant - SECOND) == [], f"early before {instant}"
        posts = await bot.at(instant)
        assert len(posts) == 1, f"at {instant}: {[p.text for p in posts]}"
        assert text in posts[0].text, posts[0].text


async def test_one_off_event_reminds_at_each_offset_across_the_spring_change(
    db_path: Path,
) -> None:
    async with running_bot(db_path, utc(2026, 3, 20, 12)) as bot:
        answer = await bot.say(
            '!event add "Picket at IOM office" 29 March 14:00 remind:1d,2h,start'
        )
        assert "Added: #1 Picket at IOM office — Sun 29 Mar, 14:00 BST" in answer
        assert "Sat 28 Mar, 13:00 GMT (1 day before)" in answer
        await expect_posts_at(
            bot,
            [utc(2026, 3, 28, 13), utc(2026, 3, 29, 11), utc(2026, 3, 29, 13)],
            [
                "Reminder: Picket at IOM office — in 1 day, Sun 29 Mar, 14:00 BST",
                "Reminder: Picket at IOM office — in 2 hours, Sun 29 Mar, 14:00 BST",
                "Starting now: Picket at IOM office — Sun 29 Mar, 14:00 BST",
            ],
        )
        assert await bot.at(utc(2026, 4, 30)) == []


@pytest.mark.parametrize(
    ("zone", "start", "first_local"),
    [
        # Weekly Tuesday 19:00 in London from before 29 Mar to after 25 Oct 2026.
        ("Europe/London", utc(2026, 3, 16, 12), datetime(2026, 3, 17, 19)),
        # Weekly Tuesday 19:00 in New York from before 8 Mar to after 1 Nov 2026.
        ("America/New_York", utc(2026, 2, 23, 12), datetime(2026, 2, 24, 19)),
    ],
)
async def test_weekly_event_stays_at_local_time_across_both_dst_changes(
    db_path: Path, zone: str, start: datetime, first_local: datetime
) -> None:
    tz = ZoneInfo(zone)
    async with running_bot(db_path, start, settings(zone)) as bot:
        answer = await bot.say('!event add "Weekly meeting" tuesday 19:00 every:week remind:start')
        assert "(every week)" in answer
        instants = [
            (first_local + timedelta(weeks=week)).replace(tzinfo=tz) for week in range(0, 40)
        ]
        offsets = {instant.utcoffset() for instant in instants}
        assert len(offsets) == 2, "the run must cross both changes"
        await expect_posts_at(
            bot, instants, [f"Starting now: Weekly meeting — Tue {i.day} " for i in instants]
        )
        for post in bot.chat.sent:
            if post.key:
                assert ", 19:00 " in post.text


async def test_one_day_reminder_of_a_weekly_event_is_made_when_the_previous_one_passes(
    db_path: Path,
) -> None:
    async with running_bot(db_path, utc(2026, 3, 16, 12)) as bot:
        await bot.say('!event add "Weekly meeting" tuesday 19:00 every:week remind:1d')
        rows = await bot.app.events.deliveries.for_event(1)
        assert [row.due_at for row in rows] == [utc(2026, 3, 16, 19)]
        await expect_posts_at(
            bot,
            [utc(2026, 3, 16, 19), utc(2026, 3, 23, 19), utc(2026, 3, 30, 18)],
            ["Tue 17 Mar, 19:00 GMT", "Tue 24 Mar, 19:00 GMT", "Tue 31 Mar, 19:00 BST"],
        )


async def test_edit_moves_pending_reminders_and_remind_replaces_them(db_path: Path) -> None:
    async with running_bot(db_path, utc(2026, 3, 20, 12)) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        answer = await bot.say('!event edit 1 sunday 3pm title:"Bigger picket" at:"Town hall"')
        assert "Changed: #1 Bigger picket — Sun 22 Mar, 15:00 GMT, at Town hall" in answer
        assert await bot.at(utc(2026, 3, 21, 12)) == []
        await expect_posts_at(bot, [utc(2026, 3, 22, 13)], ["in 2 hours, Sun 22 Mar, 15:00"])
        assert "Where: Town hall" in bot.chat.sent[-1].text
        await bot.say("!event remind 1 start")
        await expect_posts_at(bot, [utc(2026, 3, 22, 15)], ["Starting now: Bigger picket"])
        states = [row.state for row in await bot.app.events.deliveries.for_event(1)]
        assert states == ["cancelled", "sent", "sent"]


async def test_cancel_withdraws_reminders_and_tells_only_channels_already_reminded(
    db_path: Path,
) -> None:
    channels = {
        "main": (Place("test", "room-1", "main"),),
        "other": (Place("elsewhere", "room-9", "other"),),
    }
    async with running_bot(db_path, utc(2026, 3, 20, 12), settings(channels=channels)) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:1d,2h channels:main')
        await bot.say('!event add "Vigil" saturday 6pm remind:2h')
        posts = await bot.at(utc(2026, 3, 20, 14))
        assert [p.place.id for p in posts] == ["room-1"]
        assert "Cancelled event #1" in await bot.say("!event cancel 1")
        posts = await bot.at(utc(2026, 3, 20, 14, 0, 1))
        assert [(p.place.id, p.text) for p in posts] == [
            ("room-1", "Cancelled: Picket — Sat 21 Mar, 14:00 GMT will not happen.")
        ]
        posts = await bot.at(utc(2026, 3, 21, 16))
        assert [p.text.splitlines()[0] for p in posts] == [
            "Reminder: Vigil — in 2 hours, Sat 21 Mar, 18:00 GMT"
        ]
        assert "is cancelled" in await bot.say("!event cancel 1")
        listed = await bot.say("!events")
        assert "Vigil" in listed and "Picket" not in listed
        waiting = [r for r in await bot.app.events.deliveries.for_event(2) if r.state == "pending"]
        assert [r.platform for r in waiting] == ["elsewhere"], "a platform not running waits"


async def test_late_reminder_is_marked_late_and_older_ones_are_missed_and_reported_once(
    db_path: Path,
) -> None:
    channels = {
        "main": (Place("test", "room-1", "main"),),
        "organisers": (Place("test", "room-org", "organisers"),),
    }
    config = settings(channels=channels, organisers_channel="organisers", grace_seconds=900)
    async with running_bot(db_path, utc(2026, 3, 20, 12), config) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h,start channels:main')
        posts = await bot.at(utc(2026, 3, 21, 12, 10))
        assert len(posts) == 1
        assert "(late: the bot was offline)" in posts[0].text
        posts = await bot.at(utc(2026, 3, 21, 14, 16))
        assert [p.place.id for p in posts] == ["room-org"]
        assert "1 reminder came due while the bot was offline and was not posted" in posts[0].text
        assert "event #1, at the start, due Sat 21 Mar, 14:00 GMT, in main (test)" in posts[0].text
        assert await bot.at(utc(2026, 3, 21, 15)) == []
        states = [row.state for row in await bot.app.events.deliveries.for_event(1)]
        assert states == ["late", "missed"]


async def test_a_reminder_on_time_is_not_marked_late(db_path: Path) -> None:
    async with running_bot(db_path, utc(2026, 3, 20, 12)) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        posts = await bot.at(utc(2026, 3, 21, 12, 0, 30))
        assert len(posts) == 1 and "late" not in posts[0].text
        rows = await bot.app.events.deliveries.for_event(1)
        assert rows[0].state == "sent" and rows[0].message_id == "sent-2"


async def test_announcement_posts_once_in_every_channel(db_path: Path) -> None:
    channels = {
        "main": (Place("test", "room-1", "main"), Place("matrix", "!r:example.org", "main")),
        "side": (Place("test", "room-2", "side"),),
    }
    config = settings(channels=channels)
    async with running_bot(db_path, utc(2026, 3, 20, 12), config, ("test", "matrix")) as bot:
        answer = await bot.say('!announce today 6pm "Banner painting at the social centre"')
        assert answer == (
            "Announcement #1 will be posted Fri 20 Mar, 18:00 GMT in every channel."
            " To call it off: !event cancel 1"
        )
        posts = await bot.at(utc(2026, 3, 20, 18))
        assert sorted(p.place.id for p in posts) == ["!r:example.org", "room-1", "room-2"]
        assert {p.text for p in posts} == {"Banner painting at the social centre"}
        assert len({p.key for p in posts}) == 3
        assert await bot.at(utc(2026, 3, 20, 19)) == []
        assert "No upcoming events" in await bot.say("!events")


async def test_an_announcement_can_be_called_off_before_it_is_posted(db_path: Path) -> None:
    async with running_bot(db_path, utc(2026, 3, 20, 12)) as bot:
        await bot.say('!announce today 6pm "Banner painting"')
        assert "Cancelled event #1" in await bot.say("!event cancel 1")
        assert await bot.at(utc(2026, 3, 20, 19)) == []


async def test_a_rule_whose_first_match_is_after_the_time_given_starts_there(
    db_path: Path,
) -> None:
    async with running_bot(db_path, utc(2026, 3, 20, 12)) as bot:
        answer = await bot.say(
            '!event add "Stall" saturday 10am every:"FREQ=WEEKLY;BYDAY=TU" remind:start'
        )
        assert "Added: #1 Stall — Tue 24 Mar, 10:00 GMT" in answer
        event = await bot.app.events.events.get(1)
        assert event is not None and event.local_start == datetime(2026, 3, 24, 10)
