"""The terminal adapter: one command per line from stdin, replies on stdout."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.core.model import Attachment, Incoming, Person, Place, Reply
from bot.core.ports import MessageHandler
from bot.render.text import to_plain

CONSOLE_PLACE = Place("console", "console", "terminal")
QUIT_WORDS = frozenset({"quit", "exit"})


class ConsoleAdapter:
    """Reads commands from a terminal or a pipe and prints the answers."""

    platform = "console"
    trusted_local = True

    def __init__(
        self,
        person: Person,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        out_dir: Path | None = None,
    ):
        self.person = person
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.out_dir = out_dir or Path.cwd()
        self.interactive = self.stdin.isatty()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._count = 0

    async def start(self, on_message: MessageHandler) -> None:
        """Answer each line until the input ends."""
        loop = asyncio.get_running_loop()
        reader = threading.Thread(target=self._read_lines, args=(loop,), daemon=True)
        reader.start()
        if self.interactive:
            self._write(
                f"campaign-bot console as {self.person.role.label}: "
                "try !iom or !help. quit, exit or Ctrl-D ends it.\n"
            )
        while True:
            self._prompt()
            line = await self._lines.get()
            if line is None:
                if self.interactive:
                    self._write("\n")  # Ctrl-D: the shell prompt starts on a line of its own
                return
            text = line.rstrip("\r\n")
            if text.strip().lower() in QUIT_WORDS:
                return
            if not text.strip():
                continue
            self._count += 1
            incoming = Incoming(text, self.person, CONSOLE_PLACE, id=str(self._count), direct=True)
            await on_message(incoming)

    def _read_lines(self, loop: asyncio.AbstractEventLoop) -> None:
        """Feed stdin lines to the event loop from a daemon thread (so Ctrl-C never hangs)."""
        try:
            for line in self.stdin:
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
        except (OSError, ValueError, UnicodeDecodeError):
            pass
        finally:
            loop.call_soon_threadsafe(self._lines.put_nowait, None)

    def _prompt(self) -> None:
        """Show a prompt when a person is typing."""
        if self.interactive:
            self._write("> ")

    def _write(self, text: str) -> None:
        """Write and flush; a terminal that cannot show a character (Arabic in Latin-1) gets
        a question mark for it, never an error."""
        try:
            self.stdout.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.stdout, "encoding", None) or "ascii"
            self.stdout.write(text.encode(encoding, "replace").decode(encoding))
        self.stdout.flush()

    async def stop(self) -> None:
        """Nothing to close: stdin belongs to the process."""

    async def send(
        self,
        place: Place,
        reply: Reply,
        *,
        reply_to: Incoming | None = None,
        key: str | None = None,
    ) -> str:
        """Print the reply as plain text, followed by a blank line; save a file it carries."""
        text = to_plain(reply)
        if reply.attachment is not None:
            text += "\n" + await asyncio.to_thread(self._save, reply.attachment)
        self._write(text + "\n\n")
        return key or f"console-{self._count}"

    def _save(self, attachment: Attachment) -> str:
        """Write a reply's file (the calendar of !events ics) into ``out_dir``; say where."""
        name = Path(attachment.name).name or "attachment.txt"
        path = (self.out_dir / name).absolute()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(attachment.data)
        except OSError as problem:
            return f"Could not save {name} in {self.out_dir}: {problem.strerror or problem}"
        return f"Saved as {path}"
