"""Reading a source text from disk: only a regular file, inside its folder, of a sane size."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from bot.facts.errors import (
    TextFileGrew,
    TextFileHardLinked,
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

    With ``inside``, ``path`` (after following links) must lie in that folder and be the
    file's only name (a hard link could be a private file's other name). The file is opened
    one folder at a time without following links, so nothing swapped in after the check is
    followed, and without blocking, so a FIFO or device never hangs the import.
    """
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise TextFileMissing() from None
    except (OSError, RuntimeError) as problem:  # RuntimeError: a loop of symbolic links
        raise TextFileUnopenable(str(problem)) from None
    folder = Path(resolved.anchor) if inside is None else inside.resolve()
    if not resolved.is_relative_to(folder):
        raise TextFileOutside()
    descriptor = _open_beneath(folder, resolved.relative_to(folder).parts)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise TextFileNotRegular()
        if inside is not None and info.st_nlink > 1:
            raise TextFileHardLinked(info.st_nlink)
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


def _open_beneath(folder: Path, parts: tuple[str, ...]) -> int:
    """Open ``folder``/``parts`` for reading, refusing a link at any step; the descriptor."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW
    try:
        current = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as problem:
        raise TextFileUnopenable(str(problem.strerror)) from None
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            step = os.open(part, flags if last else flags | os.O_DIRECTORY, dir_fd=current)
            os.close(current)
            current = step
    except OSError as problem:
        os.close(current)
        if problem.errno in (errno.ELOOP, errno.ENOTDIR):
            raise TextFileOutside() from None
        raise TextFileUnopenable(str(problem.strerror)) from None
    return current


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from an open file."""
    chunks: list[bytes] = []
    size = 0
    while size < limit and (chunk := os.read(descriptor, min(1 << 20, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
