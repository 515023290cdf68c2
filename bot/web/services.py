"""What the web pages use: the domains' stores and writers, the clock and the settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.access.store import AccessStore
from bot.config.web import WebSettings
from bot.core.links import WebLinks
from bot.core.ports import Clock
from bot.facts.fact_writer import FactWriter
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter

# ``await feed(channel)``: the events as an iCalendar file ('' = every channel), or None
# when no channel has that name.
CalendarFeed = Callable[[str], Awaitable[bytes | None]]


@dataclass(frozen=True)
class Upcoming:
    """An event as the events page lists it: its title, its time in the group's zone, where."""

    title: str
    when: str
    place: str


@dataclass(frozen=True)
class Feeds:
    """The events for the calendar pages: the iCalendar feed, the channels, what is coming."""

    calendar: CalendarFeed
    channels: tuple[str, ...]
    upcoming: Callable[[], Awaitable[list[Upcoming]]]


@dataclass(frozen=True)
class WebServices:
    """Everything a page needs; ``app.py`` builds it from the same domains the chat uses."""

    facts: FactStore
    fact_writer: FactWriter
    topic_writer: TopicWriter
    source_writer: SourceWriter
    access: AccessStore
    clock: Clock
    zone: ZoneInfo
    prefix: str
    settings: WebSettings
    version: Callable[[], Hashable]
    feeds: Feeds | None = None

    @property
    def links(self) -> WebLinks:
        """Page addresses under the configured base URL."""
        return WebLinks(self.settings.base_url)
