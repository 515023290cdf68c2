"""`campaign-bot matrix pin`, and the words for a start refused over a room alias."""

from __future__ import annotations

import argparse
import shlex

from bot.adapters.matrix.pins import (
    PINS_FILE,
    AliasMoved,
    AliasNotFound,
    AliasRefusal,
    RoomAliasesRefused,
    read_pins,
    write_pins,
)
from bot.config import Settings
from bot.config.matrix import MATRIX_ALIAS, MATRIX_ROOM_ID
from bot.config.readiness import matrix_store
from bot.core.errors import ConfigError


def pin(settings: Settings, args: argparse.Namespace) -> int:
    """Pin an alias to a room id, accepting that the alias now names that room."""
    problems = []
    if settings.matrix is None:
        problems.append("no [matrix] section: there is no Matrix store to pin aliases in")
    if not MATRIX_ALIAS.fullmatch(args.alias):
        problems.append(f'{args.alias!r} is not a room alias like "#campaign:example.org"')
    if not MATRIX_ROOM_ID.fullmatch(args.room):
        problems.append(f'{args.room!r} is not a room id like "!AbCdEf:example.org"')
    if problems:
        raise ConfigError("campaign-bot matrix pin", problems)
    store = matrix_store(settings).expanduser()
    write_pins(store, {**read_pins(store), args.alias: args.room})
    print(f"{args.alias} is pinned to {args.room}.")
    return 0


def aliases_refused(source: str, refused: RoomAliasesRefused) -> ConfigError:
    """The config error that stops `run` when aliases name no room, or another room."""
    pins = refused.store / PINS_FILE
    return ConfigError(source, [_refusal(refusal, pins) for refusal in refused.refusals])


def _refusal(refusal: AliasRefusal, pins: object) -> str:
    """One alias the bot cannot trust, and what to do about it."""
    match refusal:
        case AliasNotFound():
            return (
                f"{refusal}: make the alias, or name the room by its id (safest: nobody can"
                " move an id)"
            )
        case AliasMoved(key=key, alias=alias, pinned=pinned, found=found):
            accept = shlex.join(["campaign-bot", "matrix", "pin", alias, found])
            return (
                f"{key}: {alias} now names {found}, not {pinned} as when the bot first used it"
                f" ({pins}): whoever controls an alias can move it. If the group's room really"
                f" moved, accept it with: {accept}"
            )
    raise TypeError(f"no words for {refusal!r}")
