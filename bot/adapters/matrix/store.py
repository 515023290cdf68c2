"""What the Matrix adapter keeps on disk between syncs: the sync token and nio's key store."""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from nio.crypto import ENCRYPTION_ENABLED

from bot.core.private_files import FILE_MODE, FOLDER_MODE, write_file

if TYPE_CHECKING:
    from nio.store import MatrixStore

log = logging.getLogger(__name__)

SYNC_TOKEN_FILE = "sync_token"


def secure_store(store: Path, *, warn: bool = True) -> None:
    """Create the store folder, and take from it (0700) and its files (0600) any looser mode.

    ``warn`` says so for each path found looser (else only at debug: nio's new key database).
    """
    store.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _tighten(store, FOLDER_MODE, warn)
    for entry in store.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _tighten(entry, FILE_MODE, warn)


def _tighten(path: Path, allowed: int, warn: bool) -> None:
    """Clear the permission bits of ``path`` outside ``allowed``."""
    mode = stat.S_IMODE(path.lstat().st_mode)
    if mode & ~allowed:
        path.chmod(mode & allowed)
        say = log.warning if warn else log.debug
        say("%s had mode %04o, open to other users: now %04o", path, mode, mode & allowed)


def read_sync_token(store: Path) -> str | None:
    """The sync token saved by the last run, so a restart syncs only what changed since."""
    try:
        token = (store / SYNC_TOKEN_FILE).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def write_sync_token(store: Path, token: str) -> None:
    """Save ``token`` (not synced to disk: a lost token only makes the next start sync more)."""
    write_file(store / SYNC_TOKEN_FILE, token.encode("utf-8"))


def lean_store() -> type[MatrixStore] | None:
    """nio's key store, without a database transaction per sync when no room became encrypted."""
    if not ENCRYPTION_ENABLED:
        return None
    from nio.store import DefaultStore

    class LeanStore(DefaultStore):  # type: ignore[misc]  # nio.store is untyped here
        """Saves encrypted rooms only when there are some to save."""

        def save_encrypted_rooms(self, rooms: set[str]) -> None:
            if rooms:
                super().save_encrypted_rooms(rooms)

    return LeanStore
