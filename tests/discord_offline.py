"""Discord servers as discord.py's own state parses them from gateway JSON, with no connection.

For property tests that run thousands of role changes: the real discord.py objects (guilds,
roles, members, messages, slash command interactions, reactions), fed the payloads the
gateway would send, in a client that never connects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord
from discord.state import ConnectionState

from tests.discord_fake import payloads

SLOTS = {"admins": ("Admins", "0"), "organisers": ("Organisers", "0"),
         "server-admins": ("Server admins", "8"), "spare": ("Helpers", "0"),
         "other-spare": ("Helpers", "0")}  # fmt: skip
HOME_OWNER = "910000000000000001"
BOT_USER = "900000000000000001"
APPLICATION = "900000000000000002"
# Discord gives a server's owner, and anyone with Administrator (8), every permission.
ADMINISTRATOR = 8
EVERY_PERMISSION = (1 << 51) - 1


class OfflineDiscord:
    """Two servers (0: the group's home server, 1: another) and the people in both."""

    def __init__(self, client: discord.Client, people: Sequence[str]) -> None:
        self.client = client
        state: ConnectionState = client._connection
        state.user = discord.ClientUser(state=state, data=payloads.user(BOT_USER, "bot", bot=True))
        self.state = state
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
        """The two servers, parsed by the state of a client that never connects."""
        return cls(discord.Client(intents=discord.Intents.default()), people)

    async def close(self) -> None:
        """Release discord.py's HTTP client (it never opened a connection)."""
        await self.client.http.close()

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

    def interaction(
        self, guild: int, name: str, slots: Sequence[str], command: str, options: dict[str, Any]
    ) -> discord.Interaction[discord.Client]:
        """INTERACTION_CREATE: ``name`` holding ``slots`` uses slash command ``command``.

        Discord sends the member's permissions in the server, worked out as it does.
        """
        data = self.guilds[guild]
        held = [f"id:{self.role(guild, slot)['id']}" for slot in slots]
        member = payloads.member(data, self.users[name], held)
        if data["owner_id"] == self.users[name]["id"] or int(member["permissions"]) & ADMINISTRATOR:
            member["permissions"] = str(EVERY_PERMISSION)
        types = {bool: 5, int: 4, str: 3}
        listed = [{"name": key, "type": types[type(value)], "value": value}
                  for key, value in options.items()]  # fmt: skip
        called = {"id": str(next(self._ids)), "name": command, "type": 1, "options": listed,
                  "guild_id": data["id"]}  # fmt: skip
        raw = payloads.interaction(
            str(next(self._ids)), APPLICATION, data, member, called, autocomplete=False
        )
        return discord.Interaction(data=raw, state=self.state)  # type: ignore[arg-type]

    def reaction(
        self, guild: int, name: str, slots: Sequence[str], post: str, *, removed: bool
    ) -> discord.RawReactionActionEvent:
        """MESSAGE_REACTION_ADD (or _REMOVE): ``name`` reacts ✅ to the bot's post ``post``.

        Built as discord.py's state builds it; Discord sends the member on an add only.
        """
        data = self.guilds[guild]
        raw: dict[str, Any] = {"user_id": self.users[name]["id"], "message_id": post,
                               "channel_id": data["channels"][0]["id"], "guild_id": data["id"],
                               "emoji": {"id": None, "name": "✅"}, "burst": False,
                               "type": 0}  # fmt: skip
        emoji = discord.PartialEmoji.with_state(self.state, name="✅")
        kind = "REACTION_REMOVE" if removed else "REACTION_ADD"
        event = discord.RawReactionActionEvent(raw, emoji, kind)  # type: ignore[arg-type]
        if not removed:
            held = [self.role(guild, slot)["id"] for slot in slots]
            member = {"user": self.users[name], "roles": held, "flags": 0,
                      "joined_at": payloads.now_iso(), "deaf": False, "mute": False}  # fmt: skip
            found = self.state._get_guild(int(data["id"]))
            assert found is not None
            event.member = discord.Member(data=member, guild=found, state=self.state)  # type: ignore[arg-type]
        return event
