"""Files only their owner may read: the database, its backups and exports hold who said what."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; the folder itself owner-only."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def create_file(path: Path) -> None:
    """Create ``path`` empty and owner-only, unless it exists (then it is left as it is)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def write_file(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``path`` owner-only and atomically (a reader never sees half a file);
    ``durable``: on disk before it replaces the old file."""
    make_folder(path.parent)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        if durable:
            file.flush()
            os.fsync(file.fileno())
    os.replace(temporary, path)
