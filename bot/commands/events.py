"""!events, !event add/edit/cancel/remind, !going, !notgoing and !announce."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import wraps

from bot.commands import event_replies, event_texts
from bot.commands.event_words import moment
from bot.commands.registry import Command, Context, Handler
from bot.commands.router import shorten
from bot.core.errors import UsageError, UserError
from bot.core.model import Attachment, Line, Reply, Role
from bot.events.drafts import Draft, parse_offsets
from bot.events.errors import EventError
from bot.events.records import Event, EventKind
from bot.events.service import EventService
from bot.events.when import parse_every, parse_when

EVENT_OPTIONS = frozenset({"at", "remind", "every", "channels", "details"})
EDIT_OPTIONS = EVENT_OPTIONS | {"title", "when"}


def parse_event_id(text: str) -> int:
    """The event id in ``text`` ('3' or '#3')."""
    digits = text.strip().removeprefix("#")
    if not digits.isdigit() or len(digits) > 9:
        raise UsageError(event_texts.not_an_id(shorten(text, 20)))
    return int(digits)


def worded(handler: Handler) -> Handler:
    """``handler`` with the events rules' refusals answered in words."""

    @wraps(handler)
    async def run(ctx: Context) -> Reply:
        try:
            return await handler(ctx)
        except EventError as refused:
            raise UserError(event_texts.refusal(refused)) from None

    return run


def parse_channels(text: str) -> tuple[str, ...]:
    """Channel names from 'main,organisers' (empty: every channel)."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    return tuple(dict.fromkeys(names))


class EventCommands:
    """Event commands over one event service."""

    def __init__(self, service: EventService, default_reminders: tuple[int, ...]) -> None:
        self.service = service
        self.default_reminders = default_reminders

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        organisers = event_texts.ORGANISERS_ONLY
        commands = [
            Command(
                "events",
                "Upcoming events, soonest first.",
                "events",
                self.list_events,
                example="events",
            ),
            Command(
                "events ics",
                "The events as a calendar file.",
                "events ics",
                self.ics,
                example="events ics",
            ),
            Command(
                "event",
                "One event: time, place, reminders and who is coming.",
                "event <id>",
                self.show,
                example="event 3",
            ),
            Command(
                "event add",
                "Schedule an event with reminders.",
                'event add "<title>" <when> [at:"<place>"] [remind:1d,2h,start] '
                '[every:week|2weeks|month] [channels:<name>,...] [details:"..."]',
                self.add,
                example='event add "Picket at IOM office" saturday 2pm '
                'at:"IOM office" remind:1d,2h',
                role=Role.ORGANISER,
                denied=organisers,
                options=EVENT_OPTIONS,
            ),
            Command(
                "event edit",
                "Change an event; its reminders follow.",
                'event edit <id> [<when>] [title:"..."] [at:"..."] [remind:...] '
                "[every:...] [channels:...] [details:...]",
                self.edit,
                example="event edit 3 sunday 3pm",
                role=Role.ORGANISER,
                denied=organisers,
                options=EDIT_OPTIONS,
            ),
            Command(
                "event cancel",
                "Cancel an event and tell the channels already reminded.",
                "event cancel <id>",
                self.cancel,
                example="event cancel 3",
                role=Role.ORGANISER,
                denied=organisers,
            ),
            Command(
                "event remind",
                "Set when an event's reminders go out.",
                "event remind <id> <1w,1d,2h,30m,start>",
                self.remind,
                example="event remind 3 1d,2h,start",
                role=Role.ORGANISER,
                denied=organisers,
            ),
            Command(
                "going",
                "Say you are going (only a count is kept, not names).",
                "going <id>",
                self.going,
                example="going 3",
            ),
            Command(
                "notgoing",
                "Say you are not going after all.",
                "notgoing <id>",
                self.not_going,
                example="notgoing 3",
                aliases=("not going",),
            ),
            Command(
                "announce",
                "Post an announcement at a set time.",
                'announce <when> [channels:<name>,...] "<text>"',
                self.announce,
                example='announce tomorrow 6pm "Banner painting at the social centre"',
                role=Role.ORGANISER,
                denied=organisers,
                options=frozenset({"channels"}),
            ),
        ]
        return [replace(command, handler=worded(command.handler)) for command in commands]

    async def list_events(self, ctx: Context) -> Reply:
        """!events."""
        if ctx.args.words:
            raise UsageError(event_texts.nothing_after_events(ctx.prefix))
        events = await self.service.upcoming()
        now = self.service.clock.now()
        return event_replies.listing(events, self.service.zone, now, ctx.prefix)

    async def ics(self, ctx: Context) -> Reply:
        """!events ics: the calendar as a file (attached, or saved by the console), else how to."""
        from bot.events.ics import calendar

        events = await self.service.events.all_events()
        data = calendar(events, self.service.clock.now())
        return Reply(
            tuple(Line(line) for line in event_texts.calendar_lines(len(events))),
            attachment=Attachment("events.ics", data, "text/calendar"),
        )

    async def show(self, ctx: Context) -> Reply:
        """!event <id>."""
        event = await self._event(ctx, 1)
        times = await self.service.reminder_times(event)
        counts = await self.service.events.rsvp_counts(event.id)
        now = self.service.clock.now()
        return event_replies.details(event, self.service.zone, now, times, counts, ctx.prefix)

    async def add(self, ctx: Context) -> Reply:
        """!event add "<title>" <when> ..."""
        words = ctx.args.words
        if len(words) < 2:
            raise UsageError(event_texts.GIVE_TITLE_AND_TIME)
        local = parse_when(" ".join(words[1:]), self.service.zone, self.service.clock.now())
        draft = await self._apply(Draft(words[0], local, reminders=self.default_reminders), ctx)
        event = await self.service.add(draft, ctx.person.id)
        return self._confirm(event_replies.ADDED, event, ctx)

    async def edit(self, ctx: Context) -> Reply:
        """!event edit <id> ..."""
        event = await self._event(ctx, None)
        options = ctx.args.options
        when = " ".join(ctx.args.words[1:]) or options.get("when", "")
        if not when and not options:
            raise UsageError(event_texts.SAY_WHAT_TO_CHANGE)
        draft = Draft.of(event)
        if when:
            local = parse_when(when, self.service.zone, self.service.clock.now())
            draft = replace(draft, local_start=local)
        if "title" in options:
            draft = replace(draft, title=options["title"])
        changed = await self.service.edit(event, await self._apply(draft, ctx))
        return self._confirm(event_replies.CHANGED, changed, ctx)

    async def cancel(self, ctx: Context) -> Reply:
        """!event cancel <id>."""
        event = await self._event(ctx, 1, announcements=True)
        told = await self.service.cancel(event)
        return Reply.say(event_texts.event_cancelled(event.id, told))

    async def remind(self, ctx: Context) -> Reply:
        """!event remind <id> <offsets>."""
        event = await self._event(ctx, None)
        if len(ctx.args.words) < 2:
            raise UsageError(event_texts.SAY_WHEN_TO_REMIND)
        offsets = parse_offsets(",".join(ctx.args.words[1:]))
        changed = await self.service.edit(event, replace(Draft.of(event), reminders=offsets))
        return self._confirm(event_replies.CHANGED, changed, ctx)

    async def going(self, ctx: Context) -> Reply:
        """!going <id>."""
        return await self._rsvp(ctx, True)

    async def not_going(self, ctx: Context) -> Reply:
        """!notgoing <id>."""
        return await self._rsvp(ctx, False)

    async def announce(self, ctx: Context) -> Reply:
        """!announce <when> "<text>"."""
        words = ctx.args.words
        if len(words) < 2:
            raise UsageError(event_texts.GIVE_TIME_AND_TEXT)
        local = parse_when(" ".join(words[:-1]), self.service.zone, self.service.clock.now())
        channels = parse_channels(ctx.args.options.get("channels", ""))
        kind = EventKind.ANNOUNCEMENT
        draft = Draft(words[-1], local, reminders=(0,), channels=channels, kind=kind)
        event = await self.service.add(draft, ctx.person.id)
        when = moment(event.next_start, self.service.zone, self.service.clock.now())
        before, after = event_texts.announcement_planned(event.id, channels, ctx.prefix)
        return Reply((Line.of(before, when, after),))

    async def _rsvp(self, ctx: Context, going: bool) -> Reply:
        """Record an RSVP and answer with the counts."""
        event = await self._event(ctx, 1)
        if event.cancelled:
            raise UserError(event_texts.cancelled(event.id))
        await self.service.events.rsvp(event.id, ctx.person.id, going)
        yes, _ = await self.service.events.rsvp_counts(event.id)
        return Reply.say(event_texts.rsvp_noted(event, going, yes))

    async def _event(
        self, ctx: Context, exactly: int | None, *, announcements: bool = False
    ) -> Event:
        """The event named by the first word (with exactly ``exactly`` words, when given)."""
        words = ctx.args.words
        if not words or (exactly is not None and len(words) != exactly):
            raise UsageError(event_texts.GIVE_ONE_ID)
        event_id = parse_event_id(words[0])
        event = await self.service.events.get(event_id)
        if event is None or (event.kind != EventKind.EVENT and not announcements):
            raise UserError(event_texts.no_such_event(event_id, ctx.prefix))
        return event

    async def _apply(self, draft: Draft, ctx: Context) -> Draft:
        """``draft`` with the options typed: at, details, remind, every, channels."""
        options = ctx.args.options
        if "at" in options:
            draft = replace(draft, place=options["at"])
        if "details" in options:
            draft = replace(draft, details=options["details"])
        if "remind" in options:
            draft = replace(draft, reminders=parse_offsets(options["remind"]))
        if "every" in options:
            # The rule check may take a good part of a second: not on the event loop.
            rule = await asyncio.to_thread(parse_every, options["every"], draft.local_start)
            draft = replace(draft, rule=rule)
        if "channels" in options:
            draft = replace(draft, channels=parse_channels(options["channels"]))
        return draft

    def _confirm(self, verb: str, event: Event, ctx: Context) -> Reply:
        """What an organiser sees after adding or changing an event."""
        now = self.service.clock.now()
        return event_replies.confirmation(verb, event, self.service.zone, now, ctx.prefix)
