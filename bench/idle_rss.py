"""`campaign-bot run` with Discord (loopback fake) and Matrix (throwaway Synapse) at once.

Measures launch to first answer on each platform (a question is sent every 50 ms until
one is answered, so the figure includes up to 50 ms of polling) and the idle RSS of the bot
process ~10 s after both answered. The bot is launched once first to join the Matrix room
(a configured bot restarting), then launched again and measured. The message catalogs are
compiled first, as an installed package ships them (an editable checkout without the .mo
files parses each .po at start-up instead). Writes JSON.

    python bench/idle_rss.py [--idle 10] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.discord_fake.fixtures import GUILD_ROLES, TOKEN
from tests.discord_fake.server import FakeDiscord
from tests.matrix.clients import ChatUser
from tests.matrix.homeserver import Homeserver


def vm(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM and the RSS's parts (private memory, mapped files) of ``pid`` in KiB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM", "RssAnon", "RssFile"}:
            out[name] = int(value.split()[0])
    return out


def write_config(base: Path, fake: FakeDiscord, synapse: str, bot_id: str, user_id: str) -> Path:
    """Both platforms in one config."""
    config = base / "config.toml"
    config.write_text(
        f'[bot]\ndatabase = "{base / "bot.db"}"\nlog_level = "INFO"\n'
        f'[discord]\nguilds = ["{fake.home["id"]}"]\n'
        f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
        f'[matrix]\nhomeserver = "{synapse}"\nuser_id = "{bot_id}"\n'
        f'store = "{base / "matrix"}"\nallow_inviters = ["{user_id}"]\n',
        "utf-8",
    )
    return config


async def first_answer(
    ask: Callable[[], Awaitable[str | None]], answered: Callable[[str], bool]
) -> float:
    """Ask every 50 ms until one question is answered; returns monotonic time of the answer."""
    asked: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(answered(question) for question in asked):
            return time.monotonic()
        question = await ask() if len(asked) < 400 else None
        if question is not None:
            asked.append(question)
        await asyncio.sleep(0.05)
    raise TimeoutError("no answer")


def timeline(log: str, launched: float) -> list[str]:
    """The bot's INFO lines, each with the seconds since launch (from its timestamp)."""
    started = time.time() - (time.monotonic() - launched)
    lines = []
    for line in log.splitlines():
        try:
            stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        except ValueError:
            continue
        lines.append(f"{stamp - started:6.3f} {line[24:][:110]}")
    return lines


def launch(config: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`campaign-bot run` with the secrets in its environment."""
    # As installed, the bot's bytecode is cached: the first launch (the join) writes it.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAMPAIGN_BOT_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    with log.open("ab") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config)],
            stdout=errors, stderr=subprocess.STDOUT, env={**clean, **env},
        )  # fmt: skip


async def measure(base: Path, idle: float) -> dict[str, Any]:
    """Start both servers, launch the bot twice, measure the second launch."""
    fake = FakeDiscord()
    fake.home = fake.add_guild("Campaign", GUILD_ROLES)
    await fake.start()
    server = Homeserver(base / "synapse")
    await server.astart()
    person = None
    try:
        bot_account = await server.register("bot")
        person = ChatUser(server.url, await server.register("user"), base / "user")
        await person.start()
        room = await person.create_room([bot_account.user_id])
        config = write_config(base, fake, server.url, bot_account.user_id, person.user_id)
        env = {
            "CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN,
            "CAMPAIGN_BOT_MATRIX_TOKEN": bot_account.token,
            "CAMPAIGN_BOT_MATRIX_DEVICE_ID": bot_account.device_id,
        }
        alice = fake.user("alice")

        def discord_answered(message_id: str) -> bool:
            return any(
                str((p.body.get("message_reference") or {}).get("message_id")) == message_id
                for p in fake.posts
            )

        async def ask_discord() -> str | None:
            if not fake.gateway.connected.is_set():
                return None  # nobody to type to yet: the fake has no session open
            return await fake.say(fake.home, alice, "!facts varrp")

        async def ask_matrix() -> str | None:
            return await person.say(room, "!facts varrp")

        def matrix_answered(event_id: str) -> bool:
            return bool(person.replies_to(event_id))

        figures: dict[str, Any] = {}
        for run in ("join", "measured"):
            launched = time.monotonic()
            bot = launch(config, env, base / f"{run}.log")
            try:
                done = await asyncio.gather(
                    first_answer(ask_discord, discord_answered),
                    first_answer(ask_matrix, matrix_answered),
                )
                figures[run] = {
                    "launch_to_first_answer_s": {
                        "discord": round(done[0] - launched, 3),
                        "matrix": round(done[1] - launched, 3),
                        "both": round(max(done) - launched, 3),
                    },
                    "rss_at_first_answers_kib": vm(bot.pid),
                }
                if run == "measured":
                    await asyncio.sleep(idle)
                    figures[run][f"rss_after_{idle:g}s_idle_kib"] = vm(bot.pid)
                    figures[run]["log"] = timeline((base / f"{run}.log").read_text(), launched)
            finally:
                bot.send_signal(signal.SIGINT)
                await asyncio.to_thread(bot.wait, 30)
        return figures
    finally:
        if person is not None:
            await person.close()
        await server.astop()
        await fake.stop()


@contextmanager
def compiled_catalogs() -> Iterator[None]:
    """The .mo beside each .po while the block runs, as installed; the checkout left as found."""
    from bot.i18n.catalogs import LOCALE_FOLDER
    from bot.i18n.maintain import compile_catalogs

    there = set(LOCALE_FOLDER.glob("*/LC_MESSAGES/*.mo"))
    written = compile_catalogs()
    try:
        yield
    finally:
        for path in set(written) - there:
            path.unlink(missing_ok=True)


def main() -> None:
    """Run, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/idle_rss.json"))
    args = parser.parse_args()
    with compiled_catalogs(), tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(Path(folder), args.idle))
    report = {
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "method": "second launch of `campaign-bot run` with Discord (loopback fake) and Matrix"
        " (local Synapse); a question every 50 ms until answered; RSS from /proc/PID/status;"
        " catalogs compiled as installed",
        **figures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    measured = figures["measured"]
    start = measured["launch_to_first_answer_s"]
    idle = measured[f"rss_after_{args.idle:g}s_idle_kib"]
    idle_rss = idle["VmRSS"] / 1024
    print(f"{'launch to first answer, Discord':<36} {start['discord']:>8} s")
    print(f"{'launch to first answer, Matrix':<36} {start['matrix']:>8} s")
    print(f"{'launch to first answer, both':<36} {start['both']:>8} s   goal <= 1.0 s")
    print(
        f"{'idle RSS after ' + format(args.idle, 'g') + ' s':<36} {idle_rss:>8.1f} MiB goal <= 60"
        f" (private {idle['RssAnon'] / 1024:.1f}, mapped files {idle['RssFile'] / 1024:.1f})"
    )


if __name__ == "__main__":
    main()
