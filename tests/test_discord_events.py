"""Events on Discord: reminders with <t:…> times, ✅ reactions as RSVPs, the calendar upload."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import datetime, timedelta

import icalendar
import pytest

from bot.app import App
from bot.core.model import Incoming, Invocation, Person, Place
from bot.events.drafts import Draft
from bot.events.records import Event
from bot.render.text import to_plain
from tests.discord_fake.fixtures import DiscordBot, Starter, discord_settings
from tests.discord_fake.server import FakeDiscord, Post
from tests.watch import watch_invocations

TIMESTAMP = re.compile(r"<t:(\d+):F> \(<t:(\d+):R>\)")


async def add_event(app: App, title: str, start: datetime, reminders: tuple[int, ...]) -> Event:
    """An event starting at ``start`` (UTC) with reminders ``reminders`` seconds before."""
    local = start.astimezone(app.settings.zone).replace(tzinfo=None)
    return await app.events.add(Draft(title, local, reminders=reminders), "test:organiser")


async def start_with_channel(start_bot: Starter, fake: FakeDiscord) -> DiscordBot:
    """The bot with the home server's channel as the announcement channel 'main'."""
    channel = str(fake.home["channels"][0]["id"])
    settings = replace(
        discord_settings(fake), channels={"main": (Place("discord", channel, "main"),)}
    )
    return await start_bot(settings)


async def reminder_post(bot: DiscordBot, title: str) -> Post:
    """The bot's reminder post for ``title`` (waits for it)."""

    def found() -> Post | None:
        return next((p for p in bot.fake.posts if title in p.text and p.body.get("nonce")), None)

    post: Post = await bot.fake.wait_for(found, bound=60)
    return post


async def reminded(bot: DiscordBot, title: str) -> tuple[Event, Post]:
    """An event starting in 2 s with a reminder at its start, and that reminder's post."""
    start = bot.app.events.clock.now().replace(microsecond=0) + timedelta(seconds=2)
    event = await add_event(bot.app, title, start, (0,))
    return event, await reminder_post(bot, title)


async def recorded_event(app: App, post: Post) -> int | None:
    """The event the database has for ``post`` once the delivery is marked sent (bounded wait)."""
    for _ in range(500):
        if found := await app.events.deliveries.event_of_message("discord", post.id):
            return found
        await asyncio.sleep(0.02)
    return None


async def rsvp_counts(app: App, event_id: int, wanted: tuple[int, int]) -> tuple[int, int]:
    """The event's RSVP counts once they are ``wanted`` (bounded wait; the last counts if not)."""
    counts = await app.events.events.rsvp_counts(event_id)
    for _ in range(500):
        if counts == wanted:
            break
        await asyncio.sleep(0.02)
        counts = await app.events.events.rsvp_counts(event_id)
    return counts


async def test_a_reminder_shows_its_time_in_each_readers_zone(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    bot = await start_with_channel(start_bot, fake)
    event, post = await reminded(bot, "Picket at IOM office")
    assert post.channel_id == bot.channel_id
    assert post.body["enforce_nonce"] is True
    content = post.body["content"]
    assert content.startswith("**Starting now: Picket at IOM office — <t:")
    (stamps,) = TIMESTAMP.findall(content)
    assert stamps == (str(int(event.first_start.timestamp())),) * 2
    assert "GMT" not in content and "BST" not in content
    assert await recorded_event(bot.app, post) == event.id


async def test_listings_use_timestamps_on_discord_and_zone_names_elsewhere(
    start_bot: Starter,
) -> None:
    bot = await start_bot()
    start = bot.app.events.clock.now().replace(microsecond=0) + timedelta(days=3)
    await add_event(bot.app, "Vigil", start, (3600,))
    post = await bot.ask("!events")
    unix = int(start.timestamp())
    assert f"#1 Vigil — <t:{unix}:F> (<t:{unix}:R>)" in post.body["content"]
    details = await bot.ask("!event 1")
    assert f"Reminders: <t:{unix - 3600}:F>" in details.body["content"]
    console = Incoming("!events", Person("console:me", "me"), Place("console", "console"))
    plain = await bot.app.answer(console)
    assert plain is not None
    pattern = r"#1 Vigil — \w{3} \d+ \w{3}(?: \d{4})?, \d\d:\d\d (GMT|BST)$"
    assert re.search(pattern, to_plain(plain), re.MULTILINE)


async def test_a_tick_reaction_on_a_reminder_is_an_rsvp(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    bot = await start_with_channel(start_bot, fake)
    event, post = await reminded(bot, "Vigil at the detention centre")
    await fake.react(bot.user("bea"), post)
    assert await rsvp_counts(bot.app, event.id, (1, 0)) == (1, 0)
    await fake.react(bot.user("bea"), post, removed=True)
    assert await rsvp_counts(bot.app, event.id, (0, 1)) == (0, 1)
    posts_before = len(fake.posts)
    await fake.react(bot.user("cai"), post, emoji="👍")
    answer = await bot.ask("!event 1")
    assert "Going: 0, not going: 1" in answer.body["content"]
    assert len(fake.posts) == posts_before + 1, "an RSVP by reaction is not answered in chat"


async def invocations(seen: list[Invocation], count: int) -> list[Invocation]:
    """``seen`` once it holds ``count`` invocations (bounded wait; as it is if not)."""
    for _ in range(500):
        if len(seen) >= count:
            break
        await asyncio.sleep(0.02)
    return seen


async def test_a_tick_and_slash_going_call_going_exactly_as_typing_it_does(
    start_bot: Starter, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await start_with_channel(start_bot, fake)
    event, post = await reminded(bot, "Vigil at the detention centre")
    seen = watch_invocations(bot.app.router, monkeypatch)
    await bot.ask(f"!going {event.id}", user="bea")
    await bot.slash("going", {"id": event.id}, user="bea")
    await fake.react(bot.user("bea"), post)
    typed, slashed, ticked = await invocations(seen, 3)
    assert (typed.command, typed.values) == ("going", {"id": event.id})
    assert typed.author.id == f"discord:{bot.user('bea')['id']}"
    assert typed.place == Place("discord", bot.channel_id, "general")
    assert slashed == typed and ticked == typed
    await bot.ask(f"!notgoing {event.id}", user="bea")
    await fake.react(bot.user("bea"), post, removed=True)
    untyped, unticked = (await invocations(seen, 5))[3:]
    assert (untyped.command, untyped.values) == ("notgoing", {"id": event.id})
    # Discord sends no member with a removed reaction: the same person, known by id only.
    assert unticked == replace(untyped, author=replace(untyped.author, name=unticked.author.name))
    assert unticked.author.id == untyped.author.id


async def test_a_reaction_on_a_post_that_is_not_an_event_is_ignored(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    bot = await start_bot()
    start = bot.app.events.clock.now().replace(microsecond=0) + timedelta(days=1)
    event = await add_event(bot.app, "Vigil", start, (3600,))
    listing = await bot.ask("!events")
    await fake.react(bot.user("bea"), listing)
    answer = await bot.ask("!event 1")
    assert "Going: 0, not going: 0" in answer.body["content"]
    assert await bot.app.events.events.rsvp_counts(event.id) == (0, 0)


async def test_a_restarted_bot_finds_the_event_of_an_earlier_post(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    first = await start_with_channel(start_bot, fake)
    event, post = await reminded(first, "Picket")
    assert await recorded_event(first.app, post) == event.id
    await first.adapter.stop()
    await asyncio.wait_for(first.task, 15)
    second = await start_with_channel(start_bot, fake)
    await fake.react(second.user("bea"), post)
    assert await rsvp_counts(second.app, event.id, (1, 0)) == (1, 0)


async def test_a_tick_on_a_cancelled_event_answers_why_nothing_changed(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    bot = await start_with_channel(start_bot, fake)
    event, post = await reminded(bot, "Picket")
    await bot.app.events.cancel(event)
    await fake.react(bot.user("bea"), post)
    reply = await fake.answer_to(post.id)
    assert "cancelled" in reply.body["content"]
    assert await bot.app.events.events.rsvp_counts(event.id) == (0, 0)


async def test_events_ics_is_uploaded_as_a_calendar_file(start_bot: Starter) -> None:
    bot = await start_bot()
    start = bot.app.events.clock.now().replace(microsecond=0) + timedelta(days=2)
    await add_event(bot.app, "Picket at IOM office", start, (3600,))
    post = await bot.ask("!events ics")
    assert "calendar" in post.body["content"]
    (upload,) = post.files
    assert upload["filename"] == "events.ics"
    (vevent,) = icalendar.Calendar.from_ical(upload["data"]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Picket at IOM office"
    assert vevent.decoded("DTSTART") == start.astimezone(vevent.decoded("DTSTART").tzinfo)


async def test_slash_events_ics_answers_with_the_calendar_file(start_bot: Starter) -> None:
    bot = await start_bot()
    start = bot.app.events.clock.now().replace(microsecond=0) + timedelta(days=2)
    await add_event(bot.app, "Vigil", start, (3600,))
    callback = await bot.slash("events-ics", {})
    assert "calendar" in callback["data"]["content"]
    (upload,) = callback["_files"]
    assert upload["filename"] == "events.ics"
    (vevent,) = icalendar.Calendar.from_ical(upload["data"]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Vigil"


async def test_an_announcement_confirms_its_time_as_a_timestamp(start_bot: Starter) -> None:
    bot = await start_bot()
    post = await bot.ask('!announce 5 Dec 2099 14:00 "Bring banners"', ("Organisers",))
    assert re.search(r"Announcement \\#1 will be posted <t:\d+:F> \(<t:\d+:R>\) in", post.text)
    assert "GMT" not in post.text


async def test_a_tick_from_another_bot_is_not_an_rsvp(
    start_bot: Starter, fake: FakeDiscord
) -> None:
    bot = await start_with_channel(start_bot, fake)
    event, post = await reminded(bot, "Picket")
    other_bot = {**fake.user("helper-bot"), "bot": True}
    await fake.react(other_bot, post)
    await fake.react(bot.user("bea"), post)
    assert await rsvp_counts(bot.app, event.id, (1, 0)) == (1, 0)
    answer = await bot.ask("!event 1")
    assert "Going: 1, not going: 0" in answer.body["content"]
