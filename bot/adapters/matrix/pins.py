"""Room aliases pinned to the room each named when the bot first used it (in the Matrix store)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

PINS_FILE = "room_aliases.json"
# Like the rest of the store: for this user's eyes only.
FILE_MODE = 0o600


@dataclass(frozen=True)
class AliasNotFound:
    """An alias the config names (under ``key``) that names no room; ``reason``: the server's."""

    key: str
    alias: str
    reason: str


@dataclass(frozen=True)
class AliasMoved:
    """An alias that names ``found`` now, though it was pinned to ``pinned``."""

    key: str
    alias: str
    pinned: str
    found: str


AliasRefusal = AliasNotFound | AliasMoved


class RoomAliasesRefused(Exception):
    """The bot does not start: aliases that name no room, or another room than pinned."""

    def __init__(self, store: Path, refusals: tuple[AliasRefusal, ...]) -> None:
        self.store = store
        self.refusals = refusals
        super().__init__("; ".join(str(refusal) for refusal in refusals))


def read_pins(store: Path) -> dict[str, str]:
    """The pinned room id of each alias; none before the first start."""
    try:
        data = json.loads((store / PINS_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(alias): str(room) for alias, room in data.items()}


def write_pins(store: Path, pins: dict[str, str]) -> None:
    """Save ``pins`` whole (written beside, then moved over the old file)."""
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = store / f"{PINS_FILE}.new"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(dict(sorted(pins.items())), file, indent=2)
        file.write("\n")
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(store / PINS_FILE)
