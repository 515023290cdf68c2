"""A change to a fact or topic kept as one revision, and undone: one way for both."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from bot.facts.errors import Entity, NothingChanged, NothingToUndo
from bot.facts.records import Snapshot
from bot.facts.revisions import last_undoable, record


class Kept(Protocol):
    """A record whose changes are kept as revisions."""

    def snapshot(self) -> Snapshot:
        """The record as a revision keeps it."""
        ...


Record = TypeVar("Record", bound=Kept)


@dataclass(frozen=True)
class Change(Generic[Record]):
    """What a change did: its revision, the record before and after, the revision it undid."""

    revision: int
    before: Record | None
    after: Record | None
    undid: int | None = None


@dataclass(frozen=True)
class Tracked:
    """Which fact or topic a change is to: its kind, its id, and its name as people gave it."""

    entity: Entity
    entity_id: str
    name: str


def revise(
    connection: sqlite3.Connection,
    tracked: Tracked,
    author: str,
    action: str,
    before: Record,
    after: Record,
    save: Callable[[Record], None],
) -> Change[Record]:
    """Save ``after`` and record the change; a change that changes nothing is refused."""
    old, new = before.snapshot(), after.snapshot()
    if old == new:
        raise NothingChanged(tracked.entity, tracked.name)
    save(after)
    revision = record(connection, tracked.entity, tracked.entity_id, action, author, old, new)
    return Change(revision, before, after)


def undo_last(
    connection: sqlite3.Connection,
    tracked: Tracked,
    author: str,
    current: Record,
    revert: Callable[[Snapshot | None], Record | None],
) -> Change[Record]:
    """Revert the newest change not yet undone, and record that as a change of its own.

    ``revert`` writes the record as it was before that change (None: the change added it)
    and returns what it wrote (None: it removed the record).
    """
    last = last_undoable(connection, tracked.entity, tracked.entity_id)
    if last is None:
        raise NothingToUndo(tracked.entity, tracked.name)
    target = revert(last.before)
    revision = record(
        connection,
        tracked.entity,
        tracked.entity_id,
        "undo",
        author,
        current.snapshot(),
        target.snapshot() if target is not None else None,
        undoes=last.id,
    )
    return Change(revision, current, target, last.id)
