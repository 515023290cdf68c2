"""Event commands: RSVPs without names, limits, bad input, retries, restarts and iCal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from bot.adapters.recording import RecordingAdapter, person
from bot.commands.reminder_texts import LATE_NOTE
from bot.core.model import Incoming, Place, Reply, Role
from bot.events.engine import MAX_ATTEMPTS
from bot.render.mentions import has_live_mention
from tests.eventkit import running_bot, settings, utc
from tests.sql import rows

START = utc(2026, 3, 20, 12)


async def test_rsvp_counts_without_keeping_who(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm')
        people = [person(Role.MEMBER, f"test:p{i}") for i in range(4)]
        for someone in people[:3]:
            assert "going to #1 Picket" in await bot.say("!going 1", someone)
        assert (
            await bot.say("!going 1", people[0]) == "Thanks, see you there. 3 going to #1 Picket."
        )
        await bot.say("!notgoing 1", people[1])
        await bot.say("!not going 1", people[3])
        shown = await bot.say("!event 1", people[3])
        assert "Going: 2, not going: 2" in shown
        rsvps = await rows(bot.app.database, "SELECT * FROM rsvps")
        stored = " ".join(str(value) for row in rsvps for value in tuple(row))
        assert len(rsvps) == 4
        assert all(someone.id not in stored and "p0" not in stored for someone in people)
        salt = await rows(bot.app.database, "SELECT value FROM meta WHERE key = 'rsvp_salt'")
        assert salt and len(salt[0][0]) == 64
        assert "No event #9" in await bot.say("!going 9")


async def test_members_cannot_schedule(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        member = person(Role.MEMBER)
        assert await bot.say('!event add "Picket" saturday 2pm', member) == (
            "Only organisers can schedule events."
        )
        assert await bot.say('!announce tomorrow 6pm "x"', member) == (
            "Only organisers can schedule events."
        )
        count = await rows(bot.app.database, "SELECT COUNT(*) FROM events")
        assert count[0][0] == 0


async def test_per_person_hourly_limit(db_path: Path) -> None:
    config = settings(max_events_per_person_per_hour=3)
    async with running_bot(db_path, START, config) as bot:
        for number in range(3):
            assert "Added" in await bot.say(f'!event add "Meeting {number}" saturday 2pm')
        refused = await bot.say('!event add "One too many" saturday 2pm')
        assert refused == "You have added 3 events in the last hour, the limit: try again later."
        other = person(Role.ORGANISER, "test:someone-else")
        assert "Added" in await bot.say('!event add "Theirs" saturday 2pm', other)
        bot.clock.advance(timedelta(hours=1, seconds=1))
        assert "Added" in await bot.say('!event add "Later" saturday 2pm')


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ('!event add "x" saturday 2pm every:"1 second"', "more often than once an hour"),
        ('!event add "x" saturday 2pm every:"30 minutes"', "more often than once an hour"),
        ('!event add "x" saturday 2pm remind:2h,2h', "given twice"),
        ('!event add "x" saturday 2pm remind:-2h', "negative"),
        ('!event add "x" saturday 2pm every:day remind:2d', "longer than the time between"),
        ('!event add "x" saturday 2pm channels:nowhere', "No channel named nowhere"),
        ('!event add "x" 3/4 2pm', "could be 3 Apr or 4 Mar"),
        ('!event add "x" yesterday 2pm', "has already passed"),
        ('!event add "x" saturday 2pm colour:red', "Unknown option 'colour:'"),
        ('!event add "x"', "Give the title in quotes"),
        ("!event edit 1", "Say what to change"),
        ("!event edit 99 sunday 2pm", "No event #99"),
        ("!event cancel abc", "not an event id"),
        ("!event remind 1", "Say when to remind"),
        ('!event add "' + "x" * 300 + '" saturday 2pm', "title is too long"),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    db_path: Path, command: str, says: str
) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm')
        before = [tuple(r) for r in await rows(bot.app.database, "SELECT * FROM events")]
        deliveries = await rows(bot.app.database, "SELECT * FROM deliveries")
        answer = await bot.say(command)
        assert says in answer
        assert "Traceback" not in answer
        assert [tuple(r) for r in await rows(bot.app.database, "SELECT * FROM events")] == before
        assert len(await rows(bot.app.database, "SELECT * FROM deliveries")) == len(deliveries)


async def test_titles_are_stored_as_typed_and_never_ping(db_path: Path) -> None:
    title = "@everyone @here @room <@&123456> **loud** <b>bold</b> [link](http://x)"
    async with running_bot(db_path, START) as bot:
        await bot.say(f'!event add "{title}" saturday 2pm at:"@here <@99>" remind:2h')
        stored = await rows(bot.app.database, "SELECT title, place FROM events")
        assert stored and tuple(stored[0]) == (title, "@here <@99>")
        posts = await bot.at(utc(2026, 3, 21, 12))
        assert len(posts) == 1
        markdown = posts[0].markdown
        assert not has_live_mention(markdown)
        assert "\\*\\*loud\\*\\*" in markdown and "\\[link\\]" in markdown
        for reply in [await bot.say("!events"), await bot.say("!event 1")]:
            assert not has_live_mention(reply)


class FlakyAdapter(RecordingAdapter):
    """A platform whose sends fail (the way a real outage looks to the engine)."""

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        if key:
            raise ConnectionError("platform unreachable")
        return await super().send(place, reply, reply_to=reply_to, key=key)


async def test_a_failing_channel_is_retried_with_backoff_then_reported_without_blocking_others(
    db_path: Path,
) -> None:
    channels = {
        "main": (Place("test", "room-1", "main"),),
        "broken": (Place("flaky", "room-x", "broken"),),
        "organisers": (Place("test", "room-org", "organisers"),),
    }
    config = settings(channels=channels, organisers_channel="organisers")
    async with running_bot(db_path, START, config) as bot:
        flaky = FlakyAdapter("flaky")
        bot.app.engine.attach(flaky)
        await bot.say('!event add "Picket" saturday 2pm remind:2h channels:main,broken')
        due = utc(2026, 3, 21, 12)
        posts = await bot.at(due)
        assert [p.place.id for p in posts] == ["room-1"]
        retry_times = []
        for _ in range(MAX_ATTEMPTS + 2):
            when = await bot.app.engine.next_wake()
            if when is None or when > utc(2026, 3, 21, 13):
                break
            retry_times.append(when)
            posts += await bot.at(when)
        gaps = [b - a for a, b in zip([due, *retry_times], retry_times, strict=False)]
        assert gaps == [timedelta(seconds=5 * 2**n) for n in range(MAX_ATTEMPTS - 1)]
        report = [p for p in posts if p.place.id == "room-org"]
        assert len(report) == 1
        assert "1 post failed after several tries" in report[0].text
        assert "ConnectionError: platform unreachable" in report[0].text
        states = sorted(r.state for r in await bot.app.events.deliveries.for_event(1))
        assert states == ["failed", "sent"]


async def test_a_send_interrupted_by_a_restart_is_resent_with_the_same_key(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Picket" saturday 2pm remind:2h')
        (row,) = await bot.app.events.deliveries.for_event(1)
        bot.clock.set(utc(2026, 3, 21, 12))
        assert await bot.app.events.deliveries.claim(row.id, bot.clock.now())
    clock = bot.clock
    # Back within the grace: resent, and as late as it is (past the grace: missed, reported).
    clock.advance(timedelta(minutes=10))
    async with running_bot(db_path, START, clock=clock) as bot:
        posts = await bot.at(clock.now())
        assert [p.key for p in posts] == [row.key]
        assert LATE_NOTE in posts[0].text
        (after,) = await bot.app.events.deliveries.for_event(1)
        assert after.state == "late" and after.attempts == 2


async def test_ical_export_parses_back_with_the_right_times(db_path: Path) -> None:
    async with running_bot(db_path, START) as bot:
        await bot.say('!event add "Weekly meeting" tuesday 19:00 every:week at:"Hall, 1 Road"')
        await bot.say('!event add "Picket" 5 Dec 14:00 details:"Bring banners"')
        await bot.say('!event add "Gone" saturday 2pm')
        await bot.say("!event cancel 3")
        sent = await bot.chat.push("!events ics")
        assert "campaign-bot events ics" in sent[0].text
        attachment = sent[0].reply.attachment
        assert attachment is not None
        data = attachment.data
    calendar = icalendar.Calendar.from_ical(data)
    zones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/London"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    weekly = events["Weekly meeting"]
    assert weekly.decoded("DTSTART") == utc(2026, 3, 24, 19)
    assert str(weekly.decoded("DTSTART").tzinfo) == "Europe/London"
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert str(weekly["LOCATION"]) == "Hall, 1 Road"
    assert events["Picket"].decoded("DTSTART") == utc(2026, 12, 5, 14)
    assert str(events["Picket"]["DESCRIPTION"]) == "Bring banners"
    assert str(events["Gone"]["STATUS"]) == "CANCELLED"
    # Expanding the rule with the file's own time zone keeps 19:00 local after the change.
    rule = weekly["RRULE"].to_ical().decode()
    from dateutil.rrule import rrulestr

    after_dst = list(rrulestr(rule, dtstart=weekly.decoded("DTSTART")))[1]
    assert (after_dst.hour, after_dst.utcoffset()) == (19, timedelta(hours=1))
