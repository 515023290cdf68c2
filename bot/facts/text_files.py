"""Reading a source text from disk: only a regular file, inside its folder, of a sane size."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.facts.errors import (
    TextFileGrew,
    TextFileMissing,
    TextFileNotRegular,
    TextFileNotUtf8,
    TextFileOutside,
    TextFileTooLarge,
    TextFileUnopenable,
)
from bot.facts.validation import MAX_TEXT

# A source text may hold MAX_TEXT characters; UTF-8 needs at most 4 bytes for each.
MAX_TEXT_BYTES = 4 * MAX_TEXT


def read_text_file(path: Path, inside: Path | None = None) -> str:
    """The UTF-8 text of ``path``; refused when it is not a plain, sane file.

    With ``inside``, ``path`` (after following links) must lie in that folder. The file is
    opened without blocking and checked as opened, so a FIFO or device never hangs the import.
    """
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise TextFileMissing() from None
    except (OSError, RuntimeError) as problem:  # RuntimeError: a loop of symbolic links
        raise TextFileUnopenable(str(problem)) from None
    if inside is not None and not resolved.is_relative_to(inside.resolve()):
        raise TextFileOutside()
    try:
        descriptor = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as problem:
        raise TextFileUnopenable(str(problem.strerror)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise TextFileNotRegular()
        if info.st_size > MAX_TEXT_BYTES:
            raise TextFileTooLarge(info.st_size, MAX_TEXT_BYTES)
        data = _read_at_most(descriptor, MAX_TEXT_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(data) > MAX_TEXT_BYTES:
        raise TextFileGrew(MAX_TEXT_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise TextFileNotUtf8(problem.reason, problem.start) from None


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from an open file."""
    chunks: list[bytes] = []
    size = 0
    while size < limit and (chunk := os.read(descriptor, min(1 << 20, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
