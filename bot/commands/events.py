"""!events, !event add/edit/cancel/remind, !going, !notgoing and !announce."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import wraps

from bot.commands import event_replies, event_texts
from bot.commands.event_kinds import CHANNELS, EVENT_ID, REMINDERS, time_to_come
from bot.commands.event_words import moment
from bot.commands.kinds import QUOTED, TEXT
from bot.commands.params import option, word, words
from bot.commands.registry import Command, Context, Handler
from bot.core.errors import UsageError, UserError
from bot.core.model import Attachment, Line, Reply, Role
from bot.events.drafts import Draft
from bot.events.errors import EventError
from bot.events.records import Event, EventKind
from bot.events.service import EventService
from bot.events.when import parse_every
from bot.i18n.language import N_

EVENT = word("id", EVENT_ID, missing=event_texts.GIVE_ONE_ID)
TITLE = word("title", QUOTED, about=N_("what the event is called"))
PLACE = option("at", QUOTED, shape='"<place>"', about=N_("where it is"))
REMIND = option("remind", REMINDERS)
EVERY = option("every", TEXT, shape="week|2weeks|month", about=N_("how often it repeats"))
TO_CHANNELS = option("channels", CHANNELS, about=N_("where to post, if not every channel"))
DETAILS = option("details", QUOTED, about=N_("more about it"))
NEW_TITLE = option("title", QUOTED, about=N_("what the event is called"))
OFFSETS = words("reminders", REMINDERS, missing=event_texts.SAY_WHEN_TO_REMIND,
                shape="<1w,1d,2h,30m,start>")  # fmt: skip
TEXT_TO_POST = word("text", QUOTED, about=N_("what to post"))
OPTIONS = (PLACE, REMIND, EVERY, TO_CHANNELS, DETAILS)


def worded(handler: Handler) -> Handler:
    """``handler`` with the events rules' refusals answered in words."""

    @wraps(handler)
    async def run(ctx: Context) -> Reply:
        try:
            return await handler(ctx)
        except EventError as refused:
            raise UserError(event_texts.refusal(refused, ctx.lang)) from None

    return run


class EventCommands:
    """Event commands over one event service."""

    def __init__(self, service: EventService, default_reminders: tuple[int, ...]) -> None:
        self.service = service
        self.default_reminders = default_reminders
        self.start = words("when", time_to_come(service))
        self.new_start = words("when", time_to_come(service), required=False, keyword=True)
        self.post_at = words("when", time_to_come(service), about=N_("when to post it"))

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        organisers = event_texts.ORGANISERS_ONLY
        commands = [
            Command("events", N_("Upcoming events, soonest first."), self.list_events,
                    example="events", hint=event_texts.nothing_after_events),
            Command("events ics", N_("The events as a calendar file."), self.ics,
                    example="events ics"),
            Command("event", N_("One event: time, place, reminders and who is coming."),
                    self.show, (EVENT,), "event 3"),
            Command("event add", N_("Schedule an event with reminders."), self.add,
                    (TITLE, self.start, *OPTIONS),
                    # TRANSLATORS: keep the command and option names; the title, place and
                    # time in your language (the time as the bot reads it).
                    N_('event add "Picket at IOM office" saturday 2pm at:"IOM office" '
                       'remind:1d,2h'),
                    role=Role.ORGANISER, denied=organisers,
                    hint=event_texts.GIVE_TITLE_AND_TIME),
            Command("event edit", N_("Change an event; its reminders follow."), self.edit,
                    (EVENT, self.new_start, NEW_TITLE, *OPTIONS), N_("event edit 3 sunday 3pm"),
                    role=Role.ORGANISER, denied=organisers),
            Command("event cancel",
                    N_("Cancel an event and tell the channels already reminded."),
                    self.cancel, (EVENT,), "event cancel 3", role=Role.ORGANISER,
                    denied=organisers),
            Command("event remind", N_("Set when an event's reminders go out."), self.remind,
                    (EVENT, OFFSETS), "event remind 3 1d,2h,start", role=Role.ORGANISER,
                    denied=organisers),
            Command("going", N_("Say you are going (only a count is kept, not names)."),
                    self.going, (EVENT,), "going 3"),
            Command("notgoing", N_("Say you are not going after all."), self.not_going,
                    (EVENT,), "notgoing 3", aliases=("not going",)),
            Command("announce", N_("Post an announcement at a set time."), self.announce,
                    (self.post_at, TO_CHANNELS, TEXT_TO_POST),
                    N_('announce tomorrow 6pm "Banner painting at the social centre"'),
                    role=Role.ORGANISER, denied=organisers,
                    hint=event_texts.GIVE_TIME_AND_TEXT),
        ]  # fmt: skip
        return [replace(command, handler=worded(command.handler)) for command in commands]

    async def list_events(self, ctx: Context) -> Reply:
        """!events."""
        events = await self.service.upcoming()
        now = self.service.clock.now()
        return event_replies.listing(events, self.service.zone, now, ctx.prefix, ctx.lang)

    async def ics(self, ctx: Context) -> Reply:
        """!events ics: the calendar as a file (attached, or saved by the console), else how to."""
        from bot.events.ics import calendar

        events = await self.service.events.all_events()
        # ~0.6 ms of CPU per event (icalendar): off the event loop, as the web's feed does.
        data = await asyncio.to_thread(calendar, events, self.service.clock.now())
        return Reply(
            tuple(Line(line) for line in event_texts.calendar_lines(len(events), ctx.lang)),
            attachment=Attachment("events.ics", data, "text/calendar"),
        )

    async def show(self, ctx: Context) -> Reply:
        """!event <id>."""
        event = await self._event(ctx)
        times = await self.service.reminder_times(event)
        counts = await self.service.events.rsvp_counts(event.id)
        now = self.service.clock.now()
        zone, prefix = self.service.zone, ctx.prefix
        return event_replies.details(event, zone, now, times, counts, prefix, ctx.lang)

    async def add(self, ctx: Context) -> Reply:
        """!event add "<title>" <when> ..."""
        draft = Draft(ctx[TITLE], ctx[self.start], reminders=self.default_reminders)
        event = await self.service.add(await self._apply(draft, ctx), ctx.person.id)
        return self._confirm(event_replies.ADDED, event, ctx)

    async def edit(self, ctx: Context) -> Reply:
        """!event edit <id> ..."""
        event = await self._event(ctx)
        if not any(param in ctx for param in (self.new_start, NEW_TITLE, *OPTIONS)):
            raise UsageError(ctx.lang._(event_texts.SAY_WHAT_TO_CHANGE))
        draft = Draft.of(event)
        if (start := ctx.get(self.new_start)) is not None:
            draft = replace(draft, local_start=start)
        if (title := ctx.get(NEW_TITLE)) is not None:
            draft = replace(draft, title=title)
        changed = await self.service.edit(event, await self._apply(draft, ctx))
        return self._confirm(event_replies.CHANGED, changed, ctx)

    async def cancel(self, ctx: Context) -> Reply:
        """!event cancel <id>."""
        event = await self._event(ctx, announcements=True)
        told = await self.service.cancel(event)
        return Reply.say(event_texts.event_cancelled(event.id, told, ctx.lang))

    async def remind(self, ctx: Context) -> Reply:
        """!event remind <id> <offsets>."""
        event = await self._event(ctx)
        draft = replace(Draft.of(event), reminders=ctx[OFFSETS])
        changed = await self.service.edit(event, draft)
        return self._confirm(event_replies.CHANGED, changed, ctx)

    async def going(self, ctx: Context) -> Reply:
        """!going <id>."""
        return await self._rsvp(ctx, True)

    async def not_going(self, ctx: Context) -> Reply:
        """!notgoing <id>."""
        return await self._rsvp(ctx, False)

    async def announce(self, ctx: Context) -> Reply:
        """!announce <when> "<text>"."""
        channels = ctx.get(TO_CHANNELS) or ()
        kind = EventKind.ANNOUNCEMENT
        text, start = ctx[TEXT_TO_POST], ctx[self.post_at]
        draft = Draft(text, start, reminders=(0,), channels=channels, kind=kind)
        event = await self.service.add(draft, ctx.person.id)
        when = moment(event.next_start, self.service.zone, self.service.clock.now(), lang=ctx.lang)
        before, after = event_texts.announcement_planned(event.id, channels, ctx.prefix, ctx.lang)
        return Reply((Line.of(before, when, after),))

    async def _rsvp(self, ctx: Context, going: bool) -> Reply:
        """Record an RSVP and answer with the counts."""
        event = await self._event(ctx)
        if event.cancelled:
            raise UserError(event_texts.cancelled(event.id, ctx.lang))
        await self.service.events.rsvp(event.id, ctx.person.id, going)
        yes, _ = await self.service.events.rsvp_counts(event.id)
        return Reply.say(event_texts.rsvp_noted(event, going, yes, ctx.lang))

    async def _event(self, ctx: Context, *, announcements: bool = False) -> Event:
        """The event the command names."""
        event_id = ctx[EVENT]
        event = await self.service.events.get(event_id)
        if event is None or (event.kind != EventKind.EVENT and not announcements):
            raise UserError(event_texts.no_such_event(event_id, ctx.prefix, ctx.lang))
        return event

    async def _apply(self, draft: Draft, ctx: Context) -> Draft:
        """``draft`` with the options given: at, details, remind, every, channels."""
        if (place := ctx.get(PLACE)) is not None:
            draft = replace(draft, place=place)
        if (details := ctx.get(DETAILS)) is not None:
            draft = replace(draft, details=details)
        if (reminders := ctx.get(REMIND)) is not None:
            draft = replace(draft, reminders=reminders)
        if (every := ctx.get(EVERY)) is not None:
            # The rule check may take a good part of a second: not on the event loop.
            rule = await asyncio.to_thread(parse_every, every, draft.local_start)
            draft = replace(draft, rule=rule)
        if (channels := ctx.get(TO_CHANNELS)) is not None:
            draft = replace(draft, channels=channels)
        return draft

    def _confirm(self, verb: str, event: Event, ctx: Context) -> Reply:
        """What an organiser sees after adding or changing an event."""
        now = self.service.clock.now()
        zone = self.service.zone
        return event_replies.confirmation(verb, event, zone, now, ctx.prefix, ctx.lang)
