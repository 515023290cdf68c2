"""Admin commands that change facts: !fact add, edit, delete, restore, history and undo."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from bot.commands.facts import parse_fact_id
from bot.commands.history_text import changes, describe
from bot.commands.registry import Command, Context
from bot.commands.values import find_topic, parse_day, split_topics, today
from bot.core.errors import UsageError, UserError
from bot.core.model import Block, Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.core.words import plural
from bot.storage.duplicates import RepeatedQuote
from bot.storage.fact_state import FactState
from bot.storage.fact_writer import FactWriter, NotVerbatim, Outcome
from bot.storage.facts import FactRepository
from bot.storage.revisions import RevisionLog
from bot.storage.topic_state import check_topic_name

EDIT_DENIED = "Only admins can edit facts."
HISTORY_DENIED = "Only admins can see the history of a fact."
FORCE_HINT = "Fix the quote, or add --unverified to keep it marked unverified."
DUPLICATE_HINT = "See it with {prefix}fact {fact_id}; to add it anyway, add --duplicate."


class FactAdminCommands:
    """Changing facts in chat; every change is checked, recorded and can be undone."""

    def __init__(
        self,
        facts: FactRepository,
        writer: FactWriter,
        log: RevisionLog,
        zone: ZoneInfo,
        clock: Clock,
    ) -> None:
        self.facts = facts
        self.writer = writer
        self.log = log
        self.zone = zone
        self.clock = clock

    def _today(self) -> date:
        """The group's date now (an as-of date may not be after it)."""
        return today(self.clock, self.zone)

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

        return [
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
        ]  # fmt: skip

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
            topic = await find_topic(self.facts, label, " To start it, add --new-topic.")
            topic_ids = (topic.id,)
        as_of = ctx.args.options.get("as-of")
        state = FactState(
            source=source,
            quote=quote,
            topic_ids=topic_ids,
            note=ctx.args.options.get("note", ""),
            as_of=parse_day(as_of, "the as-of date", self._today()).isoformat() if as_of else None,
        )
        try:
            outcome = await self._checked(
                self.writer.add(
                    ctx.person.id,
                    state,
                    new_topic=new_topic,
                    force="unverified" in ctx.args.flags,
                    duplicate="duplicate" in ctx.args.flags,
                )
            )
        except RepeatedQuote as repeated:
            hint = DUPLICATE_HINT.format(prefix=ctx.prefix, fact_id=repeated.fact_ids[0])
            raise UserError(f"{repeated} {hint}") from None
        topics = ", ".join(outcome.after.topics)
        return await self._with_fact(f"Added #{outcome.fact_id} to {topics}.", outcome)

    async def edit(self, ctx: Context) -> Reply:
        """!fact edit <id> key:value ..."""
        fact_id = self._one_id(ctx)
        options = ctx.args.options
        if not options:
            raise UsageError('Say what to change, e.g. note:"..." or quote:"...".')
        topic_ids = None
        if "topic" in options:
            labels = split_topics(options["topic"])
            topic_ids = tuple([(await find_topic(self.facts, label)).id for label in labels])
        as_of: str | None = None
        if options.get("as-of", "none").lower() not in {"none", ""}:
            as_of = parse_day(options["as-of"], "the as-of date", self._today()).isoformat()

        def change(state: FactState) -> FactState:
            if "as-of" in options:
                state = replace(state, as_of=as_of)
            if topic_ids is not None:
                state = replace(state, topic_ids=topic_ids)
            return replace(
                state,
                quote=options.get("quote", state.quote),
                source=options.get("source", state.source),
                note=options.get("note", state.note),
            )

        outcome = await self._checked(
            self.writer.edit(ctx.person.id, fact_id, change, force="unverified" in ctx.args.flags)
        )
        before = outcome.before.to_dict() if outcome.before else None
        what = changes(before, outcome.after.to_dict())
        return await self._with_fact(f"Changed #{fact_id}: {what}.", outcome)

    async def delete(self, ctx: Context) -> Reply:
        """!fact delete <id>."""
        fact_id = self._one_id(ctx)
        await self.writer.delete(ctx.person.id, fact_id)
        return Reply.say(
            f"Deleted #{fact_id}: hidden from answers, kept in its history. "
            f"Bring it back with {ctx.prefix}fact undo {fact_id}."
        )

    async def restore(self, ctx: Context) -> Reply:
        """!fact restore <id>."""
        fact_id = self._one_id(ctx)
        outcome = await self.writer.restore(ctx.person.id, fact_id)
        return await self._with_fact(f"Restored #{fact_id}.", outcome)

    async def history(self, ctx: Context) -> Reply:
        """!fact history <id>."""
        fact_id = self._one_id(ctx)
        if await self.facts.fact(fact_id, include_deleted=True) is None:
            raise UserError(f"There is no fact #{fact_id}.")
        revisions = await self.log.of("fact", str(fact_id))
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
        outcome, undone = await self.writer.undo(ctx.person.id, fact_id)
        if outcome.after.deleted and not (outcome.before and outcome.before.deleted):
            return Reply.say(f"Undid r{undone}: #{fact_id} is hidden again (deleted).")
        return await self._with_fact(f"Undid r{undone} on #{fact_id}.", outcome)

    def _one_id(self, ctx: Context) -> int:
        """The single fact id the command names."""
        if len(ctx.args.words) != 1:
            raise UsageError("Give one fact id.")
        return parse_fact_id(ctx.args.words[0])

    async def _checked(self, change: Awaitable[Outcome]) -> Outcome:
        """Await a change; a quote not found in its source gets the way forward added."""
        try:
            return await change
        except NotVerbatim as refusal:
            raise UserError(f"{refusal}\n{FORCE_HINT}") from None

    async def _with_fact(self, headline: str, outcome: Outcome) -> Reply:
        """A reply with ``headline``, the fact in full, and any remark about verification."""
        blocks: list[Block] = [Line(headline)]
        fact = await self.facts.fact(outcome.fact_id, include_deleted=True)
        if fact is not None:
            blocks.append(fact.as_quote(full=True))
        if outcome.remark:
            blocks.append(Line(f"Note: {outcome.remark}.", Style.HINT))
        return Reply(tuple(blocks))
