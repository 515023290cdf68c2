"""Discord servers as discord.py's own state parses them from gateway JSON, with no connection.

For property tests that run thousands of role changes: the real discord.py objects (guilds,
roles, members, messages), fed the payloads the gateway would send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import discord
from discord.http import HTTPClient
from discord.state import ConnectionState

from tests.discord_fake import payloads

SLOTS = {"admins": ("Admins", "0"), "organisers": ("Organisers", "0"),
         "server-admins": ("Server admins", "8"), "spare": ("Helpers", "0"),
         "other-spare": ("Helpers", "0")}  # fmt: skip
HOME_OWNER = "910000000000000001"


class OfflineDiscord:
    """Two servers (0: the group's home server, 1: another) and the people in both."""

    def __init__(self, state: ConnectionState, http: HTTPClient, people: Sequence[str]) -> None:
        self.state = state
        self.http = http
        self.users = {
            name: payloads.user(str(920000000000000001 + n), name) for n, name in enumerate(people)
        }
        owners = [HOME_OWNER, self.users[people[0]]["id"]]
        self.guilds: list[dict[str, Any]] = []
        for index, owner in enumerate(owners):
            guild_id = str(930000000000000001 + index)
            roles = [{"id": str(940000000000000001 + index * 100 + n), "name": name,
                      "permissions": bits, "position": n + 1}
                     for n, (name, bits) in enumerate(SLOTS.values())]  # fmt: skip
            channel = str(950000000000000001 + index)
            self.guilds.append(payloads.guild(guild_id, f"Server {index}", owner, channel, roles))
        for guild in self.guilds:
            state._add_guild(discord.Guild(data=guild, state=state))
        self._ids = iter(range(960000000000000001, 970000000000000001))

    @classmethod
    async def start(cls, people: Sequence[str]) -> OfflineDiscord:
        """The two servers, parsed by a ConnectionState that never connects."""
        http = HTTPClient(asyncio.get_running_loop())
        state = ConnectionState(
            dispatch=lambda *args, **kwargs: None,
            handlers={},
            hooks={},
            http=http,
            intents=discord.Intents.default(),
        )
        return cls(state, http, people)

    async def close(self) -> None:
        """Release discord.py's HTTP client (it never opened a connection)."""
        await self.http.close()

    def guild_id(self, guild: int) -> str:
        """Server ``guild``'s id."""
        return str(self.guilds[guild]["id"])

    def user_id(self, name: str) -> str:
        """The user id of ``name``."""
        return str(self.users[name]["id"])

    def owner_name(self, guild: int) -> str | None:
        """Who owns server ``guild`` (discord.py gives the owner every permission)."""
        owner = self.guilds[guild]["owner_id"]
        return next((name for name, user in self.users.items() if user["id"] == owner), None)

    def role(self, guild: int, slot: str) -> dict[str, Any]:
        """The role payload in ``slot`` of server ``guild`` (after @everyone, in SLOTS order)."""
        return dict(self.guilds[guild]["roles"][1 + list(SLOTS).index(slot)])

    def update_role(self, guild: int, slot: str, **changes: str) -> None:
        """GUILD_ROLE_UPDATE: rename a role or change its permissions."""
        roles = self.guilds[guild]["roles"]
        index = 1 + list(SLOTS).index(slot)
        roles[index] = {**roles[index], **changes}
        self.state.parse_guild_role_update({"guild_id": self.guild_id(guild), "role": roles[index]})

    def message(self, guild: int, name: str, slots: Sequence[str], text: str) -> discord.Message:
        """MESSAGE_CREATE from ``name`` holding the roles in ``slots``, as discord.py parses it."""
        data = self.guilds[guild]
        member = {"roles": [self.role(guild, slot)["id"] for slot in slots], "flags": 0,
                  "joined_at": payloads.now_iso(), "deaf": False, "mute": False}  # fmt: skip
        channel_id = str(data["channels"][0]["id"])
        extra = {"guild_id": data["id"], "member": member}
        raw = payloads.message(str(next(self._ids)), channel_id, self.users[name], text, extra)
        found = self.state._get_guild(int(data["id"]))
        assert found is not None
        channel = found.get_channel(int(channel_id))
        assert isinstance(channel, discord.TextChannel)
        return discord.Message(state=self.state, channel=channel, data=raw)  # type: ignore[arg-type]
