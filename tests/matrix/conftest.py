"""Fixtures: a real Synapse for the session, real nio clients as people, the bot in-process."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.matrix.adapter import MatrixAdapter
from bot.adapters.matrix.session import MatrixLogin
from bot.app import App
from bot.config import EventSettings, LimitSettings, MatrixSettings, RoleSettings, Settings
from bot.core.model import Place
from bot.platforms import matrix_channels
from tests.matrix.clients import ChatUser
from tests.matrix.homeserver import Account, Homeserver
from tests.matrix.process import BotProcess

NO_LIMITS = LimitSettings(person=0, room=0)
CITATION = "Andrea D'Cruz, 'A fake friend', Red Pepper, 11 December 2008"


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """One Synapse on 127.0.0.1 with relaxed rate limits, for the whole session."""
    server = Homeserver(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


def unique(name: str) -> str:
    """A user name nobody registered yet."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


class People:
    """Registers testers on a homeserver and closes them at the end."""

    def __init__(self, server: Homeserver, directory: Path) -> None:
        self.server = server
        self.directory = directory
        self.testers: list[ChatUser] = []

    async def new(self, name: str, *, encrypted: bool = False) -> ChatUser:
        """A registered, syncing tester."""
        account = await self.server.register(unique(name))
        tester = ChatUser(
            self.server.url, account, self.directory / account.user_id, encrypted=encrypted
        )
        self.testers.append(tester)
        await tester.start()
        return tester

    async def close(self) -> None:
        """Close every tester."""
        for tester in self.testers:
            await tester.close()


@dataclass
class RunningBot:
    """The bot running in this process: its account, adapter, app and task."""

    account: Account
    adapter: MatrixAdapter
    app: App
    task: asyncio.Task[None]

    @property
    def user_id(self) -> str:
        """The bot's Matrix id."""
        return self.account.user_id

    async def stop(self) -> None:
        """Stop the adapter and wait for the app to finish."""
        await self.adapter.stop()
        await asyncio.wait_for(self.task, 60)


class Bots:
    """Starts bots in-process on a homeserver, each with a fresh account and database."""

    def __init__(self, server: Homeserver, directory: Path) -> None:
        self.server = server
        self.directory = directory
        self.running: list[RunningBot] = []

    def settings(self, account: Account, inviters: list[str], **matrix: Any) -> Settings:
        """Settings for a bot whose invites are allowed from ``inviters``."""
        base = MatrixSettings(
            homeserver=self.server.url,
            user_id=account.user_id,
            allow_inviters=tuple(inviters),
        )
        # Bursts in these tests are the point: no command rate limits (tests/test_limits.py).
        return Settings(matrix=replace(base, **matrix), limits=NO_LIMITS)

    async def start(
        self,
        inviters: list[str],
        *,
        admins: tuple[str, ...] = (),
        channels: dict[str, str] | None = None,
        events: EventSettings | None = None,
        account: Account | None = None,
        wait: bool = True,
        limits: LimitSettings = NO_LIMITS,
        **matrix: Any,
    ) -> RunningBot:
        """A bot served by App + MatrixAdapter, listening once this returns (unless not ``wait``).

        ``channels`` names announcement rooms: {"main": room id}. ``account`` restarts a
        bot that ran before (same database and store); by default a new account is made.
        ``limits`` are the command rate limits (none by default).
        """
        account = account or await self.server.register(unique("bot"))
        settings = replace(
            self.settings(account, inviters, **matrix),
            roles=RoleSettings(admins=admins),
            channels={
                name: (Place("matrix", room, name),) for name, room in (channels or {}).items()
            },
            events=events or EventSettings(),
            limits=limits,
        )
        home = self.directory / account.user_id
        app = await App.open(settings, home / "bot.db")
        assert settings.matrix is not None
        adapter = MatrixAdapter(
            settings.matrix,
            MatrixLogin(account.token, account.device_id),
            home / "matrix",
            channels=matrix_channels(settings),
        )
        task = asyncio.create_task(self._serve(app, adapter))
        bot = RunningBot(account, adapter, app, task)
        self.running.append(bot)
        if not wait:
            return bot
        ready = asyncio.create_task(adapter.ready.wait())
        await asyncio.wait({ready, task}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        assert adapter.ready.is_set(), "the bot did not finish its first sync"
        return bot

    @staticmethod
    async def _serve(app: App, adapter: MatrixAdapter) -> None:
        try:
            await app.run([adapter])
        finally:
            await app.close()

    async def close(self) -> None:
        """Stop every bot still running."""
        for bot in self.running:
            if not bot.task.done():
                await bot.stop()


@pytest.fixture
def processes() -> Iterator[list[BotProcess]]:
    """Bot processes to SIGKILL at the end, whatever happened."""
    made: list[BotProcess] = []
    yield made
    for process in made:
        process.kill()


def token_env(account: Account) -> dict[str, str]:
    """The environment that logs the bot in with ``account``'s token."""
    return {
        "CAMPAIGN_BOT_MATRIX_TOKEN": account.token,
        "CAMPAIGN_BOT_MATRIX_DEVICE_ID": account.device_id,
    }


@pytest.fixture
def server(homeserver: Homeserver) -> Homeserver:
    """The homeserver people and bots use (a test module may give its own)."""
    return homeserver


@pytest.fixture
async def people(server: Homeserver, tmp_path: Path) -> AsyncIterator[People]:
    """Make testers with ``await people.new("alice")``."""
    made = People(server, tmp_path / "people")
    yield made
    await made.close()


@pytest.fixture
async def bots(server: Homeserver, tmp_path: Path) -> AsyncIterator[Bots]:
    """Start bots with ``await bots.start([inviter ids])``."""
    made = Bots(server, tmp_path / "bots")
    yield made
    await made.close()


async def group_room(owner: ChatUser, *others: ChatUser, **room: Any) -> str:
    """A room made by ``owner`` with ``others`` joined (and no bot yet)."""
    room_id = await owner.create_room([*(o.user_id for o in others)], **room)
    for other in others:
        await other.join(room_id)
    return room_id


async def room_with_bot(owner: ChatUser, bot: RunningBot, *others: ChatUser, **room: Any) -> str:
    """A room made by ``owner`` with the bot (and ``others``) joined."""
    room_id = await group_room(owner, *others, **room)
    await add_bot(owner, room_id, bot)
    return room_id


async def add_bot(owner: ChatUser, room_id: str, bot: RunningBot) -> None:
    """Invite the bot into ``room_id`` and wait until it listens there."""
    await owner.client.room_invite(room_id, bot.user_id)
    await owner.wait_member(room_id, bot.user_id, "join")
    await owner.until(
        lambda: room_id in [place.id for place in bot.adapter.places()], "the bot to see the room"
    )
