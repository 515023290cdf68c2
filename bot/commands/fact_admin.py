"""Admin commands that change facts: !fact add, edit, delete, restore, history and undo."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.commands.fact_texts import VERDICT_NOTES, worded
from bot.commands.facts import parse_fact_id
from bot.commands.history_text import changes, describe
from bot.commands.registry import Command, Context
from bot.commands.values import find_topic, parse_day, split_topics, today
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


class FactAdminCommands:
    """Changing facts in chat; every change is checked, recorded and can be undone."""

    def __init__(self, facts: FactStore, writer: FactWriter, zone: ZoneInfo, clock: Clock) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone
        self.clock = clock

    def commands(self) -> list[Command]:
        """The commands this group provides."""

        def admin(
            name: str,
            summary: str,
            usage: str,
            example: str,
            options: frozenset[str] = frozenset(),
            flags: frozenset[str] = frozenset(),
        ) -> Command:
            handler = getattr(self, name.split()[1])
            denied = HISTORY_DENIED if name == "fact history" else EDIT_DENIED
            return Command(
                name, summary, usage, handler, example, role=Role.ADMIN, denied=denied,
                options=options, flags=flags,
            )  # fmt: skip

        return worded([
            admin(
                "fact add",
                "Add a quote, checked word for word against its source.",
                'fact add <topic> "<quote>" source:<source-id> [as-of:YYYY-MM-DD] [note:"..."]'
                " [--unverified] [--new-topic] [--duplicate]",
                "fact add varrp “It arranges transport ‘to the home doorstep’” "
                "source:a-fake-friend",
                options=frozenset({"source", "as-of", "note"}),
                flags=frozenset({"unverified", "new-topic", "duplicate"}),
            ),
            admin(
                "fact edit",
                "Change a fact's quote, topics, source, as-of date or note.",
                'fact edit <id> [quote:"..."] [topic:<topic>,...] [source:<id>]'
                ' [as-of:YYYY-MM-DD|none] [note:"..."] [--unverified]',
                'fact edit 8 note:"Figures from 2008."',
                options=frozenset({"quote", "topic", "source", "as-of", "note"}),
                flags=frozenset({"unverified"}),
            ),
            admin("fact delete", "Hide a fact from answers (kept in history).", "fact delete <id>",
                  "fact delete 8"),
            admin("fact restore", "Show a deleted fact again.", "fact restore <id>",
                  "fact restore 8"),
            admin("fact history", "Every change to a fact: who, when, what.",
                  "fact history <id>", "fact history 8"),
            admin("fact undo", "Revert a fact's last change (itself recorded).", "fact undo <id>",
                  "fact undo 8"),
        ])  # fmt: skip

    async def add(self, ctx: Context) -> Reply:
        """!fact add <topic> "<quote>" source:<id> ..."""
        if len(ctx.args.words) != 2:
            raise UsageError("Give a topic, then the quote in quotes.")
        label, quote = ctx.args.words
        source = ctx.args.options.get("source")
        if not source:
            raise UsageError("Say which source the quote is from, with source:<id>.")
        new_topic = None
        topic_ids: tuple[int, ...] = ()
        if "new-topic" in ctx.args.flags and await self.facts.find_topic(label) is None:
            new_topic = check_topic_name(label)
        else:
            more = " To start it, add --new-topic."
            topic = await find_topic(self.facts, label, ctx.prefix, more)
            topic_ids = (topic.id,)
        as_of = ctx.args.options.get("as-of")
        latest = today(self.clock, self.zone)
        fact = Fact(
            id=0,
            topics=(),
            source=source,
            quote=quote,
            note=ctx.args.options.get("note", ""),
            as_of=parse_day(as_of, "the as-of date", latest) if as_of else None,
            topic_ids=topic_ids,
        )
        added = await self.writer.add(
            ctx.person.id,
            fact,
            new_topic=new_topic,
            force="unverified" in ctx.args.flags,
            duplicate="duplicate" in ctx.args.flags,
        )
        topics = ", ".join(added.after.topics)
        return await self._with_fact(f"Added #{added.after.id} to {topics}.", added)

    async def edit(self, ctx: Context) -> Reply:
        """!fact edit <id> key:value ..."""
        fact_id = self._one_id(ctx)
        options = ctx.args.options
        if not options:
            raise UsageError('Say what to change, e.g. note:"..." or quote:"...".')
        topic_ids = None
        if "topic" in options:
            labels = split_topics(options["topic"])
            topic_ids = tuple(
                [(await find_topic(self.facts, label, ctx.prefix)).id for label in labels]
            )
        as_of: date | None = None
        if options.get("as-of", "none").lower() not in {"none", ""}:
            as_of = parse_day(options["as-of"], "the as-of date", today(self.clock, self.zone))
        edit = FactEdit(
            quote=options.get("quote"),
            source=options.get("source"),
            topic_ids=topic_ids,
            note=options.get("note"),
            as_of=as_of,
            set_as_of="as-of" in options,
        )
        force = "unverified" in ctx.args.flags
        edited = await self.writer.edit(ctx.person.id, fact_id, edit, force=force)
        what = changes(_snapshot(edited.before), _snapshot(edited.after))
        return await self._with_fact(f"Changed #{fact_id}: {what}.", edited)

    async def delete(self, ctx: Context) -> Reply:
        """!fact delete <id>."""
        fact_id = self._one_id(ctx)
        await self.writer.delete(ctx.person.id, fact_id)
        return Reply.say(
            f"Deleted #{fact_id}: hidden from answers, kept in its history. "
            f"Bring it back with {ctx.prefix}fact restore {fact_id}."
        )

    async def restore(self, ctx: Context) -> Reply:
        """!fact restore <id>."""
        fact_id = self._one_id(ctx)
        restored = await self.writer.restore(ctx.person.id, fact_id)
        return await self._with_fact(f"Restored #{fact_id}.", restored)

    async def history(self, ctx: Context) -> Reply:
        """!fact history <id>."""
        fact_id = self._one_id(ctx)
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
        fact_id = self._one_id(ctx)
        undone = await self.writer.undo(ctx.person.id, fact_id)
        hidden = undone.after is not None and undone.after.deleted
        if hidden and not (undone.before and undone.before.deleted):
            return Reply.say(f"Undid r{undone.undid}: #{fact_id} is hidden again (deleted).")
        return await self._with_fact(f"Undid r{undone.undid} on #{fact_id}.", undone)

    def _one_id(self, ctx: Context) -> int:
        """The single fact id the command names."""
        if len(ctx.args.words) != 1:
            raise UsageError("Give one fact id.")
        return parse_fact_id(ctx.args.words[0])

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
