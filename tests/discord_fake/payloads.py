"""Discord's JSON shapes, with the keys discord.py needs (a missing key crashes the client)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from aiohttp import web

Json = dict[str, Any]


def respond(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON response with the exact content type discord.py expects."""
    # Exactly application/json: with "; charset=utf-8" discord.py does not parse the body.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def now_iso() -> str:
    """The current time as Discord writes it."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def user(user_id: str, name: str, bot: bool = False) -> Json:
    """A user."""
    return {"id": user_id, "username": name, "discriminator": "0", "avatar": None,
            "global_name": name, "bot": bot}  # fmt: skip


def role_id(guild: Json, name: str) -> str:
    """The id of a guild role by name."""
    return str(next(role["id"] for role in guild["roles"] if role["name"] == name))


def member(guild: Json, person: Json, roles: Sequence[str]) -> Json:
    """Member data for ``person`` holding the named roles ("id:<id>": by id), with their bits."""
    ids = [role[3:] if role.startswith("id:") else role_id(guild, role) for role in roles]
    bits = 0
    for role in guild["roles"]:
        if role["id"] in ids or role["id"] == guild["id"]:
            bits |= int(role["permissions"])
    return {"user": person, "roles": ids, "flags": 0, "joined_at": now_iso(), "deaf": False,
            "mute": False, "permissions": str(bits)}  # fmt: skip


def message(
    message_id: str, channel_id: str, author: Json, content: str, extra: Json | None = None
) -> Json:
    """A message as MESSAGE_CREATE carries it and as POST /messages answers."""
    return {"id": message_id, "channel_id": channel_id, "type": 0, "content": content,
            "author": author, "timestamp": now_iso(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": False, "flags": 0, **(extra or {})}  # fmt: skip


def interaction(
    interaction_id: str,
    app_id: str,
    guild: Json,
    person: Json,
    command: Json,
    *,
    autocomplete: bool,
    locale: str = "en-GB",
) -> Json:
    """INTERACTION_CREATE for a slash command or an autocomplete request in the first channel."""
    channel = guild["channels"][0]
    return {"id": interaction_id, "application_id": app_id, "type": 4 if autocomplete else 2,
            "token": f"token-{interaction_id}", "version": 1, "guild_id": guild["id"],
            "channel_id": channel["id"], "channel": channel, "member": person,
            "locale": locale, "guild_locale": "en-GB", "app_permissions": "0",
            "entitlements": [], "authorizing_integration_owners": {}, "context": 0,
            "attachment_size_limit": 8388608, "data": command}  # fmt: skip


def application(app_id: str, owner: Json) -> Json:
    """GET /oauth2/applications/@me."""
    return {"id": app_id, "name": "campaign-bot", "icon": None, "description": "",
            "bot_public": False, "bot_require_code_grant": False, "verify_key": "0",
            "flags": 0, "owner": owner}  # fmt: skip


def guild(guild_id: str, name: str, owner_id: str, channel_id: str, roles: list[Json]) -> Json:
    """A server with one text channel; ``roles`` after @everyone."""
    everyone = {"id": guild_id, "name": "@everyone", "permissions": "0", "position": 0}
    channel = {"id": channel_id, "type": 0, "name": "general", "position": 0,
               "guild_id": guild_id, "permission_overwrites": []}  # fmt: skip
    return {"id": guild_id, "name": name, "owner_id": owner_id, "channels": [channel],
            "roles": [everyone, *roles], "members": [], "unavailable": False}  # fmt: skip


def attachment(attachment_id: str, upload: Json) -> Json:
    """An uploaded file as a message lists it."""
    url = f"https://cdn.invalid/attachments/{attachment_id}/{upload['filename']}"
    return {"id": attachment_id, "filename": upload["filename"], "size": len(upload["data"]),
            "url": url, "proxy_url": url, "content_type": upload["content_type"]}  # fmt: skip
