"""A topic's editable state (name, title, aliases): read it, check it, write it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.core.errors import UserError
from bot.core.text import topic_key

TOPIC_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_ALIAS = 60
MAX_TITLE = 200


@dataclass(frozen=True)
class TopicState:
    """A topic as an edit sees it; ``aliases`` are kept sorted."""

    name: str
    title: str = ""
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready values."""
        return {"name": self.name, "title": self.title, "aliases": list(self.aliases)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicState:
        """A state read back from a revision."""
        return cls(str(data["name"]), str(data.get("title", "")), tuple(data.get("aliases", ())))


def check_topic_name(name: str) -> str:
    """``name`` if it is a valid topic name, else a UserError saying what is allowed."""
    if not TOPIC_NAME.fullmatch(name):
        raise UserError(
            f"'{name[:40]}' cannot be a topic name: use up to 40 lower-case letters, digits "
            "and dashes, like home-office."
        )
    return name


def check_alias(alias: str) -> str:
    """``alias`` trimmed, if it can be an alias."""
    alias = " ".join(alias.split())
    if not topic_key(alias):
        raise UserError("An alias needs at least one letter or digit.")
    if len(alias) > MAX_ALIAS:
        raise UserError(f"That alias is {len(alias)} characters; keep aliases under {MAX_ALIAS}.")
    return alias


async def load_topic_state(connection: aiosqlite.Connection, topic_id: int) -> TopicState | None:
    """The current state of a topic, or None."""
    async with connection.execute(
        "SELECT name, title FROM topics WHERE id = ?", (topic_id,)
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    async with connection.execute(
        "SELECT label FROM topic_keys WHERE topic_id = ? AND is_alias = 1 ORDER BY label",
        (topic_id,),
    ) as cursor:
        aliases = tuple(str(r[0]) for r in await cursor.fetchall())
    return TopicState(str(row["name"]), str(row["title"]), aliases)


async def _check_keys(
    connection: aiosqlite.Connection, topic_id: int | None, state: TopicState
) -> None:
    """Refuse a state whose name or aliases clash with each other or with another topic."""
    check_topic_name(state.name)
    if len(state.title) > MAX_TITLE:
        raise UserError(f"Keep topic titles under {MAX_TITLE} characters.")
    labels = [state.name, *state.aliases]
    if len(set(labels)) != len(labels):
        raise UserError(f"An alias of {state.name} is listed twice.")
    for label in labels:
        async with connection.execute(
            "SELECT t.name FROM topic_keys k JOIN topics t ON t.id = k.topic_id"
            " WHERE k.key = ? AND k.topic_id IS NOT ?",
            (topic_key(label), topic_id),
        ) as cursor:
            other = await cursor.fetchone()
        if other is not None:
            raise UserError(f"'{label}' already finds the topic {other[0]}; choose another.")


async def _write_keys(connection: aiosqlite.Connection, topic_id: int, state: TopicState) -> None:
    """Replace the topic's name and alias keys."""
    await connection.execute("DELETE FROM topic_keys WHERE topic_id = ?", (topic_id,))
    rows = [(state.name, topic_key(state.name), topic_id, 0)]
    rows += [(alias, topic_key(alias), topic_id, 1) for alias in state.aliases]
    await connection.executemany(
        "INSERT INTO topic_keys (label, key, topic_id, is_alias) VALUES (?, ?, ?, ?)", rows
    )


async def create_topic(connection: aiosqlite.Connection, state: TopicState) -> int:
    """Insert a new topic after checking its keys; returns its id."""
    await _check_keys(connection, None, state)
    cursor = await connection.execute(
        "INSERT INTO topics (name, title) VALUES (?, ?)", (state.name, state.title)
    )
    topic_id = int(cursor.lastrowid or 0)
    await _write_keys(connection, topic_id, state)
    return topic_id


async def update_topic(connection: aiosqlite.Connection, topic_id: int, state: TopicState) -> None:
    """Overwrite a topic with ``state`` after checking its keys."""
    await _check_keys(connection, topic_id, state)
    await connection.execute(
        "UPDATE topics SET name = ?, title = ? WHERE id = ?", (state.name, state.title, topic_id)
    )
    await _write_keys(connection, topic_id, state)


async def remove_topic(connection: aiosqlite.Connection, topic_id: int, name: str) -> None:
    """Delete a topic that no fact (shown or deleted) is filed under."""
    async with connection.execute(
        "SELECT COUNT(*) FROM fact_topics WHERE topic_id = ?", (topic_id,)
    ) as cursor:
        row = await cursor.fetchone()
    if row and row[0]:
        raise UserError(f"The topic {name} still has facts ({row[0]}); move them first.")
    await connection.execute("DELETE FROM topics WHERE id = ?", (topic_id,))
