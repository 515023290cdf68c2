"""✅ on an event post as an RSVP: adding it calls going, taking it away notgoing."""

from __future__ import annotations

from collections import OrderedDict

import discord

from bot.adapters.discord import convert
from bot.adapters.discord.roles import RoleMap
from bot.core.model import Incoming, Invocation, Person, Place, Reply, Via
from bot.core.ports import EventOfPost

RSVP_EMOJI = "✅"
REMEMBERED = 1000
GOING, NOT_GOING, EVENT_ID = "going", "notgoing", "id"


async def no_event(platform: str, message_id: str) -> int | None:
    """An EventOfPost that knows no posts."""
    return None


class Rsvps:
    """Which of the bot's posts are about which event, and reactions on them as commands."""

    def __init__(self, roles: RoleMap) -> None:
        self.roles = roles
        self.event_of_post: EventOfPost = no_event
        # Posts sent by this process, so a reaction that comes before the database
        # records the post's id still finds its event.
        self._recent: OrderedDict[str, int] = OrderedDict()

    def remember(self, message_id: str, reply: Reply) -> None:
        """Note the event ``reply`` is about (a reminder's) under its message id."""
        if reply.about_event is not None:
            self._recent[message_id] = reply.about_event
            while len(self._recent) > REMEMBERED:
                self._recent.popitem(last=False)

    async def incoming(
        self, client: discord.Client, event: discord.RawReactionActionEvent
    ) -> Incoming | None:
        """The command a reaction calls, or None when it is not an RSVP."""
        if str(event.emoji) != RSVP_EMOJI or event.user_id == getattr(client.user, "id", None):
            return None
        if event.member is not None and event.member.bot:
            return None
        message_id = str(event.message_id)
        event_id = self._recent.get(message_id)
        if event_id is None:
            event_id = await self.event_of_post(convert.PLATFORM, message_id)
        if event_id is None:
            return None
        command = GOING if event.event_type == "REACTION_ADD" else NOT_GOING
        author = self._person(client, event)
        called = Invocation(command, {EVENT_ID: event_id}, author, self._place(client, event))
        return Incoming.invoked(called, Via.REACTION, message_id, direct=event.guild_id is None)

    def _person(self, client: discord.Client, event: discord.RawReactionActionEvent) -> Person:
        """Who reacted: Discord sends the member on add; on remove look in the cache."""
        member = event.member
        if member is None and event.guild_id is not None:
            guild = client.get_guild(event.guild_id)
            member = guild.get_member(event.user_id) if guild else None
        if member is not None:
            return convert.person(member, self.roles)
        return Person(f"{convert.PLATFORM}:{event.user_id}", str(event.user_id))

    @staticmethod
    def _place(client: discord.Client, event: discord.RawReactionActionEvent) -> Place:
        """The channel of the reacted-to post."""
        channel = client.get_channel(event.channel_id)
        return convert.place(channel) if channel else Place(convert.PLATFORM, str(event.channel_id))
