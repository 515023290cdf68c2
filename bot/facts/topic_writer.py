"""Changes to topics: aliases, renames and undo, each one transaction and one revision."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from bot.core.text import topic_key
from bot.facts.errors import AliasIsName, AlreadyFinds, NoSuchTopic, NothingToUndo
from bot.facts.history import Change, Tracked, revise, undo_last
from bot.facts.records import Snapshot, Topic
from bot.facts.topics_table import load_topic, remove_topic, topic_id_for, update_topic
from bot.facts.validation import check_alias, check_topic_name
from bot.storage.database import Database


class TopicWriter:
    """Every change to topics goes through here, so each one is checked and recorded."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def alias(self, author: str, label: str, alias: str) -> Change[Topic]:
        """Let ``alias`` find the topic ``label`` finds too."""
        alias = check_alias(alias)

        def add(topic: Topic) -> Topic:
            if topic_key(alias) in {topic_key(known) for known in (topic.name, *topic.aliases)}:
                raise AlreadyFinds(alias, topic.name)
            return replace(topic, aliases=tuple(sorted({*topic.aliases, alias})))

        return await self._revise(author, label, add, "alias")

    async def unalias(self, author: str, alias: str) -> Change[Topic]:
        """Stop ``alias`` finding its topic."""

        def drop(topic: Topic) -> Topic:
            key = topic_key(alias)
            if topic_key(topic.name) == key:
                raise AliasIsName(alias)
            kept = tuple(known for known in topic.aliases if topic_key(known) != key)
            return replace(topic, aliases=kept)

        return await self._revise(author, alias, drop, "unalias")

    async def rename(self, author: str, label: str, new_name: str) -> Change[Topic]:
        """Give the topic ``label`` finds a new name (its aliases stay)."""
        check_topic_name(new_name)

        def rename(topic: Topic) -> Topic:
            kept = tuple(known for known in topic.aliases if known != new_name)
            return replace(topic, name=new_name, aliases=kept)

        return await self._revise(author, label, rename, "rename")

    async def undo(self, author: str, label: str) -> Change[Topic]:
        """Revert the topic's newest change not yet undone (an addition: it is removed)."""

        def undo(connection: sqlite3.Connection) -> Change[Topic]:
            topic_id = topic_id_for(connection, label)
            current = load_topic(connection, topic_id)
            if current is None:
                raise NothingToUndo("topic", label)

            def revert(before: Snapshot | None) -> Topic | None:
                if before is None:
                    remove_topic(connection, topic_id, current.name)
                    return None
                target = Topic.from_snapshot(topic_id, before)
                update_topic(connection, topic_id, target)
                return target

            tracked = Tracked("topic", str(topic_id), label)
            return undo_last(connection, tracked, author, current, revert)

        return await self.db.write("undo a topic's change", undo)

    async def _revise(
        self, author: str, label: str, change: Callable[[Topic], Topic], action: str
    ) -> Change[Topic]:
        """Apply ``change`` to the topic ``label`` finds, as it is now, and record it."""

        def revise_topic(connection: sqlite3.Connection) -> Change[Topic]:
            topic_id = topic_id_for(connection, label)
            before = load_topic(connection, topic_id)
            if before is None:
                raise NoSuchTopic(label)

            def save(topic: Topic) -> None:
                update_topic(connection, topic_id, topic)

            tracked = Tracked("topic", str(topic_id), before.name)
            return revise(connection, tracked, author, action, before, change(before), save)

        return await self.db.write(f"{action} a topic", revise_topic)
