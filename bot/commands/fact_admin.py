"""Admin commands that change facts: !fact add, edit, delete, restore, history and undo."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.fact_texts import VERDICT_NOTES, worded
from bot.commands.facts import FACT
from bot.commands.history_text import changes, describe
from bot.commands.kinds import QUOTED, SOURCE_ID, TOPIC, TOPICS, day, day_or_none
from bot.commands.params import Param, flag, option, word
from bot.commands.registry import Command, Context
from bot.commands.values import find_topic
from bot.core.errors import UsageError
from bot.core.model import Block, Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.core.words import plural
from bot.facts.fact_writer import FactChange, FactEdit, FactWriter
from bot.facts.history import Change
from bot.facts.records import Fact, Snapshot
from bot.facts.store import FactStore
from bot.facts.validation import check_topic_name

EDIT_DENIED = "Only admins can edit facts."
HISTORY_DENIED = "Only admins can see the history of a fact."

ADD_TOPIC = word("topic", TOPIC)
QUOTE = word("quote", QUOTED, about="the quote, word for word")
SOURCE = option(
    "source",
    SOURCE_ID,
    required=True,
    missing="Say which source the quote is from, with source:<id>.",
    about="the id of the source it is from",
)
NOTE = option("note", QUOTED, about="a note shown under the quote")
NEW_QUOTE = option("quote", QUOTED, about="the quote, word for word")
NEW_TOPICS = option("topic", TOPICS)
NEW_SOURCE = option("source", SOURCE_ID, about="the id of the source it is from")
UNVERIFIED = flag("unverified", "keep it even if it is not word for word in its source")
NEW_TOPIC = flag("new-topic", "start the topic if there is none of that name")
DUPLICATE = flag("duplicate", "add it even if the same quote is stored")


class FactAdminCommands:
    """Changing facts in chat; every change is checked, recorded and can be undone."""

    def __init__(self, facts: FactStore, writer: FactWriter, zone: ZoneInfo, clock: Clock) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone
        self.clock = clock
        self.as_of = option("as-of", day("the as-of date", clock, zone))
        self.new_as_of = option("as-of", day_or_none("the as-of date", clock, zone))
        self.changes = (NEW_QUOTE, NEW_TOPICS, NEW_SOURCE, self.new_as_of, NOTE)

    def commands(self) -> list[Command]:
        """The commands this group provides."""

        def admin(
            name: str, summary: str, example: str, params: tuple[Param[Any], ...], hint: str = ""
        ) -> Command:
            handler = getattr(self, name.split()[1])
            denied = HISTORY_DENIED if name == "fact history" else EDIT_DENIED
            return Command(
                name, summary, handler, params, example, role=Role.ADMIN, denied=denied, hint=hint
            )

        return worded([
            admin(
                "fact add",
                "Add a quote, checked word for word against its source.",
                "fact add varrp “It arranges transport ‘to the home doorstep’” "
                "source:a-fake-friend",
                (ADD_TOPIC, QUOTE, SOURCE, self.as_of, NOTE, UNVERIFIED, NEW_TOPIC, DUPLICATE),
                "Give a topic, then the quote in quotes.",
            ),
            admin(
                "fact edit",
                "Change a fact's quote, topics, source, as-of date or note.",
                'fact edit 8 note:"Figures from 2008."',
                (FACT, *self.changes, UNVERIFIED),
            ),
            admin("fact delete", "Hide a fact from answers (kept in history).", "fact delete 8",
                  (FACT,)),
            admin("fact restore", "Show a deleted fact again.", "fact restore 8", (FACT,)),
            admin("fact history", "Every change to a fact: who, when, what.", "fact history 8",
                  (FACT,)),
            admin("fact undo", "Revert a fact's last change (itself recorded).", "fact undo 8",
                  (FACT,)),
        ])  # fmt: skip

    async def add(self, ctx: Context) -> Reply:
        """!fact add <topic> "<quote>" source:<id> ..."""
        label = ctx[ADD_TOPIC]
        new_topic = None
        topic_ids: tuple[int, ...] = ()
        if ctx[NEW_TOPIC] and await self.facts.find_topic(label) is None:
            new_topic = check_topic_name(label)
        else:
            more = " To start it, add --new-topic."
            topic = await find_topic(self.facts, label, ctx.prefix, more)
            topic_ids = (topic.id,)
        fact = Fact(
            id=0,
            topics=(),
            source=ctx[SOURCE],
            quote=ctx[QUOTE],
            note=ctx.get(NOTE) or "",
            as_of=ctx.get(self.as_of),
            topic_ids=topic_ids,
        )
        added = await self.writer.add(
            ctx.person.id,
            fact,
            new_topic=new_topic,
            force=ctx[UNVERIFIED],
            duplicate=ctx[DUPLICATE],
        )
        topics = ", ".join(added.after.topics)
        return await self._with_fact(f"Added #{added.after.id} to {topics}.", added)

    async def edit(self, ctx: Context) -> Reply:
        """!fact edit <id> key:value ..."""
        fact_id = ctx[FACT]
        if not any(change in ctx for change in self.changes):
            raise UsageError('Say what to change, e.g. note:"..." or quote:"...".')
        topic_ids = None
        if (labels := ctx.get(NEW_TOPICS)) is not None:
            topic_ids = tuple(
                [(await find_topic(self.facts, label, ctx.prefix)).id for label in labels]
            )
        edit = FactEdit(
            quote=ctx.get(NEW_QUOTE),
            source=ctx.get(NEW_SOURCE),
            topic_ids=topic_ids,
            note=ctx.get(NOTE),
            as_of=ctx.get(self.new_as_of),
            set_as_of=self.new_as_of in ctx,
        )
        edited = await self.writer.edit(ctx.person.id, fact_id, edit, force=ctx[UNVERIFIED])
        what = changes(_snapshot(edited.before), _snapshot(edited.after))
        return await self._with_fact(f"Changed #{fact_id}: {what}.", edited)

    async def delete(self, ctx: Context) -> Reply:
        """!fact delete <id>."""
        fact_id = ctx[FACT]
        await self.writer.delete(ctx.person.id, fact_id)
        return Reply.say(
            f"Deleted #{fact_id}: hidden from answers, kept in its history. "
            f"Bring it back with {ctx.prefix}fact restore {fact_id}."
        )

    async def restore(self, ctx: Context) -> Reply:
        """!fact restore <id>."""
        fact_id = ctx[FACT]
        restored = await self.writer.restore(ctx.person.id, fact_id)
        return await self._with_fact(f"Restored #{fact_id}.", restored)

    async def history(self, ctx: Context) -> Reply:
        """!fact history <id>."""
        fact_id = ctx[FACT]
        revisions = await self.facts.fact_history(fact_id)
        if not revisions:
            return Reply.say(f"#{fact_id} has not been changed since it was loaded.")
        lines = [
            Line(f"History of #{fact_id} ({plural(len(revisions), 'change')}):", Style.HEADING)
        ]
        lines += [Line(describe(revision, self.zone)) for revision in revisions]
        return Reply(tuple(lines))

    async def undo(self, ctx: Context) -> Reply:
        """!fact undo <id>."""
        fact_id = ctx[FACT]
        undone = await self.writer.undo(ctx.person.id, fact_id)
        hidden = undone.after is not None and undone.after.deleted
        if hidden and not (undone.before and undone.before.deleted):
            return Reply.say(f"Undid r{undone.undid}: #{fact_id} is hidden again (deleted).")
        return await self._with_fact(f"Undid r{undone.undid} on #{fact_id}.", undone)

    async def _with_fact(self, headline: str, change: FactChange | Change[Fact]) -> Reply:
        """A reply with ``headline``, the fact in full, and any note on its verification."""
        blocks: list[Block] = [Line(headline)]
        changed = change.after or change.before
        fact = await self.facts.fact(changed.id, include_deleted=True) if changed else None
        if fact is not None:
            blocks.append(fact.as_quote(full=True))
        note = VERDICT_NOTES.get(change.verdict) if isinstance(change, FactChange) else None
        if note:
            blocks.append(Line(f"Note: {note}.", Style.HINT))
        return Reply(tuple(blocks))


def _snapshot(fact: Fact | None) -> Snapshot | None:
    """A fact as its revision keeps it."""
    return fact.snapshot() if fact is not None else None
