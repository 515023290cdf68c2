"""The Discord adapter: discord.py client lifecycle, intents, guild allow-list, slash commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import discord
import discord.http
import yarl
from discord.gateway import DiscordWebSocket

from bot.adapters.discord import convert, slash
from bot.adapters.discord.direct import send_privately
from bot.adapters.discord.interactions import Pending, answer, defer_when_slow
from bot.adapters.discord.posting import NO_MENTIONS, post
from bot.adapters.discord.reactions import Rsvps
from bot.adapters.discord.roles import RoleMap
from bot.adapters.own_words import NOTHING_TO_SAY, in_english
from bot.config import DiscordSettings
from bot.core.errors import ConfigError
from bot.core.menus import CommandSpec, Suggest, no_suggestions
from bot.core.model import Incoming, Place, Reply, Via
from bot.core.ports import EventOfPost, Explain, MessageHandler
from bot.render.discord_embed import to_discord
from bot.render.text import to_plain

log = logging.getLogger(__name__)

CONTENT_INTENT_HELP = (
    "Discord withholds message content, so typed !commands cannot be read (slash commands "
    "still work): enable MESSAGE CONTENT INTENT under Bot > Privileged Gateway Intents in "
    "the Discord developer portal, then restart the bot."
)


class DiscordAdapter:
    """Serves the allowed Discord servers: typed commands, slash commands and replies."""

    platform = "discord"
    delivers_privately = True

    def __init__(
        self,
        settings: DiscordSettings,
        token: str,
        roles: RoleMap,
    ) -> None:
        self.settings = settings
        self.roles = roles
        self.allowed = {int(guild) for guild in settings.guilds}
        self._token = token
        # How long discord.py waits for more servers after READY, and whether it pauses
        # before identifying again; tests shorten both.
        self.guild_ready_timeout = 2.0
        self.identify_pause = True
        self._commands: dict[str, CommandSpec] = {}
        self._suggest: Suggest = no_suggestions
        self.rsvps = Rsvps(roles)
        self._sends = asyncio.Semaphore(settings.max_concurrent_sends)
        self._pending: dict[str, Pending] = {}
        self._client: discord.Client | None = None
        self._on_message: MessageHandler | None = None
        self._words: Explain = in_english
        self._stopping = False
        self._warned_blank = False
        self.content_intent = True
        self.ready = asyncio.Event()

    @property
    def connected(self) -> bool:
        """True while the gateway session is up."""
        client = self._client
        return client is not None and client.is_ready() and not client.is_closed()

    def offer_commands(self, commands: Sequence[CommandSpec], suggest: Suggest) -> None:
        """Use ``commands`` as slash commands and ``suggest`` for their autocompletion."""
        self._commands = slash.by_slash_name(commands)
        self._suggest = suggest

    def use_words(self, explain: Explain) -> None:
        """Say the bot's own words (nothing to say to a slash command) in each place's language."""
        self._words = explain

    def use_event_lookup(self, event_of_post: EventOfPost) -> None:
        """Find the event of a post reacted to with ✅ through ``event_of_post``."""
        self.rsvps.event_of_post = event_of_post

    async def start(self, on_message: MessageHandler) -> None:
        """Connect and serve until stopped; without the content intent, serve slash commands."""
        self._on_message = on_message
        # discord.py reads both addresses from class attributes: one Discord client per process.
        discord.http.Route.BASE = self.settings.api_base_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.settings.gateway_url)
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice here
        while not self._stopping:
            client = self._build_client()
            self._client = client
            try:
                await client.start(self._token)
                return
            except discord.LoginFailure:
                raise ConfigError(
                    "Discord", ["Discord refused CAMPAIGN_BOT_DISCORD_TOKEN: check the bot token"]
                ) from None
            except discord.PrivilegedIntentsRequired:
                await client.close()
                if not self.content_intent:
                    raise
                log.error(CONTENT_INTENT_HELP)
                self.content_intent, self._warned_blank = False, True

    def _build_client(self) -> discord.Client:
        """A new client with the intents we may use and our event handlers."""
        intents = discord.Intents.default()
        intents.message_content = self.content_intent
        client = discord.Client(
            intents=intents,
            allowed_mentions=NO_MENTIONS,
            guild_ready_timeout=self.guild_ready_timeout,
        )
        setattr(client, "on_ready", self._ready)  # noqa: B010
        setattr(client, "on_guild_join", self._check_guild)  # noqa: B010
        setattr(client, "on_message", self._message)  # noqa: B010
        setattr(client, "on_interaction", self._interaction)  # noqa: B010
        setattr(client, "on_raw_reaction_add", self._reaction)  # noqa: B010
        setattr(client, "on_raw_reaction_remove", self._reaction)  # noqa: B010
        if not self.identify_pause:
            setattr(client, "before_identify_hook", _no_pause)  # noqa: B010
        return client

    async def stop(self) -> None:
        """Disconnect."""
        self._stopping = True
        if self._client is not None:
            await self._client.close()

    async def _ready(self) -> None:
        """Leave servers not on the allow-list; give the others the slash commands."""
        client = self._require_client()
        for guild in list(client.guilds):
            await self._check_guild(guild)
        log.info("Discord ready as %s in %d server(s)", client.user, len(client.guilds))
        self.ready.set()

    async def _check_guild(self, guild: discord.Guild) -> None:
        """Leave ``guild`` if it is not allowed, else sync the slash commands to it."""
        if guild.id not in self.allowed:
            log.warning("leaving Discord server %s (%s): not in discord.guilds", guild.id, guild)
            await guild.leave()
            return
        self.roles.check_guild(guild)
        client = self._require_client()
        if client.application_id is None:
            return
        commands = slash.payloads(self._commands)
        try:
            await client.http.bulk_upsert_guild_commands(client.application_id, guild.id, commands)
        except discord.HTTPException as problem:
            log.error(
                "no slash commands in server %s (%s): invite the bot with the "
                "applications.commands scope; typed commands still work",
                guild.id,
                problem.text or problem.status,
            )
            return
        log.info("synced %d slash command(s) to server %s", len(commands), guild.id)

    def _allowed_place(self, guild_id: int | None) -> bool:
        """Whether a message from ``guild_id`` (None: a direct message) may be answered."""
        return guild_id is None or guild_id in self.allowed

    async def _message(self, message: discord.Message) -> None:
        """A typed message: to the bot unless it comes from a bot or a server not allowed."""
        if message.author.bot or self._on_message is None:
            return
        if not self._allowed_place(message.guild.id if message.guild else None):
            return
        if not message.content:
            if not (message.attachments or message.embeds or message.stickers):
                self._warn_blank()
            return
        await self._on_message(convert.incoming_message(message, self.roles))

    async def _reaction(self, event: discord.RawReactionActionEvent) -> None:
        """✅ added to or removed from an event post: going, or notgoing, for its event."""
        if self._on_message is None or not self._allowed_place(event.guild_id):
            return
        incoming = await self.rsvps.incoming(self._require_client(), event)
        if incoming is not None:
            await self._on_message(incoming)

    def _warn_blank(self) -> None:
        """Say once why typed commands are not answered."""
        if not self._warned_blank:
            self._warned_blank = True
            log.error(CONTENT_INTENT_HELP)

    async def _interaction(self, interaction: discord.Interaction) -> None:
        """A slash command or an autocomplete request."""
        if not self._allowed_place(interaction.guild_id):
            return
        data: dict[str, Any] = dict(interaction.data or {})
        spec = self._commands.get(str(data.get("name", "")))
        if spec is None:
            return
        if interaction.type is discord.InteractionType.autocomplete:
            await self._autocomplete(interaction, spec, data)
        elif interaction.type is discord.InteractionType.application_command:
            await self._command(interaction, spec, data)

    async def _autocomplete(
        self, interaction: discord.Interaction, spec: CommandSpec, data: dict[str, Any]
    ) -> None:
        """Answer with the values of the option's kind that match what is typed."""
        typing = slash.focused(data)
        option = spec.option(typing[0]) if typing else None
        found = await self._suggest(option.suggest, typing[1]) if option and typing else []
        choices = [discord.app_commands.Choice(name=v[:100], value=v[:100]) for v in found[:25]]
        await interaction.response.autocomplete(choices)

    async def _command(
        self, interaction: discord.Interaction, spec: CommandSpec, data: dict[str, Any]
    ) -> None:
        """Run a slash command with the values given, answering through the interaction."""
        values = slash.option_values(data)
        incoming = convert.incoming_command(interaction, spec.name, values, self.roles)
        pending = Pending(interaction, spec.private)
        self._pending[incoming.id] = pending
        deferring = asyncio.create_task(defer_when_slow(pending))
        try:
            if self._on_message is not None:
                await self._on_message(incoming)
        finally:
            deferring.cancel()
            self._pending.pop(incoming.id, None)
        async with pending.lock:
            if not interaction.response.is_done():
                said = to_plain(await self._words(incoming.place, NOTHING_TO_SAY))
                await interaction.response.send_message(said, ephemeral=True)

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Post ``reply``; an answer to a slash command goes through its interaction.

        An RSVP made by reaction is answered only when it went wrong: the ✅ shows it worked.
        A private answer to a command typed in a server goes to its author as a DM, and a
        note that it did (or could not) goes where they typed it.
        """
        if reply_to is None:
            # A reminder due at start-up waits for the login; an answer's message proves it.
            await self.ready.wait()
        via = reply_to.via if reply_to else None
        pending = self._pending.get(reply_to.id) if reply_to and via is Via.MENU else None
        if pending is not None:
            return await answer(pending, to_discord(reply), reply, self._sends)
        if via is Via.REACTION and not reply.error:
            return ""
        if (notes := reply.private) and not (reply_to and reply_to.direct):
            if reply_to is None:
                raise ValueError("a private reply answers someone: give reply_to")
            client = self._require_client()
            reply = await send_privately(client, reply_to.author, reply, notes, self._sends)
        answered = int(reply_to.id) if reply_to and reply_to.id.isdecimal() else None
        reference = None
        if answered is not None:
            reference = discord.MessageReference(
                message_id=answered, channel_id=int(place.id), fail_if_not_exists=False
            )
        channel = self._require_client().get_partial_messageable(int(place.id))
        messages = to_discord(reply)
        ids = await post(channel, messages, reply, self._sends, key=key, reference=reference)
        self.rsvps.remember(ids[0], reply)
        return ids[0]

    def _require_client(self) -> discord.Client:
        """The running client."""
        if self._client is None:
            raise RuntimeError("the Discord adapter is not started")
        return self._client


async def _no_pause(shard_id: int | None, *, initial: bool = False) -> None:
    """Identify again at once (tests; Discord itself wants the default pause)."""
