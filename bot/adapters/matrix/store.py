"""What the Matrix adapter keeps on disk between syncs: the sync token and nio's key store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nio.crypto import ENCRYPTION_ENABLED

if TYPE_CHECKING:
    from nio.store import MatrixStore

SYNC_TOKEN_FILE = "sync_token"


def read_sync_token(store: Path) -> str | None:
    """The sync token saved by the last run, so a restart syncs only what changed since."""
    try:
        token = (store / SYNC_TOKEN_FILE).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def write_sync_token(store: Path, token: str) -> None:
    """Save ``token`` (not synced to disk: a lost token only makes the next start sync more)."""
    temporary = store / f"{SYNC_TOKEN_FILE}.new"
    temporary.write_text(token, "utf-8")
    temporary.replace(store / SYNC_TOKEN_FILE)


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
