"""Changes to facts: add, edit, delete, restore and undo, each one transaction and one revision."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from bot.facts.duplicates import repeated_by
from bot.facts.errors import AlreadyDeleted, NoSuchFact, NotDeleted, RepeatedQuote
from bot.facts.facts_table import insert_fact, load_fact, update_fact, with_topic_names
from bot.facts.history import Change, Tracked, revise, undo_last
from bot.facts.records import Fact, FactTranslation, Snapshot, Topic
from bot.facts.revisions import record
from bot.facts.topics_table import create_topic
from bot.facts.translations import translated, untranslated
from bot.facts.verification import Verdict, settle
from bot.storage.database import Database


@dataclass(frozen=True)
class FactEdit:
    """What an edit sets on a fact: each field left None stays as it is.

    ``as_of`` is set only with ``set_as_of`` (so None can clear it).
    """

    quote: str | None = None
    source: str | None = None
    topic_ids: tuple[int, ...] | None = None
    note: str | None = None
    as_of: date | None = None
    set_as_of: bool = False

    def applied_to(self, fact: Fact) -> Fact:
        """``fact`` with this edit made."""
        return replace(
            fact,
            quote=fact.quote if self.quote is None else self.quote,
            source=fact.source if self.source is None else self.source,
            topic_ids=fact.topic_ids if self.topic_ids is None else self.topic_ids,
            note=fact.note if self.note is None else self.note,
            as_of=self.as_of if self.set_as_of else fact.as_of,
        )


@dataclass(frozen=True)
class FactChange:
    """An addition or edit: its revision, the fact before and after, how it was verified."""

    revision: int
    before: Fact | None
    after: Fact
    verdict: Verdict = Verdict.KEPT


def _tracked(fact_id: int) -> Tracked:
    """The fact ``fact_id`` in the revision log."""
    return Tracked("fact", str(fact_id), str(fact_id))


def _current(connection: sqlite3.Connection, fact_id: int) -> Fact:
    """The fact as it is now; refused when there is none."""
    fact = load_fact(connection, fact_id)
    if fact is None:
        raise NoSuchFact(fact_id)
    return fact


class FactWriter:
    """Every change to facts goes through here, so each one is checked and recorded."""

    def __init__(self, database: Database) -> None:
        self.db = database

    async def add(
        self,
        author: str,
        fact: Fact,
        *,
        new_topic: str | None = None,
        force: bool = False,
        duplicate: bool = False,
    ) -> FactChange:
        """Add ``fact`` (its id is given it), first making ``new_topic`` when given.

        A quote a live fact already holds (or that holds one) is refused unless ``duplicate``.
        """

        def add(connection: sqlite3.Connection) -> FactChange:
            topic_ids = fact.topic_ids
            if new_topic is not None:
                topic = Topic(new_topic)
                topic_id = create_topic(connection, topic)
                record(connection, "topic", str(topic_id), "add", author, None, topic.snapshot())
                topic_ids = (*topic_ids, topic_id)
            after = with_topic_names(connection, replace(fact, topic_ids=topic_ids))
            after, verdict = settle(connection, None, after, force)
            repeats = [] if duplicate else repeated_by(connection, after.quote)
            if repeats:
                raise RepeatedQuote(repeats)
            after = replace(after, id=insert_fact(connection, after, author))
            revision = record(
                connection, "fact", str(after.id), "add", author, None, after.snapshot()
            )
            return FactChange(revision, None, after, verdict)

        return await self.db.write("add a fact", add)

    async def edit(
        self, author: str, fact_id: int, edit: FactEdit, *, force: bool = False
    ) -> FactChange:
        """Make ``edit`` on the fact as it is now, and record it."""
        return await self._revise(author, fact_id, edit.applied_to, "edit", force)

    async def delete(self, author: str, fact_id: int) -> FactChange:
        """Hide a fact from answers (kept, with its history)."""

        def hide(fact: Fact) -> Fact:
            if fact.deleted:
                raise AlreadyDeleted(fact_id)
            return replace(fact, deleted=True)

        return await self._revise(author, fact_id, hide, "delete")

    async def restore(self, author: str, fact_id: int) -> FactChange:
        """Show a deleted fact again."""

        def show(fact: Fact) -> Fact:
            if not fact.deleted:
                raise NotDeleted(fact_id)
            return replace(fact, deleted=False)

        return await self._revise(author, fact_id, show, "restore")

    async def translate(
        self, author: str, fact_id: int, translation: FactTranslation
    ) -> FactChange:
        """Add a translation of the fact's quote, or replace the one in that language."""
        return await self._revise(
            author, fact_id, lambda fact: translated(fact, translation), "translate"
        )

    async def untranslate(self, author: str, fact_id: int, language: str) -> FactChange:
        """Remove the fact's translation into ``language``."""
        return await self._revise(
            author, fact_id, lambda fact: untranslated(fact, language), "untranslate"
        )

    async def undo(self, author: str, fact_id: int) -> Change[Fact]:
        """Revert the fact's newest change not yet undone (an addition: it is hidden again)."""

        def undo(connection: sqlite3.Connection) -> Change[Fact]:
            current = _current(connection, fact_id)

            def revert(before: Snapshot | None) -> Fact:
                if before is None:
                    target = replace(current, deleted=True)
                else:
                    target = with_topic_names(connection, Fact.from_snapshot(fact_id, before))
                update_fact(connection, target)
                return target

            return undo_last(connection, _tracked(fact_id), author, current, revert)

        return await self.db.write("undo a fact's change", undo)

    async def _revise(
        self,
        author: str,
        fact_id: int,
        change: Callable[[Fact], Fact],
        action: str,
        force: bool = False,
    ) -> FactChange:
        """Apply ``change`` to the fact as it is now, check the quote if it changed, record it."""

        def revise_fact(connection: sqlite3.Connection) -> FactChange:
            before = _current(connection, fact_id)
            after = with_topic_names(connection, change(before))
            after, verdict = settle(connection, before, after, force)
            done = revise(
                connection,
                _tracked(fact_id),
                author,
                action,
                before,
                after,
                lambda fact: update_fact(connection, fact),
            )
            return FactChange(done.revision, before, after, verdict)

        return await self.db.write(f"{action} a fact", revise_fact)
