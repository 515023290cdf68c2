"""Room aliases pinned to the room each named when the bot first used it (in the Matrix store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.core.private_files import write_file

PINS_FILE = "room_aliases.json"
# Like the rest of the store: for this user's eyes only.


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
    text = json.dumps(dict(sorted(pins.items())), indent=2) + "\n"
    write_file(store / PINS_FILE, text.encode("utf-8"), durable=True)
