"""Every example in README.md runs: chat examples through the console, shell ones in a checkout.

Chat examples are typed into the console adapter of a bot on a fresh database; the answers
they show must be exactly what it prints, and examples that show only commands must draw
no error. Shell examples run command by command in a copy of the repository whose `.venv`
is the one these tests run from, on a fresh data directory, and each must exit 0. The
marker comments are described in tests/readme_blocks.py.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.cli import build_parser
from bot.config import Settings
from bot.core.clock import ManualClock
from bot.core.model import Incoming, Person, Reply, Role
from tests.readme_blocks import README, Block, read_blocks

REPO = README.parent
VENV_BIN = Path(sys.prefix) / "bin"
SETTINGS = Settings()
ZONE = ZoneInfo(SETTINGS.timezone)
READER = Person.given("console:reader", "reader", Role.ADMIN, "the README tests")
BLOCKS = read_blocks()
FIRST_SET_UP = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/campaign-bot console"
SECOND_SET_UP = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
)


def scenes() -> list[list[Block]]:
    """Each chat example with the 'posts at' examples that follow it."""
    found: list[list[Block]] = []
    for block in BLOCKS:
        if block.kind == "chat":
            found.append([block])
        elif block.kind == "posts":
            assert found, f"{block.name}: 'posts at' needs a chat example before it"
            found[-1].append(block)
    return found


def shell_blocks() -> list[Block]:
    """The shell examples that run as they stand."""
    return [block for block in BLOCKS if block.kind == "shell"]


class Conversation:
    """A bot on a fresh database, typed to through the console adapter."""

    def __init__(self, app: App, out_dir: Path) -> None:
        self.app = app
        self.out = io.StringIO()
        self.out_dir = out_dir

    async def type(self, lines: list[str]) -> list[tuple[str, Reply | None, str]]:
        """Feed ``lines`` to the console; each line with its reply and what was printed."""
        self.console = ConsoleAdapter(
            READER, io.StringIO("".join(f"{line}\n" for line in lines)), self.out, self.out_dir
        )
        self.app.exempt_local([self.console])  # as app.run does for the adapters it serves
        answers: list[tuple[str, Reply | None, str]] = []

        async def on_message(incoming: Incoming) -> None:
            start = len(self.out.getvalue())
            reply = await self.app.answer(incoming)
            if reply is not None:
                await self.console.send(incoming.place, reply, reply_to=incoming)
            answers.append((incoming.text, reply, self.out.getvalue()[start:]))

        await self.console.start(on_message)
        return answers

    async def posts_at(self, clock: ManualClock, local: datetime) -> str:
        """What the console prints at ``local`` (the group's wall clock), after what came due
        before it was posted on time."""
        engine, target = self.app.engine, local.replace(tzinfo=ZONE)
        engine.attach(self.console)
        for _ in range(100):
            wake = await engine.next_wake()
            if wake is None or not clock.now() < wake < target:
                break
            clock.set(wake)
            await engine.run_due()
        start = len(self.out.getvalue())
        clock.set(target)
        await engine.run_due()
        return self.out.getvalue()[start:]


@pytest.mark.parametrize("scene", scenes(), ids=lambda scene: scene[0].name)
async def test_chat_examples_answer_as_shown(scene: list[Block], tmp_path: Path) -> None:
    chat = scene[0]
    clock = ManualClock(chat.at.replace(tzinfo=ZONE)) if chat.at else None
    app = await App.open(SETTINGS, tmp_path / "readme.db", clock=clock, wake=False)
    try:
        talk = Conversation(app, tmp_path)
        commands = chat.commands()
        shown = [answer for _, answer in chat.turns()] or [""] * len(commands)
        answers = await talk.type(commands)
        assert [text for text, _, _ in answers] == commands
        for (text, reply, printed), expected in zip(answers, shown, strict=True):
            assert reply is not None, f"{chat.name}: {text!r} is not a command"
            if expected:
                assert printed == expected + "\n\n", f"{chat.name}: {text!r}"
            else:
                assert not reply.error, f"{chat.name}: {text!r} answered {printed!r}"
        for posts in scene[1:]:
            assert clock is not None, f"{posts.name}: the chat before it needs a 'chat at' time"
            assert posts.at is not None
            assert await talk.posts_at(clock, posts.at) == posts.text + "\n\n", posts.name
    finally:
        await app.close()


def checkout(tmp_path: Path) -> Path:
    """A copy of the repository's files with `.venv` the environment these tests run in."""
    root = tmp_path / "campaign-bot"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.decode().split("\0")):
            if (REPO / name).is_file():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, root / name)
    else:  # not a git checkout (an unpacked archive): its files as they are
        skip = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "*.db", "results")
        shutil.copytree(REPO, root, ignore=skip)
    (root / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return root


def shell_environment(tmp_path: Path) -> dict[str, str]:
    """A newcomer's environment: no campaign-bot variables, a fresh home and data folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAMPAIGN_BOT")}
    for name in ("home", "data"):
        (tmp_path / name).mkdir()
    env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.parametrize("block", shell_blocks(), ids=lambda block: block.name)
def test_shell_examples_run_as_they_stand(block: Block, tmp_path: Path) -> None:
    root = checkout(tmp_path)
    env = shell_environment(tmp_path)
    for command in block.commands():
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{block.name}: {command}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr


def test_the_first_set_up_command_opens_the_console_the_suite_runs(tmp_path: Path) -> None:
    first, _ = [block for block in BLOCKS if block.kind == "set-up"]
    assert first.text == FIRST_SET_UP
    iom = next(dict(scene[0].turns())["!iom"] for scene in scenes() if "!iom" in scene[0].text)
    done = subprocess.run(
        [str(VENV_BIN / "campaign-bot"), "console"],
        input="!iom\nquit\n",
        cwd=tmp_path,
        env=shell_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == iom + "\n\n"


def test_the_second_set_up_command_is_what_ci_runs() -> None:
    _, second = [block for block in BLOCKS if block.kind == "set-up"]
    assert second.text == SECOND_SET_UP
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    ci = re.sub(r" (--quiet|-q)\b", "", ci)
    positions = [ci.find(command) for command in second.text.split(" && ")]
    assert -1 not in positions and positions == sorted(positions), positions


@pytest.mark.parametrize(
    "block", [block for block in BLOCKS if block.kind == "config"], ids=lambda block: block.name
)
def test_config_examples_pass_check_config(block: Block, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(block.text, "utf-8")
    done = subprocess.run(
        [str(VENV_BIN / "campaign-bot"), "check-config", str(config), "--offline"],
        cwd=tmp_path,
        env=shell_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"{block.name}\n{done.stdout}\n{done.stderr}"
    assert ": OK:" in done.stdout and "Note:" not in done.stdout, done.stdout


def test_every_block_is_run_or_says_why_not() -> None:
    for block in BLOCKS:
        assert block.language in {"sh", "toml", ""}, f"{block.name}: unknown language"
        if block.kind in {"not run", "set-up"}:
            assert len(block.detail) > 10, f"{block.name}: say why it is not run"
    kinds = {block.kind for block in BLOCKS}
    assert {"shell", "chat", "posts", "not run", "set-up"} <= kinds


def programs(command: str) -> list[list[str]]:
    """Each program of a shell command with its arguments, leading VAR=value dropped."""
    found = []
    for part in re.split(r"\|\||&&|\|", command):
        words = shlex.split(part)
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words.pop(0)
        found.append(words)
    return found


def test_every_campaign_bot_command_shown_is_accepted_and_named_alike() -> None:
    seen = 0
    for block in BLOCKS:
        if block.language != "sh":
            continue
        for command in block.commands():
            if "campaign-bot" not in command or command.startswith(("curl", "docker")):
                continue
            for words in programs(command):
                assert words[0] != "campaign-bot", f"{block.name}: not on the PATH: {command}"
                if words[0] != ".venv/bin/campaign-bot":
                    continue
                seen += 1
                try:
                    build_parser().parse_args(words[1:])
                except SystemExit:
                    pytest.fail(f"{block.name}: {command}")
    assert seen >= 10


def test_every_file_of_the_repository_named_in_an_example_exists() -> None:
    named = {
        path
        for block in BLOCKS
        for path in re.findall(r"\b(?:bot|bench|scripts|tests)/[\w./-]+\.\w+", block.text)
    }
    assert named, "no repository file is named: the check proves nothing"
    assert [path for path in sorted(named) if not (REPO / path).is_file()] == []
