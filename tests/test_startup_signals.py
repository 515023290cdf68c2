"""SIGINT/SIGTERM at any moment of `campaign-bot run`'s start-up: it exits, the database intact."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.discord_fake.fixtures import TOKEN
from tests.discord_fake.server import FakeDiscord
from tests.processes import bot_command, spawn, stop_async

# How long a stopping bot may take before the test gives up: a test timeout, not a goal.
STOP_BOUND = 30.0
WAIT_FOR_MOMENT = 60.0


class BlackHole:
    """A homeserver that accepts connections and reads requests but never answers."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self._server: asyncio.Server | None = None
        self._held: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        """Listen on a free loopback port."""
        self._server = await asyncio.start_server(self._hold, "127.0.0.1", 0)

    @property
    def url(self) -> str:
        """What [matrix] homeserver points at."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def _hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._held.append(writer)
        line = await reader.readline()
        if line:
            self.requests.append(line)
        await reader.read()  # until the client gives up

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        for writer in self._held:
            writer.close()
        if self._server is not None:
            self._server.close()


@dataclass
class Rig:
    """A bot configured for a Discord that withholds READY and a homeserver that never answers."""

    fake: FakeDiscord
    hole: BlackHole
    directory: Path
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.directory / "bot.log"

    @property
    def db(self) -> Path:
        """The bot's database."""
        return self.directory / "bot.db"

    def config(self) -> Path:
        """Both platforms at DEBUG, the database and Matrix store in the rig's directory."""
        home = self.fake.home
        path = self.directory / "config.toml"
        path.write_text(
            f'[bot]\ndatabase = "{self.db}"\nlog_level = "DEBUG"\n'
            f'[discord]\nguilds = ["{home["id"]}"]\n'
            f'api_base_url = "{self.fake.api_base_url}"\n'
            f'gateway_url = "{self.fake.gateway_url}"\n'
            f'[matrix]\nhomeserver = "{self.hole.url}"\nuser_id = "@bot:campaign.test"\n'
            f'store = "{self.directory / "matrix"}"\n',
            "utf-8",
        )
        return path

    async def launch(self) -> asyncio.subprocess.Process:
        """`campaign-bot run` with both platforms' secrets, logging to ``log``."""
        env = {
            **os.environ,
            "CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN,
            "CAMPAIGN_BOT_MATRIX_TOKEN": "syt_never_answered",
            "CAMPAIGN_BOT_MATRIX_DEVICE_ID": "DEVICE",
        }
        config = self.config()
        with self.log.open("wb") as log:
            return await spawn(
                *bot_command("run", "--config", str(config)),
                env=env, stdout=log, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip


@pytest.fixture
async def rig(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[Rig]:
    """The fake Discord (withholding READY) and a black-hole homeserver."""
    fake.gateway.withhold_ready = True
    hole = BlackHole()
    await hole.start()
    yield Rig(fake, hole, tmp_path)
    await hole.stop()


async def until(check: Callable[[], object], what: str) -> None:
    """Poll ``check`` until true (a bound to fail on, not a timing assertion)."""
    for _ in range(int(WAIT_FOR_MOMENT / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never reached: {what}")


def has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open."""
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


def assert_intact(db: Path) -> None:
    """The database passes integrity_check and was closed (its WAL checkpointed away)."""
    if not db.exists():
        return
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert not Path(f"{db}-wal").exists(), "the bot did not close its database"


Moment = Callable[[Rig, asyncio.subprocess.Process], Awaitable[None]]


def after(seconds: float) -> Moment:
    """A moment ``seconds`` after launch, wherever start-up has got to."""

    async def wait(rig: Rig, process: asyncio.subprocess.Process) -> None:
        await asyncio.sleep(seconds)

    return wait


async def matrix_login(rig: Rig, process: asyncio.subprocess.Process) -> None:
    """The bot has asked the homeserver who it is and waits for the answer."""
    await until(lambda: rig.hole.requests, "the Matrix login")


async def discord_handshake(rig: Rig, process: asyncio.subprocess.Process) -> None:
    """The bot has identified to the gateway and waits for READY."""
    await until(lambda: rig.fake.gateway.identifies, "the Discord IDENTIFY")


async def both_logins(rig: Rig, process: asyncio.subprocess.Process) -> None:
    """Both platforms are half-way through logging in."""
    await matrix_login(rig, process)
    await discord_handshake(rig, process)


async def database_open(rig: Rig, process: asyncio.subprocess.Process) -> None:
    """The bot has its new database open: migrating or seeding it, or just past that."""
    await until(lambda: has_open(process.pid, rig.db), "the bot opening its database")


# Fixed delays land anywhere, even before the bot's handlers exist (imports, config); the
# other moments are after them, where a signal must stop the bot cleanly with exit code 0.
MOMENTS: dict[str, tuple[Moment, bool]] = {
    "at launch": (after(0), False),
    "after 0.3 s": (after(0.3), False),
    "after 1 s": (after(1), False),
    "after 2 s": (after(2), False),
    "opening the database": (database_open, True),
    "in the Matrix login": (matrix_login, True),
    "in the Discord handshake": (discord_handshake, True),
    "in both logins": (both_logins, True),
}


async def stop_at(
    rig: Rig, moment: Moment, sig: signal.Signals, then: Callable[[], object] = lambda: None
) -> int:
    """Launch the bot, send ``sig`` at ``moment`` (then call ``then``); its exit code."""
    process = await rig.launch()
    try:
        await moment(rig, process)
        process.send_signal(sig)
        then()
        return await asyncio.wait_for(process.wait(), STOP_BOUND)
    finally:
        await stop_async(process)


def assert_stopped_cleanly(rig: Rig, code: int, sig: signal.Signals, strict: bool) -> None:
    """Exit 0 having logged the signal (or, before the handlers exist, died of it); no
    traceback from a thread or a half-closed loop; the database intact and closed."""
    logged = rig.log.read_text(errors="replace")
    if strict or code == 0:
        assert code == 0, logged[-3000:]
        assert f"{sig.name} received: stopping" in logged
        assert "Traceback" not in logged, logged[-3000:]
    else:
        # Python's own handling, before `run` installs its handlers: nothing is open yet.
        assert code in (-sig, 130), logged[-3000:]
        assert "Exception in thread" not in logged, logged[-3000:]
    assert_intact(rig.db)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
async def test_a_signal_during_start_up_stops_the_bot(
    rig: Rig, moment: tuple[Moment, bool], sig: signal.Signals
) -> None:
    wait, strict = moment
    code = await stop_at(rig, wait, sig)
    assert_stopped_cleanly(rig, code, sig, strict)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_a_signal_while_the_database_is_locked_stops_the_bot(
    rig: Rig, sig: signal.Signals
) -> None:
    """Opening the database waits for another writer; a signal then still ends the bot."""
    with sqlite3.connect(rig.db, isolation_level=None) as holder:
        holder.execute("CREATE TABLE other (x)")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO other VALUES (1)")

        async def locked(rig: Rig, process: asyncio.subprocess.Process) -> None:
            await database_open(rig, process)
            await asyncio.sleep(0.2)  # well into its wait for the lock

        code = await stop_at(rig, locked, sig, then=lambda: holder.execute("COMMIT"))
    holder.close()
    assert_stopped_cleanly(rig, code, sig, strict=True)
