"""The builders the composition root uses: the command registry, its limits, the schedule."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.commands.events import EventCommands
from bot.commands.fact_admin import FactAdminCommands
from bot.commands.facts import FactCommands
from bot.commands.help import HelpCommands
from bot.commands.language import LanguageCommands
from bot.commands.language_choice import LanguageChoice
from bot.commands.limits import RateLimiter
from bot.commands.registry import Command, Registry
from bot.commands.reminder_texts import ReminderTexts
from bot.commands.sources import SourceCommands
from bot.commands.topic_admin import TopicAdminCommands
from bot.commands.web import WebCommands
from bot.commands.whoami import WhoamiCommands
from bot.config import Settings
from bot.core.cache import VersionedCache
from bot.core.clock import SystemClock
from bot.core.links import WebLinks
from bot.core.ports import Clock
from bot.events.engine import DeliveryEngine
from bot.events.service import EventService
from bot.events.turns import Turns
from bot.events.waker import Waker
from bot.facts.fact_writer import FactWriter
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter
from bot.storage.database import Database

UTC_ZONE = ZoneInfo("UTC")


def build_limiter(settings: Settings) -> RateLimiter:
    """The command rate limits of the config's [limits] (trusted local adapters are exempted
    when the app serves them: ``App.exempt_local``)."""
    limits = settings.limits
    return RateLimiter(limits.person, limits.room, limits.window_seconds, limits.cooldown_seconds)


def build_registry(
    facts: FactStore,
    events: EventCommands | None = None,
    zone: ZoneInfo = UTC_ZONE,
    clock: Clock | None = None,
    web: WebCommands | None = None,
    links: WebLinks | None = None,
    languages: LanguageCommands | None = None,
) -> Registry:
    """Every command group, registered in the order !help lists them.

    ``links``: the fact and topic answers link to their web pages.
    """
    registry = Registry()
    # Answers to the read-only fact commands, kept until anything commits to the database.
    answers = VersionedCache(facts.db.version)
    registry.add_all(FactCommands(facts, answers, links=links).commands())
    spoken = languages.languages.codes if languages is not None else ("en",)
    registry.add_all(admin_commands(facts, zone, clock or SystemClock(), spoken))
    if events is not None:
        registry.add_all(events.commands())
    if web is not None:
        registry.add_all(web.commands())
    if languages is not None:
        registry.add_all(languages.commands())
    registry.add_all(WhoamiCommands().commands())
    registry.add_all(HelpCommands(registry).commands())
    return registry


def admin_commands(
    facts: FactStore, zone: ZoneInfo, clock: Clock, languages: tuple[str, ...] = ("en",)
) -> list[Command]:
    """The commands that change facts, topics and sources, over the facts' database.

    ``languages``: those a fact may be translated into (the ones the bot speaks).
    """
    return [
        *SourceCommands(facts, SourceWriter(facts.db), zone, clock).commands(),
        *FactAdminCommands(facts, FactWriter(facts.db), zone, clock, languages).commands(),
        *TopicAdminCommands(facts, TopicWriter(facts.db), zone).commands(),
    ]


def build_schedule(
    settings: Settings,
    database: Database,
    clock: Clock,
    turns: Turns | None = None,
    choice: LanguageChoice | None = None,
) -> tuple[EventService, DeliveryEngine, Waker]:
    """The event service, the delivery engine and the timer that wakes it (when it is ours).

    ``choice`` picks the language of each post by where it goes.
    """
    events = EventService(
        database,
        clock,
        settings.zone,
        settings.announcement_channels(),
        settings.events.max_events_per_person_per_hour,
        on_change=lambda: waker.poke(),
    )
    engine = DeliveryEngine(
        events,
        clock,
        ReminderTexts(settings.zone, settings.prefix, choice),
        grace=timedelta(seconds=settings.events.grace_seconds),
        organisers_channel=settings.organisers_channel(),
    )
    waker = Waker(engine, clock, turns)
    return events, engine, waker
