"""Admin commands that change facts: !fact add, edit, translate, delete, restore, history, undo."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.fact_texts import VERDICT_NOTES, worded
from bot.commands.facts import FACT
from bot.commands.history_text import changes, describe
from bot.commands.kinds import QUOTED, SOURCE_ID, TOPIC, TOPICS, day, day_or_none
from bot.commands.params import Kind, Param, flag, option, word
from bot.commands.registry import Command, Context
from bot.commands.values import find_topic
from bot.commands.wording import quoted
from bot.core.errors import UsageError, UserError
from bot.core.language_codes import language_code
from bot.core.model import Block, Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.facts.fact_writer import FactChange, FactEdit, FactWriter
from bot.facts.history import Change
from bot.facts.records import Fact, FactTranslation, Snapshot
from bot.facts.store import FactStore
from bot.facts.translations import MAX_TRANSLATOR
from bot.facts.validation import check_topic_name
from bot.i18n.language import N_, Language

EDIT_DENIED = N_("Only admins can edit facts.")
HISTORY_DENIED = N_("Only admins can see the history of a fact.")

ADD_TOPIC = word("topic", TOPIC)
QUOTE = word("quote", QUOTED, about=N_("the quote, word for word"))
SOURCE = option(
    "source",
    SOURCE_ID,
    required=True,
    missing=N_("Say which source the quote is from, with source:<id>."),
    about=N_("the id of the source it is from"),
)
NOTE = option("note", QUOTED, about=N_("a note shown under the quote"))
NEW_QUOTE = option("quote", QUOTED, about=N_("the quote, word for word"))
NEW_TOPICS = option("topic", TOPICS)
NEW_SOURCE = option("source", SOURCE_ID, about=N_("the id of the source it is from"))
UNVERIFIED = flag("unverified", N_("keep it even if it is not word for word in its source"))
NEW_TOPIC = flag("new-topic", N_("start the topic if there is none of that name"))
DUPLICATE = flag("duplicate", N_("add it even if the same quote is stored"))
LANGUAGE = word(
    "language",
    Kind(lambda text, lang: language_code(text), N_("the language's code, like fr, es or ar"),
         shape="<language>"),
)  # fmt: skip
TRANSLATION = word(
    "translation",
    QUOTED,
    required=False,
    about=N_("the translation, in quotes (an admin's words, never the source's)"),
)
REMOVE = flag("remove", N_("remove the translation into that language"))


class FactAdminCommands:
    """Changing facts in chat; every change is checked, recorded and can be undone."""

    def __init__(
        self,
        facts: FactStore,
        writer: FactWriter,
        zone: ZoneInfo,
        clock: Clock,
        languages: tuple[str, ...] = ("en",),
    ) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone
        self.clock = clock
        # The languages a translation may be in: those the bot speaks, so it is shown.
        self.languages = languages
        self.as_of = option("as-of", day("as-of", clock, zone))
        self.new_as_of = option("as-of", day_or_none("as-of", clock, zone))
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
                N_("Add a quote, checked word for word against its source."),
                "fact add varrp “It arranges transport ‘to the home doorstep’” "
                "source:a-fake-friend",
                (ADD_TOPIC, QUOTE, SOURCE, self.as_of, NOTE, UNVERIFIED, NEW_TOPIC, DUPLICATE),
                N_("Give a topic, then the quote in quotes."),
            ),
            admin(
                "fact edit",
                N_("Change a fact's quote, topics, source, as-of date or note."),
                N_('fact edit 8 note:"Figures from 2008."'),
                (FACT, *self.changes, UNVERIFIED),
            ),
            admin(
                "fact translate",
                N_("Add your translation of a fact, shown labelled above the original."),
                # TRANSLATORS: an example: your language's code and a translation into it.
                N_('fact translate 8 fr "IOM UK gère deux programmes de retour « volontaire »"'),
                (FACT, LANGUAGE, TRANSLATION, REMOVE),
                N_("Give the fact id, the language, then the translation in quotes."),
            ),
            admin("fact delete", N_("Hide a fact from answers (kept in history)."),
                  "fact delete 8", (FACT,)),
            admin("fact restore", N_("Show a deleted fact again."), "fact restore 8", (FACT,)),
            admin("fact history", N_("Every change to a fact: who, when, what."),
                  "fact history 8", (FACT,)),
            admin("fact undo", N_("Revert a fact's last change (itself recorded)."),
                  "fact undo 8", (FACT,)),
        ])  # fmt: skip

    async def add(self, ctx: Context) -> Reply:
        """!fact add <topic> "<quote>" source:<id> ..."""
        lang = ctx.lang
        label = ctx[ADD_TOPIC]
        new_topic = None
        topic_ids: tuple[int, ...] = ()
        if ctx[NEW_TOPIC] and await self.facts.find_topic(label) is None:
            new_topic = check_topic_name(label)
        else:
            more = lang._("To start it, add --new-topic.")
            topic = await find_topic(self.facts, label, ctx.prefix, more, lang)
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
        headline = lang._("Added #{id} to {topics}.", id=added.after.id, topics=topics)
        return await self._with_fact(headline, added, lang)

    async def edit(self, ctx: Context) -> Reply:
        """!fact edit <id> key:value ..."""
        lang = ctx.lang
        fact_id = ctx[FACT]
        if not any(change in ctx for change in self.changes):
            raise UsageError(lang._('Say what to change, e.g. note:"..." or quote:"...".'))
        topic_ids = None
        if (labels := ctx.get(NEW_TOPICS)) is not None:
            topic_ids = tuple(
                [(await find_topic(self.facts, label, ctx.prefix, lang=lang)).id
                 for label in labels]
            )  # fmt: skip
        edit = FactEdit(
            quote=ctx.get(NEW_QUOTE),
            source=ctx.get(NEW_SOURCE),
            topic_ids=topic_ids,
            note=ctx.get(NOTE),
            as_of=ctx.get(self.new_as_of),
            set_as_of=self.new_as_of in ctx,
        )
        edited = await self.writer.edit(ctx.person.id, fact_id, edit, force=ctx[UNVERIFIED])
        what = changes(_snapshot(edited.before), _snapshot(edited.after), lang)
        headline = lang._("Changed #{id}: {changes}.", id=fact_id, changes=what)
        reply = await self._with_fact(headline, edited, lang)
        before, after = edited.before, edited.after
        if before and after and after.translations and before.quote != after.quote:
            codes = ", ".join(t.language for t in after.translations)
            stale = lang._("Its translations ({languages}) were made for the old quote: check "
                           "them, and change them with {command}.", languages=codes,
                           command=f"{ctx.prefix}fact translate {fact_id}")  # fmt: skip
            reply = replace(reply, blocks=(*reply.blocks, Line(stale, Style.HINT)))
        return reply

    async def translate(self, ctx: Context) -> Reply:
        """!fact translate <id> <language> "<translation>" (or --remove)."""
        lang = ctx.lang
        fact_id, code = ctx[FACT], ctx[LANGUAGE]
        if code not in self.languages:
            # The command was typed right: the list of languages is the whole answer.
            raise UserError(lang._("The bot speaks {languages}: translate into one of them.",
                                    languages=", ".join(self.languages)))  # fmt: skip
        text = ctx.get(TRANSLATION)
        if ctx[REMOVE]:
            if text is not None:
                raise UsageError(lang._("Give the translation or --remove, not both."))
            changed = await self.writer.untranslate(ctx.person.id, fact_id, code)
            headline = lang._("Removed the {language} translation of #{id}.", language=code,
                              id=fact_id)  # fmt: skip
            return await self._with_fact(headline, changed, lang)
        if text is None:
            raise UsageError(lang._("Give the translation in quotes, or --remove."))
        # A display name may be longer than a translator's name is kept: cut, never refused.
        translator = ctx.person.name[:MAX_TRANSLATOR]
        translation = FactTranslation(code, text, translator)
        changed = await self.writer.translate(ctx.person.id, fact_id, translation)
        headline = lang._("Translated #{id} into {language}: shown as a translation, with the "
                          "original beneath it.", id=fact_id, language=code)  # fmt: skip
        return await self._with_fact(headline, changed, lang)

    async def delete(self, ctx: Context) -> Reply:
        """!fact delete <id>."""
        fact_id = ctx[FACT]
        await self.writer.delete(ctx.person.id, fact_id)
        return Reply.say(
            ctx.lang._("Deleted #{id}: hidden from answers, kept in its history. Bring it back "
                       "with {command}.", id=fact_id,
                       command=f"{ctx.prefix}fact restore {fact_id}")
        )  # fmt: skip

    async def restore(self, ctx: Context) -> Reply:
        """!fact restore <id>."""
        fact_id = ctx[FACT]
        restored = await self.writer.restore(ctx.person.id, fact_id)
        return await self._with_fact(ctx.lang._("Restored #{id}.", id=fact_id), restored, ctx.lang)

    async def history(self, ctx: Context) -> Reply:
        """!fact history <id>."""
        lang = ctx.lang
        fact_id = ctx[FACT]
        revisions = await self.facts.fact_history(fact_id)
        if not revisions:
            return Reply.say(lang._("#{id} has not been changed since it was loaded.", id=fact_id))
        heading = lang.n_("History of #{id} ({count} change):",
                          "History of #{id} ({count} changes):", len(revisions),
                          id=fact_id)  # fmt: skip
        lines = [Line(heading, Style.HEADING)]
        lines += [Line(describe(revision, self.zone, lang)) for revision in revisions]
        return Reply(tuple(lines))

    async def undo(self, ctx: Context) -> Reply:
        """!fact undo <id>."""
        lang = ctx.lang
        fact_id = ctx[FACT]
        undone = await self.writer.undo(ctx.person.id, fact_id)
        hidden = undone.after is not None and undone.after.deleted
        if hidden and not (undone.before and undone.before.deleted):
            return Reply.say(lang._("Undid r{revision}: #{id} is hidden again (deleted).",
                                    revision=undone.undid, id=fact_id))  # fmt: skip
        headline = lang._("Undid r{revision} on #{id}.", revision=undone.undid, id=fact_id)
        return await self._with_fact(headline, undone, lang)

    async def _with_fact(
        self, headline: str, change: FactChange | Change[Fact], lang: Language
    ) -> Reply:
        """A reply with ``headline``, the fact in full, and any note on its verification."""
        blocks: list[Block] = [Line(headline)]
        changed = change.after or change.before
        fact = await self.facts.fact(changed.id, include_deleted=True) if changed else None
        if fact is not None:
            blocks.append(quoted(fact, lang, full=True))
        note = VERDICT_NOTES.get(change.verdict) if isinstance(change, FactChange) else None
        if note:
            blocks.append(Line(lang._("Note: {note}.", note=lang._(note)), Style.HINT))
        return Reply(tuple(blocks))


def _snapshot(fact: Fact | None) -> Snapshot | None:
    """A fact as its revision keeps it."""
    return fact.snapshot() if fact is not None else None
