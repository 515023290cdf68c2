"""Room aliases pinned to the room each named when the bot first used it (in the Matrix store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import ConfigError
from bot.core.private_files import write_file

PINS_FILE = "room_aliases.json"


@dataclass(frozen=True)
class AliasNotFound:
    """An alias the config names (under ``key``) that names no room; ``reason``: the server's."""

    key: str
    alias: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key}: {self.alias} names no room ({self.reason})"


@dataclass(frozen=True)
class AliasMoved:
    """An alias that names ``found`` now, though it was pinned to ``pinned``."""

    key: str
    alias: str
    pinned: str
    found: str

    def __str__(self) -> str:
        return f"{self.key}: {self.alias} now names {self.found}, not {self.pinned} as pinned"


AliasRefusal = AliasNotFound | AliasMoved


class RoomAliasesRefused(Exception):
    """The bot does not start: aliases that name no room, or another room than pinned."""

    def __init__(self, store: Path, refusals: tuple[AliasRefusal, ...]) -> None:
        self.store = store
        self.refusals = refusals
        super().__init__("; ".join(str(refusal) for refusal in refusals))


def read_pins(store: Path) -> dict[str, str]:
    """The pinned room id of each alias; none before the first start.

    A file that cannot be read stops the start: taken as empty, it would let every alias
    be pinned afresh to whatever room it names now.
    """
    path = store / PINS_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as problem:
        raise _unreadable(path, str(problem)) from None
    if not isinstance(data, dict) or not all(isinstance(room, str) for room in data.values()):
        raise _unreadable(path, 'not a JSON object of "#alias": "!room id"')
    return dict(data)


def _unreadable(path: Path, problem: str) -> ConfigError:
    """The error that stops a start over a pins file that cannot be read."""
    return ConfigError(
        str(path),
        [
            f"the pinned room aliases cannot be read ({problem}): restore the file, or delete"
            " it to pin each alias afresh to the room it names now"
        ],
    )


def write_pins(store: Path, pins: dict[str, str]) -> None:
    """Save ``pins`` whole (written beside, then moved over the old file)."""
    text = json.dumps(dict(sorted(pins.items())), indent=2) + "\n"
    write_file(store / PINS_FILE, text.encode("utf-8"), durable=True)
