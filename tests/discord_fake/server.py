"""A loopback fake of Discord's REST API and gateway for the unmodified discord.py client."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.discord_fake import payloads
from tests.discord_fake.direct import DirectMessages
from tests.discord_fake.gateway import Gateway
from tests.discord_fake.payloads import respond

ADMINISTRATOR = 8
EPOCH_MS = 1420070400000
STRING, INTEGER, BOOLEAN = 3, 4, 5


def typed(value: object, option_type: int, focused: bool) -> object:
    """An option value as the Discord client sends it (what is being typed stays text)."""
    if focused or option_type == STRING:
        return str(value)
    if option_type == INTEGER:
        return int(str(value))
    if option_type == BOOLEAN:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    return value


@dataclass
class RateLimit:
    """A scripted 429 for requests whose path contains ``path``."""

    path: str
    retry_after: float
    times: int = 1
    hits: list[float] = field(default_factory=list)


@dataclass
class Post:
    """A message the bot created in a channel."""

    channel_id: str
    id: str
    body: dict[str, Any]
    at: float

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The posted embeds."""
        return list(self.body.get("embeds") or [])

    @property
    def files(self) -> list[dict[str, Any]]:
        """The uploaded files: filename, content_type and data (bytes)."""
        return list(self.body.get("_files") or [])

    @property
    def text(self) -> str:
        """Content and every embed's text, for searching."""
        parts = [self.body.get("content") or ""]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f["value"] for f in embed.get("fields", [])]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(part for part in parts if part)


class FakeDiscord:
    """Discord on 127.0.0.1: guilds, a bot user, recorded posts and scripted faults."""

    def __init__(self) -> None:
        self._ids = itertools.count(EPOCH_MS << 22 | 1, 1 << 22)
        self.app_id = self.new_id()
        self.bot_user = payloads.user(self.app_id, "campaign-bot", bot=True)
        self._application = payloads.application(self.app_id, payloads.user(self.new_id(), "owner"))
        self.guilds: dict[str, dict[str, Any]] = {}
        self.home: dict[str, Any] = {}
        self.posts: list[Post] = []
        self.attempts: list[dict[str, Any]] = []
        self.callbacks: list[dict[str, Any]] = []
        self.synced: dict[str, list[dict[str, Any]]] = {}
        self.left: list[str] = []
        self.rate_limits: list[RateLimit] = []
        self.post_delay = 0.0
        # While set and not released, a message is recorded but its POST gets no answer yet
        # (to kill the bot between Discord creating a message and the bot hearing of it).
        self.hold: asyncio.Event | None = None
        self.in_flight = self.most_in_flight = 0
        self.gateway = Gateway(self)
        self.direct = DirectMessages(self.new_id)
        self._after: list[tuple[str, dict[str, Any]]] = []
        self._by_nonce: dict[tuple[str, str], dict[str, Any]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def new_id(self) -> str:
        """A fresh snowflake (timestamps in them are the fake's, not the clock's)."""
        return str(next(self._ids))

    @property
    def api_base_url(self) -> str:
        """What [discord] api_base_url points at."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What [discord] gateway_url points at."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application()
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{path:.*}", self._api)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close every connection."""
        if self.gateway.socket is not None:
            await self.gateway.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the world the bot sees ----------------------------------------------------------

    def user(self, name: str) -> dict[str, Any]:
        """A new user."""
        made = payloads.user(self.new_id(), name)
        self.direct.know(made)
        return made

    def add_guild(self, name: str, roles: dict[str, int] | None = None) -> dict[str, Any]:
        """A server with one text channel and the named roles (name -> permission bits)."""
        role_list = [
            {"id": self.new_id(), "name": role, "permissions": str(bits), "position": i + 1}
            for i, (role, bits) in enumerate((roles or {}).items())
        ]
        guild_id = self.new_id()
        guild = payloads.guild(guild_id, name, self.new_id(), self.new_id(), role_list)
        self.guilds[guild_id] = guild
        return guild

    def add_role(self, guild: dict[str, Any], name: str, bits: int = 0) -> str:
        """A new role in ``guild`` (before the bot connects: it arrives in GUILD_CREATE)."""
        role = {"id": self.new_id(), "name": name, "permissions": str(bits),
                "position": len(guild["roles"])}  # fmt: skip
        guild["roles"].append(role)
        return str(role["id"])

    def guild_payload(self, guild: dict[str, Any]) -> dict[str, Any]:
        """GUILD_CREATE data: the guild with the bot as its only cached member."""
        bot = {"user": self.bot_user, "roles": [], "flags": 0, "joined_at": payloads.now_iso()}
        return {**guild, "members": [bot], "member_count": 1}

    def role_id(self, guild: dict[str, Any], name: str) -> str:
        """The id of a guild role by name."""
        return payloads.role_id(guild, name)

    # --- what users do ---------------------------------------------------------------------

    async def say(
        self, guild: dict[str, Any], user: dict[str, Any], content: str, roles: Sequence[str] = ()
    ) -> str:
        """``user`` types in the guild's channel (blanked, as Discord does, without the intent)."""
        if not self.gateway.content_intent or self.gateway.blank_content:
            content = ""
        message_id = self.new_id()
        member = payloads.member(guild, user, roles)
        del member["user"], member["permissions"]
        extra = {"guild_id": guild["id"], "member": member}
        channel_id = guild["channels"][0]["id"]
        data = payloads.message(message_id, channel_id, user, content, extra)
        await self.gateway.dispatch("MESSAGE_CREATE", data)
        return message_id

    async def say_direct(self, user: dict[str, Any], content: str) -> str:
        """``user`` types in their DM with the bot (Discord sends DM content without the intent)."""
        message_id = self.new_id()
        await self.gateway.dispatch(
            "MESSAGE_CREATE", self.direct.message(user, message_id, content)
        )
        return message_id

    def posts_in(self, channel_id: str) -> list[Post]:
        """The bot's messages in one channel, oldest first."""
        return [post for post in self.posts if post.channel_id == channel_id]

    def replies_to(self, message_id: str) -> list[Post]:
        """The bot's messages in reply to ``message_id``, oldest first."""
        return [
            post
            for post in self.posts
            if str((post.body.get("message_reference") or {}).get("message_id")) == message_id
        ]

    async def answer_to(self, message_id: str) -> Post:
        """The bot's first reply to ``message_id``, once it has come."""
        post: Post = await self.wait_for(lambda: next(iter(self.replies_to(message_id)), None))
        return post

    async def react(
        self,
        user: dict[str, Any],
        post: Post,
        *,
        removed: bool = False,
        emoji: str = "✅",
        roles: Sequence[str] = (),
    ) -> None:
        """``user`` adds (or removes) a reaction on one of the bot's posts in the home server."""
        guild = self.home
        data: dict[str, Any] = {"user_id": user["id"], "channel_id": post.channel_id,
                                "message_id": post.id, "guild_id": guild["id"],
                                "emoji": {"id": None, "name": emoji}, "burst": False,
                                "type": 0}  # fmt: skip
        if not removed:
            member = payloads.member(guild, user, roles)
            del member["permissions"]
            data |= {"member": member, "message_author_id": self.bot_user["id"]}
        await self.gateway.dispatch(
            "MESSAGE_REACTION_REMOVE" if removed else "MESSAGE_REACTION_ADD", data
        )

    async def interact(
        self,
        guild: dict[str, Any],
        user: dict[str, Any],
        name: str,
        options: Mapping[str, object],
        *,
        roles: Sequence[str] = (),
        focused: str | None = None,
        locale: str = "en-GB",
    ) -> str:
        """A slash command (or, with ``focused``, an autocomplete request); returns its id.

        Each value goes as the synced command's option declares it (a whole number as a JSON
        number, yes/no as a boolean), as the Discord client sends it; ``locale`` is the
        language of the person's Discord.
        """
        interaction_id = self.new_id()
        types = self.option_types(guild, name)
        command_options: list[dict[str, Any]] = [
            {"name": key, "type": types.get(key, STRING),
             "value": typed(value, types.get(key, STRING), key == focused)}
            for key, value in options.items()
        ]  # fmt: skip
        for option in command_options:
            if option["name"] == focused:
                option["focused"] = True
        command = {"id": self.new_id(), "name": name, "type": 1, "options": command_options,
                   "guild_id": guild["id"]}  # fmt: skip
        member = payloads.member(guild, user, roles)
        data = payloads.interaction(
            interaction_id,
            self.app_id,
            guild,
            member,
            command,
            autocomplete=focused is not None,
            locale=locale,
        )
        await self.gateway.dispatch("INTERACTION_CREATE", data)
        return interaction_id

    def option_types(self, guild: dict[str, Any], name: str) -> dict[str, int]:
        """The type of each option of the command ``name`` synced to ``guild``."""
        command = next((c for c in self.synced.get(str(guild["id"]), []) if c["name"] == name), {})
        return {str(o["name"]): int(o["type"]) for o in command.get("options", [])}

    # --- waiting for the bot ---------------------------------------------------------------

    async def wait_for(self, found: Callable[[], Any], bound: float = 15.0) -> Any:
        """Wait until ``found()`` is truthy (a bound, not a timing assertion) and return it."""

        async def check() -> Any:
            async with self._changed:
                while not (result := found()):
                    await self._changed.wait()
                return result

        return await asyncio.wait_for(check(), bound)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def callback(self, interaction_id: str) -> dict[str, Any] | None:
        """The bot's callback to an interaction, if it answered."""
        return next((c for c in self.callbacks if c["interaction"] == interaction_id), None)

    # --- REST ------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        """Route one REST request."""
        path = "/" + request.match_info["path"]
        body = await read_body(request)
        for limit in self.rate_limits:
            if limit.path in path and request.method == "POST" and len(limit.hits) < limit.times:
                limit.hits.append(time.monotonic())
                data = {"message": "You are being rate limited.", "retry_after": limit.retry_after,
                        "global": False}  # fmt: skip
                return respond(data, 429, {"Via": "1.1 google", "X-RateLimit-Scope": "user"})
        parts = path.strip("/").split("/")
        handler = self._routes().get((request.method, parts[0], len(parts)))
        if handler is None:
            return respond({"message": f"fake: no route {request.method} {path}", "code": 0}, 404)
        if parts[0] == "channels" and self.post_delay:
            # A slow Discord, so the bot's concurrent sends can be counted.
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            await asyncio.sleep(self.post_delay)
            self.in_flight -= 1
        response = handler(parts, body)
        for event, data in self._after:
            await self.gateway.dispatch(event, data)
        self._after.clear()
        await self._notify()
        if self.hold is not None and parts[0] == "channels":
            await self.hold.wait()
        return response

    def _routes(self) -> dict[tuple[str, str, int], Callable[[list[str], Any], web.Response]]:
        return {
            ("GET", "users", 2): lambda p, b: respond(self.bot_user),
            ("GET", "oauth2", 3): lambda p, b: respond(self._application),
            ("GET", "gateway", 1): lambda p, b: respond({"url": self.gateway_url}),
            ("POST", "channels", 3): self._create_message,
            ("POST", "users", 3): self.direct.open,
            ("POST", "interactions", 4): self._interaction_callback,
            ("POST", "webhooks", 3): self._followup,
            ("PUT", "applications", 5): self._sync_commands,
            ("DELETE", "users", 4): self._leave_guild,
        }

    def _message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The message Discord makes of a POST."""
        files = [payloads.attachment(self.new_id(), f) for f in body.get("_files") or []]
        extra = {"embeds": body.get("embeds") or [], "nonce": body.get("nonce"),
                 "attachments": files}  # fmt: skip
        content = body.get("content") or ""
        return payloads.message(self.new_id(), channel_id, self.bot_user, content, extra)

    def _create_message(self, parts: list[str], body: dict[str, Any]) -> web.Response:
        """POST /channels/{id}/messages, deduplicated by nonce as Discord does (enforce_nonce)."""
        channel_id = parts[1]
        self.attempts.append({"channel_id": channel_id, **body})
        if (refused := self.direct.refusal(channel_id)) is not None:
            return refused
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce") and (channel_id, nonce) in self._by_nonce:
            return respond(self._by_nonce[(channel_id, nonce)])
        message = self._message(channel_id, body)
        if nonce and body.get("enforce_nonce"):
            self._by_nonce[(channel_id, nonce)] = message
        self.posts.append(Post(channel_id, message["id"], body, time.monotonic()))
        return respond(message)

    def _interaction_callback(self, parts: list[str], body: dict[str, Any]) -> web.Response:
        """POST /interactions/{id}/{token}/callback."""
        message_id = self.new_id()
        self.callbacks.append({"interaction": parts[1], "token": parts[2], **body,
                               "at": time.monotonic()})  # fmt: skip
        data = {"interaction": {"id": parts[1], "type": 2, "response_message_id": message_id}}
        return respond(data)

    def _followup(self, parts: list[str], body: dict[str, Any]) -> web.Response:
        """POST /webhooks/{app}/{token}: a follow-up message to an interaction."""
        self.callbacks.append({"interaction": parts[2].removeprefix("token-"), "followup": True,
                               "data": body, "at": time.monotonic()})  # fmt: skip
        return respond(self._message("0", body))

    def _sync_commands(self, parts: list[str], body: list[dict[str, Any]]) -> web.Response:
        """PUT /applications/{app}/guilds/{guild}/commands."""
        self.synced[parts[3]] = body
        return respond([{**c, "id": self.new_id(), "application_id": self.app_id,
                         "version": "1", "guild_id": parts[3]} for c in body])  # fmt: skip

    def _leave_guild(self, parts: list[str], body: Any) -> web.Response:
        """DELETE /users/@me/guilds/{id}."""
        self.left.append(parts[3])
        if self.guilds.pop(parts[3], None) is not None:
            self._after.append(("GUILD_DELETE", {"id": parts[3]}))
        return web.Response(status=204)


async def read_body(request: web.Request) -> Any:
    """A request's JSON, also from a multipart upload (files go under "_files")."""
    if not request.can_read_body:
        return {}
    if not request.content_type.startswith("multipart/"):
        return await request.json()
    body: dict[str, Any] = {}
    files: list[dict[str, Any]] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        data = bytes(await part.read())
        if part.name == "payload_json":
            body.update(json.loads(data))
        else:
            content_type = part.headers.get("Content-Type", "")
            files.append({"filename": part.filename, "content_type": content_type, "data": data})
    return {**body, "_files": files}
