"""A burst of 300 commands from 3 users on Matrix (real Synapse) and Discord (loopback fake).

`campaign-bot run` serves both platforms from its own process. On each platform in turn,
3 users each send 100 commands (`!facts <topic>`, `!facts search <words>`, `!iom`, mixed and
interleaved) as fast as their clients can: each user sends its next command as soon as the
previous send returned, the three at once. Reported per platform: how many were answered,
time from the first send to the last answer, answer latency (send to the asker seeing the
reply) p50/p95/max, and replies that answered the wrong message (the reply's first line is
not the one its command gives) or one not asked. The bot's rate limits are ON but set high
enough for the burst ([limits] person = 1000, room = 1000 per 10 s); Synapse's own rate
limits are lifted as in tests/matrix. Writes JSON and prints a table.

    python bench/burst.py [--per-user 100] [--out bench/results/burst.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nio import MatrixRoom, RoomMessageNotice

from tests.discord_fake.fixtures import GUILD_ROLES, TOKEN
from tests.discord_fake.server import FakeDiscord
from tests.matrix.clients import ChatUser, replied_to
from tests.matrix.homeserver import Homeserver

USERS = 3
LIMITS = {"person": 1000, "room": 1000, "window_seconds": 10, "cooldown_seconds": 60}
TOPICS = ["varrp", "iom", "iraq", "waiver", "funding", "destitution", "detention", "iau",
          "ideology", "home-office", "no-borders"]  # fmt: skip
SEARCHES = ["waiver", "money", "nauru", "coercion", "voluntary", "home office",
            "reintegration", "iraq"]  # fmt: skip
MIX = [f"!facts {t}" for t in TOPICS] + [f"!facts search {w}" for w in SEARCHES] + ["!iom"] * 3
WAIT_FOR_ANSWERS = 600.0


def commands(user: int, count: int) -> list[str]:
    """User ``user``'s commands: the mix walked with a different stride per user."""
    return [MIX[(n * 7 + user * 5) % len(MIX)] for n in range(count)]


def expected_first_line(command: str) -> re.Pattern[str]:
    """What the first line of the right answer to ``command`` looks like."""
    if command == "!iom":
        return re.compile(r"^The International Organisation for Migration \(IOM\)$")
    if command.startswith("!facts search "):
        words = re.escape(command.removeprefix("!facts search "))
        return re.compile(rf"^Best matches for '{words}'")
    topic = re.escape(command.removeprefix("!facts "))
    return re.compile(rf"\({topic}\): \d+ facts?\b")


def first_line(text: str) -> str:
    """The first non-empty line, Markdown emphasis and escapes removed."""
    for line in text.splitlines():
        line = re.sub(r"\\(.)", r"\1", line).replace("**", "").strip()
        if line:
            return line
    return ""


def summary(latencies: list[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds."""
    ms = sorted(x * 1000 for x in latencies)
    if not ms:
        return {}
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 1),
        "max_ms": round(ms[-1], 1),
    }


class Tally:
    """Sent commands and the answers seen to them, keyed by message id."""

    def __init__(self) -> None:
        self.sent: dict[str, tuple[str, float]] = {}
        self.all_sent = 0.0
        self.answers: dict[str, list[tuple[str, float]]] = {}
        self.strays = 0

    def answer(self, target: str | None, text: str, at: float) -> None:
        """A reply to ``target`` seen at ``at``."""
        if target is None:
            self.strays += 1
        else:
            self.answers.setdefault(target, []).append((text, at))

    def answered(self) -> int:
        """How many sent commands have an answer."""
        return sum(1 for message_id in self.sent if self.answers.get(message_id))

    def figures(self, started: float) -> dict[str, Any]:
        """Answered count, time to last answer, latency and wrong answers."""
        latencies, wrong, last = [], [], started
        for message_id, (command, sent_at) in self.sent.items():
            replies = self.answers.get(message_id)
            if not replies:
                continue
            text, at = replies[0]
            latencies.append(at - sent_at)
            last = max(last, at)
            if not expected_first_line(command).search(first_line(text)):
                wrong.append({"command": command, "first_line": first_line(text)[:120]})
        unasked = [t for t in self.answers if t not in self.sent]
        return {
            "sent": len(self.sent),
            "answered": self.answered(),
            "time_to_last_send_s": round(self.all_sent - started, 3),
            "time_to_last_answer_s": round(last - started, 3),
            "latency": summary(latencies),
            "answers_to_the_wrong_message": len(wrong),
            "wrong_examples": wrong[:5],
            "replies_to_messages_not_sent_in_the_burst": len(unasked) + self.strays,
            "most_replies_to_one_command": max((len(r) for r in self.answers.values()), default=0),
        }


async def matrix_burst(people: list[ChatUser], room: str, per_user: int) -> dict[str, Any]:
    """The burst over Synapse; latency is to the asker's own sync delivering the reply."""
    tally = Tally()
    asker: dict[str, str] = {}
    seen: dict[str, list[tuple[str | None, str, float]]] = {p.user_id: [] for p in people}

    def watcher(person: ChatUser) -> Any:
        async def record(room_: MatrixRoom, event: RoomMessageNotice) -> None:
            seen[person.user_id].append((replied_to(event), event.body, time.monotonic()))

        return record

    for person in people:
        person.client.add_event_callback(watcher(person), RoomMessageNotice)

    async def send_all(user: int, person: ChatUser) -> None:
        for command in commands(user, per_user):
            at = time.monotonic()
            event_id = await person.say(room, command)
            asker[event_id] = person.user_id
            tally.sent[event_id] = (command, at)

    def collect() -> None:
        tally.answers.clear()
        tally.strays = 0
        for user_id, notices in seen.items():
            for target, body, at in notices:
                if target in tally.sent and asker[target] != user_id:
                    continue  # the same reply as seen by another user
                if target not in tally.sent and user_id != people[0].user_id:
                    continue  # count a stray once
                tally.answer(target, body, at)

    started = time.monotonic()
    await asyncio.gather(*(send_all(n, p) for n, p in enumerate(people)))
    tally.all_sent = time.monotonic()
    deadline = time.monotonic() + WAIT_FOR_ANSWERS
    while time.monotonic() < deadline:
        collect()
        if tally.answered() >= len(tally.sent):
            break
        await asyncio.sleep(0.05)
    return tally.figures(started)


async def discord_burst(fake: FakeDiscord, per_user: int) -> dict[str, Any]:
    """The burst over the fake; latency is from dispatching the message to the bot's POST."""
    tally = Tally()
    users = [fake.user(f"user{n}") for n in range(USERS)]
    before = len(fake.posts)

    async def send_all(user: int) -> None:
        for command in commands(user, per_user):
            at = time.monotonic()
            message_id = await fake.say(fake.home, users[user], command)
            tally.sent[message_id] = (command, at)

    started = time.monotonic()
    await asyncio.gather(*(send_all(n) for n in range(USERS)))
    tally.all_sent = time.monotonic()
    deadline = time.monotonic() + WAIT_FOR_ANSWERS
    counted = before
    while time.monotonic() < deadline:
        for post in fake.posts[counted:]:
            target = (post.body.get("message_reference") or {}).get("message_id")
            tally.answer(str(target) if target else None, post.text, post.at)
        counted = len(fake.posts)
        if tally.answered() >= len(tally.sent):
            break
        await asyncio.sleep(0.01)
    return tally.figures(started)


def write_config(base: Path, fake: FakeDiscord, synapse: str, bot_id: str, inviter: str) -> Path:
    """Both platforms, the burst-sized rate limits."""
    config = base / "config.toml"
    limits = "".join(f"{key} = {value}\n" for key, value in LIMITS.items())
    config.write_text(
        f'[bot]\ndatabase = "{base / "bot.db"}"\nlog_level = "INFO"\n'
        f"[limits]\n{limits}"
        f'[discord]\nguilds = ["{fake.home["id"]}"]\n'
        f'api_base_url = "{fake.api_base_url}"\ngateway_url = "{fake.gateway_url}"\n'
        f'[matrix]\nhomeserver = "{synapse}"\nuser_id = "{bot_id}"\n'
        f'store = "{base / "matrix"}"\nallow_inviters = ["{inviter}"]\n',
        "utf-8",
    )
    return config


def launch(config: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`campaign-bot run` in its own process, logging to ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip


async def until(check: Any, what: str, bound: float = 120) -> None:
    """Poll ``check`` until true."""
    deadline = time.monotonic() + bound
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def measure(base: Path, per_user: int) -> dict[str, Any]:
    """Start Synapse, the fake and the bot; run the Matrix burst, then the Discord one."""
    fake = FakeDiscord()
    fake.home = fake.add_guild("Campaign", GUILD_ROLES)
    await fake.start()
    server = Homeserver(base / "synapse")
    await server.astart()
    people: list[ChatUser] = []
    bot: subprocess.Popen[bytes] | None = None
    try:
        account = await server.register("bot")
        for n in range(USERS):
            person = ChatUser(server.url, await server.register(f"user{n}"), base / f"user{n}")
            await person.start()
            people.append(person)
        config = write_config(base, fake, server.url, account.user_id, people[0].user_id)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPAIGN_BOT_")}
        env |= {"CAMPAIGN_BOT_DISCORD_TOKEN": TOKEN, "CAMPAIGN_BOT_MATRIX_TOKEN": account.token,
                "CAMPAIGN_BOT_MATRIX_DEVICE_ID": account.device_id}  # fmt: skip
        log = base / "bot.log"
        bot = launch(config, env, log)
        await until(lambda: "matrix: listening in" in log.read_text(), "the bot's first sync")
        room = await people[0].create_room([account.user_id, *(p.user_id for p in people[1:])])
        for person in people[1:]:
            await person.join(room)
        await people[0].wait_member(room, account.user_id, "join")
        for person in people:  # warm-up: one answered command each
            await person.ask(room, "!iom")
        await until(lambda: fake.gateway.connected.is_set(), "the bot on Discord")
        warm = await fake.say(fake.home, fake.user("warm"), "!iom")
        await until(
            lambda: any(
                str((p.body.get("message_reference") or {}).get("message_id")) == warm
                for p in fake.posts
            ),
            "a Discord answer",
        )
        load_before = os.getloadavg()
        assert server.process is not None
        pids = {"bot": bot.pid, "synapse": server.process.pid, "bench": os.getpid()}
        results: dict[str, Any] = {}
        for name in ("matrix", "discord"):
            cpu = {who: cpu_seconds(pid) for who, pid in pids.items()}
            if name == "matrix":
                results[name] = await matrix_burst(people, room, per_user)
            else:
                results[name] = await discord_burst(fake, per_user)
            results[name]["cpu_s"] = {
                who: round(cpu_seconds(pid) - cpu[who], 2) for who, pid in pids.items()
            }
        results["load_average_1_5_15"] = {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        }
        results["bot_log_errors"] = [
            line for line in log.read_text().splitlines() if " ERROR " in line
        ][:5]
        return results
    finally:
        if bot is not None and bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
            await asyncio.to_thread(bot.wait, 30)
        for person in people:
            await person.close()
        await server.astop()
        await fake.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_model() -> str:
    """The CPU's model name, if /proc/cpuinfo says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    """Run, write JSON, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-user", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("bench/results/burst.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(Path(folder), args.per_user))
    report = {
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{cpu_model()}",
        "burst": f"{USERS} users x {args.per_user} commands, interleaved, mixed: {MIX}",
        "bot_rate_limits": LIMITS,
        "synapse_rate_limits": "lifted (tests/matrix/homeserver.py RATE_LIMITS)",
        **figures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"{'platform':<9} {'answered':>9} {'sent s':>7} {'last s':>7} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'max ms':>8} {'wrong':>6}  CPU s")  # fmt: skip
    for name in ("matrix", "discord"):
        row = figures[name]
        lat = row["latency"]
        print(
            f"{name:<9} {row['answered']:>4}/{row['sent']:<4} {row['time_to_last_send_s']:>7}"
            f" {row['time_to_last_answer_s']:>7}"
            f" {lat.get('p50_ms', '-'):>8} {lat.get('p95_ms', '-'):>8} {lat.get('max_ms', '-'):>8}"
            f" {row['answers_to_the_wrong_message']:>6}  {row['cpu_s']}"
        )
    print(f"load average before/after: {figures['load_average_1_5_15']}")


if __name__ == "__main__":
    main()
