"""The topics table (and topic_keys) inside the caller's transaction: read, check, write."""

from __future__ import annotations

import sqlite3

from bot.core.text import topic_key
from bot.facts.errors import LabelTaken, NoSuchTopic, TopicHasFacts
from bot.facts.records import Topic
from bot.facts.validation import check_topic


def topic_id_for(connection: sqlite3.Connection, label: str) -> int:
    """The id of the topic named ``label`` (name or alias); refused when there is none."""
    row = connection.execute(
        "SELECT topic_id FROM topic_keys WHERE key = ?", (topic_key(label),)
    ).fetchone()
    if row is None:
        raise NoSuchTopic(label)
    return int(row[0])


def load_topic(connection: sqlite3.Connection, topic_id: int) -> Topic | None:
    """The topic as it is now (name, title, sorted aliases, id), or None."""
    row = connection.execute("SELECT name, title FROM topics WHERE id = ?", (topic_id,)).fetchone()
    if row is None:
        return None
    aliases = connection.execute(
        "SELECT label FROM topic_keys WHERE topic_id = ? AND is_alias = 1 ORDER BY label",
        (topic_id,),
    ).fetchall()
    return Topic(str(row[0]), str(row[1]), tuple(str(alias[0]) for alias in aliases), topic_id)


def _check_keys(connection: sqlite3.Connection, topic_id: int | None, topic: Topic) -> None:
    """Refuse a topic that breaks a rule, or whose name or an alias finds another topic."""
    check_topic(topic)
    for label in (topic.name, *topic.aliases):
        other = connection.execute(
            "SELECT t.name FROM topic_keys k JOIN topics t ON t.id = k.topic_id"
            " WHERE k.key = ? AND k.topic_id IS NOT ?",
            (topic_key(label), topic_id),
        ).fetchone()
        if other is not None:
            raise LabelTaken(label, str(other[0]))


def _write_keys(connection: sqlite3.Connection, topic_id: int, topic: Topic) -> None:
    """Replace the topic's name and alias keys."""
    connection.execute("DELETE FROM topic_keys WHERE topic_id = ?", (topic_id,))
    rows = [(topic.name, topic_key(topic.name), topic_id, 0)]
    rows += [(alias, topic_key(alias), topic_id, 1) for alias in topic.aliases]
    connection.executemany(
        "INSERT INTO topic_keys (label, key, topic_id, is_alias) VALUES (?, ?, ?, ?)", rows
    )


def insert_topic(connection: sqlite3.Connection, topic: Topic) -> int:
    """Insert a topic as it is (its keys checked by the caller); returns its id."""
    cursor = connection.execute(
        "INSERT INTO topics (name, title) VALUES (?, ?)", (topic.name, topic.title)
    )
    topic_id = int(cursor.lastrowid or 0)
    _write_keys(connection, topic_id, topic)
    return topic_id


def create_topic(connection: sqlite3.Connection, topic: Topic) -> int:
    """Insert a new topic after checking it and its keys; returns its id."""
    _check_keys(connection, None, topic)
    return insert_topic(connection, topic)


def update_topic(connection: sqlite3.Connection, topic_id: int, topic: Topic) -> None:
    """Overwrite a topic's name, title and aliases after checking them."""
    _check_keys(connection, topic_id, topic)
    connection.execute(
        "UPDATE topics SET name = ?, title = ? WHERE id = ?", (topic.name, topic.title, topic_id)
    )
    _write_keys(connection, topic_id, topic)


def remove_topic(connection: sqlite3.Connection, topic_id: int, name: str) -> None:
    """Delete a topic that no fact (shown or deleted) is filed under."""
    row = connection.execute(
        "SELECT COUNT(*) FROM fact_topics WHERE topic_id = ?", (topic_id,)
    ).fetchone()
    if row and row[0]:
        raise TopicHasFacts(name, int(row[0]))
    connection.execute("DELETE FROM topics WHERE id = ?", (topic_id,))
