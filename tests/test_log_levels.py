"""The chatty libraries are quiet unless the bot logs at DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.cli.logs import CHATTY, setup_logging


@pytest.fixture
def restored() -> Iterator[None]:
    """Put the loggers' levels back after the test."""
    saved = {name: logging.getLogger(name).level for name in ("", *CHATTY)}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("level", ["INFO", "warning", "ERROR"])
def test_nio_and_apscheduler_say_only_warnings(level: str, restored: None) -> None:
    setup_logging(level)
    for name in ("nio.rooms", "nio.crypto.log", "apscheduler.scheduler", "apscheduler.executors"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
        assert logging.getLogger(name).getEffectiveLevel() >= logging.getLevelName(level.upper())


def test_at_debug_they_say_everything(restored: None) -> None:
    setup_logging("INFO")
    setup_logging("DEBUG")
    logging.getLogger().setLevel(logging.DEBUG)  # pytest's handlers keep basicConfig from it
    for name in ("nio.rooms", "apscheduler.scheduler"):
        assert logging.getLogger(name).isEnabledFor(logging.DEBUG), name
