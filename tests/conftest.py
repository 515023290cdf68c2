"""Shared fixtures: a whole bot on a real SQLite file, driven through a recording adapter."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.adapters.recording import RecordingAdapter, person
from bot.app import App
from bot.config import Settings
from bot.core.model import Role
from tests.processes import children, outliving


@pytest.fixture(scope="session", autouse=True)
def no_config_of_this_machine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands the tests start read an empty config, not a ./config.toml or one in the
    environment of whoever runs the suite (a test about finding the config sets its own)."""
    empty = tmp_path_factory.mktemp("config") / "empty.toml"
    empty.write_text("", "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMPAIGN_BOT_CONFIG", str(empty))
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no test fails loudly instead of passing silently."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def no_process_outlives_its_test() -> Iterator[None]:
    """Every process a test starts is gone when it ends; one left running fails it (killed)."""
    before = children()
    yield
    left = outliving(before)
    assert not left, f"still running after the test (now killed): {left}"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file path."""
    return tmp_path / "bot.db"


@pytest.fixture
async def app(db_path: Path) -> AsyncIterator[App]:
    """The bot on a new, seeded database file."""
    bot = await App.open(Settings(), db_path)
    yield bot
    await bot.close()


@pytest.fixture
async def chat(app: App) -> AsyncIterator[RecordingAdapter]:
    """A recording adapter connected to the running bot."""
    recorder = RecordingAdapter()
    running = asyncio.create_task(app.run([recorder]))
    yield recorder
    await recorder.stop()
    await running


class Asker:
    """Sends one command and returns the single reply's plain text."""

    def __init__(self, chat: RecordingAdapter) -> None:
        self.chat = chat

    async def __call__(self, text: str, role: Role = Role.MEMBER) -> str:
        sent = await self.chat.push(text, author=person(role))
        assert len(sent) == 1, f"expected one reply to {text!r}, got {len(sent)}"
        return sent[0].text


@pytest.fixture
def ask(chat: RecordingAdapter) -> Asker:
    """``await ask("!facts varrp")`` returns the reply text."""
    return Asker(chat)


pytest_plugins = ["tests.discord_fake.fixtures"]
