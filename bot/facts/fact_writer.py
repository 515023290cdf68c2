"""Changes to facts: add, edit, delete, restore and undo, each one transaction and one revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import aiosqlite

from bot.core.errors import UserError
from bot.facts.duplicates import RepeatedQuote, repeated_by
from bot.facts.facts_table import (
    FactState,
    check_lengths,
    insert_fact,
    load_fact_state,
    update_fact,
    with_topic_names,
)
from bot.facts.revisions import last_undoable, record
from bot.facts.topics_table import TopicState, create_topic
from bot.facts.verification import check_quote
from bot.storage.database import Database

NO_TEXT = "its source has no stored text, so it is marked unverified"


class NotVerbatim(UserError):
    """A quote that is not word for word in its source's stored text."""

    def __init__(self, source: str, passage: str) -> None:
        self.source = source
        self.passage = passage
        closest = f" Closest passage: “{passage}”" if passage else ""
        super().__init__(f"That quote is not word for word in the source {source}.{closest}")


@dataclass(frozen=True)
class Outcome:
    """What a change did: the fact, the revision, the states and a remark for the editor."""

    fact_id: int
    revision: int
    before: FactState | None
    after: FactState
    remark: str = ""


async def source_text(connection: aiosqlite.Connection, source_id: str) -> str | None:
    """The stored text of a source (None when it has none); unknown sources are refused."""
    async with connection.execute(
        "SELECT full_text FROM sources WHERE id = ?", (source_id,)
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        raise UserError(f"There is no source '{source_id[:40]}'. See the ids with !sources.")
    return row[0] if row[0] else None


async def settle_verification(
    connection: aiosqlite.Connection, before: FactState | None, after: FactState, force: bool
) -> tuple[FactState, str]:
    """``after`` with ``verified`` set by checking its quote, when the quote or source changed."""
    check_lengths(after.quote, after.note)
    if before is not None and (before.quote, before.source) == (after.quote, after.source):
        return after, ""
    text = await source_text(connection, after.source)
    if text is None:
        return replace(after, verified=False), NO_TEXT
    check = check_quote(after.quote, text)
    if check.ok:
        return replace(after, verified=True), ""
    if not force:
        raise NotVerbatim(after.source, check.passage)
    return replace(
        after, verified=False
    ), "it is not word for word in its source: marked unverified"


class FactWriter:
    """Every change to facts goes through here, so each one is checked and recorded."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def add(
        self,
        author: str,
        state: FactState,
        *,
        new_topic: str | None = None,
        force: bool = False,
        duplicate: bool = False,
    ) -> Outcome:
        """Add a fact (creating ``new_topic`` first if given) and record the addition.

        A quote a live fact already holds (or that holds one) is refused unless ``duplicate``.
        """
        async with self.db.transaction() as connection:
            topic_ids = state.topic_ids
            if new_topic is not None:
                topic = TopicState(new_topic)
                topic_id = await create_topic(connection, topic)
                await record(
                    connection, "topic", str(topic_id), "add", author, None, topic.to_dict()
                )
                topic_ids = (*topic_ids, topic_id)
            after = await with_topic_names(connection, replace(state, topic_ids=topic_ids))
            after, remark = await settle_verification(connection, None, after, force)
            repeats = [] if duplicate else await repeated_by(connection, after.quote)
            if repeats:
                raise RepeatedQuote(repeats)
            fact_id = await insert_fact(connection, after, author)
            revision = await record(
                connection, "fact", str(fact_id), "add", author, None, after.to_dict()
            )
        return Outcome(fact_id, revision, None, after, remark)

    async def edit(
        self,
        author: str,
        fact_id: int,
        change: Callable[[FactState], FactState],
        *,
        force: bool = False,
        action: str = "edit",
    ) -> Outcome:
        """Apply ``change`` to the fact as it is now (inside the transaction) and record it."""
        async with self.db.transaction() as connection:
            before = await self._current(connection, fact_id)
            after = await with_topic_names(connection, change(before))
            after, remark = await settle_verification(connection, before, after, force)
            if after == before:
                raise UserError(f"That changes nothing on #{fact_id}.")
            await update_fact(connection, fact_id, after)
            revision = await record(
                connection, "fact", str(fact_id), action, author, before.to_dict(), after.to_dict()
            )
        return Outcome(fact_id, revision, before, after, remark)

    async def delete(self, author: str, fact_id: int) -> Outcome:
        """Hide a fact from answers (kept, with its history)."""

        def hide(state: FactState) -> FactState:
            if state.deleted:
                raise UserError(f"#{fact_id} is already deleted. Bring it back with !fact restore.")
            return replace(state, deleted=True)

        return await self.edit(author, fact_id, hide, action="delete")

    async def restore(self, author: str, fact_id: int) -> Outcome:
        """Show a deleted fact again."""

        def show(state: FactState) -> FactState:
            if not state.deleted:
                raise UserError(f"#{fact_id} is not deleted.")
            return replace(state, deleted=False)

        return await self.edit(author, fact_id, show, action="restore")

    async def undo(self, author: str, fact_id: int) -> tuple[Outcome, int]:
        """Revert the fact's newest change not yet undone; returns the outcome and that change."""
        async with self.db.transaction() as connection:
            current = await self._current(connection, fact_id)
            last = await last_undoable(connection, "fact", str(fact_id))
            if last is None:
                raise UserError(f"#{fact_id} has no change left to undo.")
            if last.before is None:
                target = replace(current, deleted=True)
            else:
                target = await with_topic_names(connection, FactState.from_dict(last.before))
            await update_fact(connection, fact_id, target)
            revision = await record(
                connection,
                "fact",
                str(fact_id),
                "undo",
                author,
                current.to_dict(),
                target.to_dict(),
                undoes=last.id,
            )
        return Outcome(fact_id, revision, current, target), last.id

    async def _current(self, connection: aiosqlite.Connection, fact_id: int) -> FactState:
        """The fact's state now, or a UserError naming the unknown id."""
        state = await load_fact_state(connection, fact_id)
        if state is None:
            raise UserError(f"There is no fact #{fact_id}.")
        return state
