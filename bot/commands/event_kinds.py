"""The kinds of values the event commands take: ids, times, reminder times and channels."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.commands import event_texts
from bot.commands.kinds import number
from bot.commands.params import Kind
from bot.core.errors import UserError
from bot.events.drafts import parse_offsets
from bot.events.errors import EventError
from bot.events.service import EventService
from bot.events.when import parse_when
from bot.i18n.language import N_, Language

T = TypeVar("T")
SEPARATORS = re.compile(r"[\s,]+")

EVENT_ID = number(N_("an event id, like 3"), event_texts.not_an_id)


def refused_in_words(read: Callable[[str, Language], T]) -> Callable[[str, Language], T]:
    """``read`` answering the events rules' refusals in words."""

    def worded(text: str, lang: Language) -> T:
        try:
            return read(text, lang)
        except EventError as refused:
            raise UserError(event_texts.refusal(refused, lang)) from None

    return worded


def reminder_times(text: str, lang: Language) -> tuple[int, ...]:
    """Reminder offsets from '1d,2h,start' (spaces may separate them too)."""
    return parse_offsets(",".join(SEPARATORS.split(text)))


def channel_names(text: str, lang: Language) -> tuple[str, ...]:
    """Channel names from 'main,organisers' (empty: every channel)."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    return tuple(dict.fromkeys(names))


def reading_languages(lang: Language) -> tuple[str, ...]:
    """The languages a time is read in: the answer's, then English, the commands' own."""
    return (lang.code,) if lang.code == "en" else (lang.code, "en")


def time_to_come(service: EventService) -> Kind[datetime]:
    """A time to come, as people write it in their language, in the group's zone (naive)."""

    def read(text: str, lang: Language) -> datetime:
        return parse_when(text, service.zone, service.clock.now(), reading_languages(lang))

    return Kind(refused_in_words(read), N_("when, like saturday 2pm or 5 Dec 14:00"))


REMINDERS = Kind(
    refused_in_words(reminder_times), N_("when to remind, like 1d,2h,start"), shape="1d,2h,start"
)
CHANNELS = Kind(channel_names, N_("channel names, like main,organisers"), shape="<name>,...")
