"""The bot as a separate process: `python -m bot run --config FILE`, as people run it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.processes import bot_command, popen

READY = "matrix: listening in"


def write_config(
    directory: Path,
    homeserver: str,
    user_id: str,
    inviters: list[str],
    *,
    tail: str = "",
    **extra: object,
) -> Path:
    """A config file for a bot keeping its database and Matrix store in ``directory``.

    ``extra`` adds [matrix] settings; ``tail`` is more TOML (sections) at the end.
    """
    lines = [
        "[bot]",
        f'database = "{directory / "bot.db"}"',
        'log_level = "INFO"',
        "[limits]",  # these tests send bursts on purpose (limits: tests/test_limits.py)
        "person = 0",
        "room = 0",
        "[matrix]",
        f'homeserver = "{homeserver}"',
        f'user_id = "{user_id}"',
        f'store = "{directory / "matrix"}"',
        "allow_inviters = [" + ", ".join(f'"{i}"' for i in inviters) + "]",
        *(f"{key} = {value}" for key, value in extra.items()),
    ]
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "config.toml"
    path.write_text("\n".join(lines) + "\n" + tail)
    return path


class BotProcess:
    """Starts, kills and restarts the bot process; each start logs to its own file."""

    def __init__(self, config: Path, env: dict[str, str]) -> None:
        self.config = config
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log = config.parent / "run-0.log"

    def start(self, env: dict[str, str] | None = None) -> None:
        """Start the bot (``env`` replaces the secrets given at construction)."""
        self.starts += 1
        self.log = self.config.parent / f"run-{self.starts}.log"
        secrets = self.env if env is None else env
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CAMPAIGN_BOT_")}
        with self.log.open("wb") as log:
            self.process = popen(
                bot_command("run", "--config", str(self.config)),
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**clean, **secrets},
            )

    def output(self) -> str:
        """What the current run has logged so far."""
        return self.log.read_text(errors="replace")

    async def ready(self, wait: float = 60) -> None:
        """Wait until the bot has done its first sync and listens."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if READY in self.output():
                return
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"the bot exited:\n{self.output()}")
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot never listened:\n{self.output()}")

    async def exited(self, wait: float = 60) -> int:
        """Wait for the process to end by itself; returns its exit code."""
        assert self.process is not None
        deadline = time.monotonic() + wait
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not exit:\n{self.output()}")
            await asyncio.sleep(0.05)
        return self.process.returncode

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the running bot."""
        assert self.process is not None
        self.process.send_signal(sig)

    def kill(self) -> None:
        """SIGKILL the bot and reap it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
