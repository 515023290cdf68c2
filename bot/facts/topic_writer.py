"""Changes to topics: aliases, renames and undo, each one transaction and one revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import aiosqlite

from bot.core.errors import UserError
from bot.core.text import topic_key
from bot.facts.revisions import last_undoable, record
from bot.facts.topics_table import (
    TopicState,
    check_alias,
    check_topic_name,
    load_topic_state,
    remove_topic,
    update_topic,
)
from bot.storage.database import Database


@dataclass(frozen=True)
class TopicOutcome:
    """What a topic change did."""

    topic_id: int
    revision: int
    before: TopicState | None
    after: TopicState | None


async def topic_id_for(connection: aiosqlite.Connection, label: str) -> int:
    """The id of the topic named ``label`` (name or alias), or a UserError."""
    async with connection.execute(
        "SELECT topic_id FROM topic_keys WHERE key = ?", (topic_key(label),)
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        raise UserError(f"There is no topic '{label[:40]}'. See the topics with !facts.")
    return int(row[0])


class TopicWriter:
    """Every change to topics goes through here, so each one is checked and recorded."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def find(self, label: str) -> tuple[int, str]:
        """The id and name of the topic ``label`` finds, or a UserError."""
        topic_id = await topic_id_for(self.db.connection, label)
        state = await load_topic_state(self.db.connection, topic_id)
        return topic_id, state.name if state else label

    async def alias(self, author: str, topic: str, alias: str) -> TopicOutcome:
        """Let ``alias`` find ``topic`` too."""
        alias = check_alias(alias)

        def add(state: TopicState) -> TopicState:
            if topic_key(alias) in {topic_key(label) for label in (state.name, *state.aliases)}:
                raise UserError(f"'{alias}' already finds {state.name}.")
            return replace(state, aliases=tuple(sorted({*state.aliases, alias})))

        return await self._revise(author, topic, add, "alias")

    async def unalias(self, author: str, alias: str) -> TopicOutcome:
        """Stop ``alias`` finding its topic."""

        def drop(state: TopicState) -> TopicState:
            key = topic_key(alias)
            if topic_key(state.name) == key:
                raise UserError(
                    f"'{alias[:40]}' is the topic's name, not an alias: use !topic rename."
                )
            kept = tuple(a for a in state.aliases if topic_key(a) != key)
            return replace(state, aliases=kept)

        return await self._revise(author, alias, drop, "unalias")

    async def rename(self, author: str, topic: str, new_name: str) -> TopicOutcome:
        """Give ``topic`` a new name (its aliases stay)."""
        check_topic_name(new_name)

        def rename(state: TopicState) -> TopicState:
            kept = tuple(a for a in state.aliases if a != new_name)
            return replace(state, name=new_name, aliases=kept)

        return await self._revise(author, topic, rename, "rename")

    async def undo(self, author: str, topic: str) -> tuple[TopicOutcome, int]:
        """Revert the topic's newest change not yet undone; returns the outcome and that change."""
        async with self.db.transaction() as connection:
            topic_id = await topic_id_for(connection, topic)
            current = await load_topic_state(connection, topic_id)
            last = await last_undoable(connection, "topic", str(topic_id))
            if current is None or last is None:
                raise UserError(f"The topic '{topic[:40]}' has no change left to undo.")
            target = TopicState.from_dict(last.before) if last.before else None
            if target is None:
                await remove_topic(connection, topic_id, current.name)
            else:
                await update_topic(connection, topic_id, target)
            revision = await record(
                connection,
                "topic",
                str(topic_id),
                "undo",
                author,
                current.to_dict(),
                target.to_dict() if target else None,
                undoes=last.id,
            )
        return TopicOutcome(topic_id, revision, current, target), last.id

    async def _revise(
        self, author: str, label: str, change: Callable[[TopicState], TopicState], action: str
    ) -> TopicOutcome:
        """Apply ``change`` to the topic ``label`` finds, as it is now, and record it."""
        async with self.db.transaction() as connection:
            topic_id = await topic_id_for(connection, label)
            before = await load_topic_state(connection, topic_id)
            if before is None:
                raise UserError(f"There is no topic '{label[:40]}'.")
            after = change(before)
            if after == before:
                raise UserError(f"That changes nothing on the topic {before.name}.")
            await update_topic(connection, topic_id, after)
            revision = await record(
                connection,
                "topic",
                str(topic_id),
                action,
                author,
                before.to_dict(),
                after.to_dict(),
            )
        return TopicOutcome(topic_id, revision, before, after)
