"""The calendar feeds: behind a key an organiser gets in private and can rotate, or public."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.recording import person
from bot.config import WebSettings
from bot.core.model import Role
from tests.webkit import Site, open_site

KEYED = re.compile(r"https?://[^/\s]+(/calendar/[^\s.]+\.ics)")
ORGANISER = person(Role.ORGANISER, "test:olive")


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    """The web face, events private, with one event planned."""
    async for opened in open_site(tmp_path / "bot.db"):
        added = await opened.say('!event add "Picket at IOM office" saturday 2pm', ORGANISER)
        assert added.startswith("Added: #1")
        yield opened


async def feed_path(site: Site, command: str = "!web calendar") -> str:
    """The path of the keyed feed the organiser is given."""
    found = KEYED.search(await site.say(command, ORGANISER))
    assert found, "no calendar link"
    return found.group(1)


async def test_events_are_not_public_by_default(site: Site) -> None:
    await site.text("/calendar.ics", 404)
    await site.text("/events", 404)
    await site.text("/calendar/guess.ics", 404)
    await site.text("/events/guess", 404)


async def test_the_key_opens_the_feed_and_the_page(site: Site) -> None:
    path = await feed_path(site)
    response = await site.client.get(path)
    assert response.status == 200 and response.content_type == "text/calendar"
    body = await response.text()
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Picket at IOM office" in body
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    page = await site.text(f"/events/{token}")
    assert "Picket at IOM office" in page and "Sat 21 Mar, 14:00 GMT" in page
    assert (await site.client.get(f"/events/{token}")).headers["Cache-Control"] == "no-store"


async def test_a_rotated_key_stops_working(site: Site) -> None:
    old = await feed_path(site)
    assert old == await feed_path(site), "asking again gives the same link"
    new = await feed_path(site, "!web calendar rotate")
    assert new != old
    await site.text(old, 404)
    await site.text(new)


async def test_only_organisers_get_the_link_and_only_in_private(site: Site) -> None:
    member = await site.say("!web calendar", person(Role.MEMBER, "test:mallory"))
    assert member == "Only organisers can get the calendar link."
    in_room = await site.say("!web calendar", ORGANISER, direct=False)
    assert "only in a direct message" in in_room and "/calendar/" not in in_room
    before = await feed_path(site)
    rotate = await site.say("!web calendar rotate", ORGANISER, direct=False)
    assert "/calendar/" not in rotate
    await site.text(before)  # refused before it ran: the link still works


async def test_an_unknown_channel_is_404(site: Site) -> None:
    path = await feed_path(site)
    await site.text(f"{path}?channel=nope", 404)


async def test_public_events_open_the_feed_to_all(tmp_path: Path) -> None:
    async for site in open_site(tmp_path / "bot.db", WebSettings(port=0, public_events=True)):
        await site.say('!event add "Picket at IOM office" saturday 2pm', ORGANISER)
        assert "SUMMARY:Picket at IOM office" in await site.text("/calendar.ics")
        assert "Picket at IOM office" in await site.text("/events")
        answer = await site.say("!web calendar", ORGANISER, direct=False)
        assert "Events are public here" in answer and "/calendar.ics" in answer
