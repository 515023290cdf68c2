"""The fenced examples of README.md, each with the test marker written just before it.

A ```sh block is a shell example and a bare ``` block a chat example, unless the line
before it is one of these HTML comments (invisible on GitHub):

    <!-- test: set-up, <how the suite proves it> -->   the two install commands
    <!-- test: not run, <why> -->                     needs a platform, a network or Docker
    <!-- test: chat at 2026-03-20T12:00 -->           a chat example on a clock set to that
                                                      time in the group's zone
    <!-- test: posts at 2026-03-21T12:00 -->          what the bot posts at that time, after
                                                      the chat example before it
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
MARKER = re.compile(r"^\s*<!-- test: (set-up|not run|chat at|posts at)[ ,]+(.+?) -->\s*$")
HEADING = re.compile(r"^#+ (.+)$")
PROMPT = "> "


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, its text and its marker."""

    line: int
    language: str
    text: str
    marker: str
    detail: str
    section: str

    @property
    def kind(self) -> str:
        """shell, chat, config, set-up, not run or posts."""
        if self.marker in {"set-up", "not run", "posts at"}:
            return self.marker.removesuffix(" at")
        return {"sh": "shell", "toml": "config"}.get(self.language, "chat")

    @property
    def at(self) -> datetime | None:
        """The wall-clock time of a 'chat at' or 'posts at' marker."""
        return datetime.fromisoformat(self.detail) if self.marker.endswith(" at") else None

    @property
    def name(self) -> str:
        """How a test names it: the section and the line of its opening fence."""
        return f"{self.section} (README line {self.line})"

    def commands(self) -> list[str]:
        """Shell: each command, continuation lines joined. Chat: each line typed."""
        if self.language == "sh":
            return shell_commands(self.text)
        if any(line.startswith(PROMPT) for line in self.text.splitlines()):
            return [turn[0] for turn in self.turns()]
        return [line for line in self.text.splitlines() if line.strip()]

    def turns(self) -> list[tuple[str, str]]:
        """A transcript as (command, answer shown) pairs ([] for a block of commands only)."""
        if not any(line.startswith(PROMPT) for line in self.text.splitlines()):
            return []
        turns: list[tuple[str, list[str]]] = []
        for line in self.text.splitlines():
            if line.startswith(PROMPT):
                turns.append((line[len(PROMPT) :], []))
            elif turns:
                turns[-1][1].append(line)
            elif line.strip():
                raise ValueError(f"{self.name}: text before the first '> ' line: {line!r}")
        return [(command, "\n".join(answer).strip("\n")) for command, answer in turns]


def shell_commands(text: str) -> list[str]:
    """Each command of a shell script: continued lines and quotes over lines kept together."""
    commands: list[str] = []
    pending = ""
    for line in re.sub(r"\\\n\s*", "", text).splitlines():
        pending = f"{pending}\n{line}" if pending else line
        try:
            shlex.split(pending)
        except ValueError:  # a quote still open: the command goes on
            continue
        if pending.strip():
            commands.append(pending)
        pending = ""
    if pending:
        raise ValueError(f"unclosed quote in: {pending!r}")
    return commands


def read_blocks(path: Path = README) -> list[Block]:
    """Every fenced block of the README, in order."""
    lines = path.read_text("utf-8").splitlines()
    blocks: list[Block] = []
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if heading := HEADING.match(line):
            section = heading.group(1)
        opening = FENCE.match(line)
        if opening is None:
            index += 1
            continue
        indent, language = opening.groups()
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        body = [text.removeprefix(indent) for text in lines[index + 1 : end]]
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        marker = MARKER.match(before)
        blocks.append(
            Block(
                line=index + 1,
                language=language,
                text="\n".join(body),
                marker=marker.group(1) if marker else "",
                detail=marker.group(2) if marker else "",
                section=section,
            )
        )
        index = end + 1
    return blocks
