"""Admin commands that change topics: !topic alias, unalias, rename, history and undo."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.fact_texts import worded
from bot.commands.history_text import describe
from bot.commands.kinds import TEXT, TOPIC
from bot.commands.params import word, words
from bot.commands.registry import Command, Context
from bot.core.model import Line, Reply, Role, Style
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter
from bot.i18n.language import N_

DENIED = N_("Only admins can change topics.")

NAMED = word("topic", TOPIC)
ALIAS = words("alias", TEXT, about=N_("another word or phrase for the topic"))
ALIAS_ONLY = words("alias", TEXT, missing=N_("Give the alias to remove."))
OLD = word("old", TOPIC, about=N_("the topic's name now"))
NEW = word("new", TEXT, about=N_("its new name: lower-case letters, digits and dashes"))
WHOLE_NAME = words("topic", TOPIC, missing=N_("Give the topic."))


class TopicAdminCommands:
    """Changing topic names and aliases in chat; every change is recorded and can be undone."""

    def __init__(self, facts: FactStore, writer: TopicWriter, zone: ZoneInfo) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        rename_hint = N_("Give the topic's name, then its new name.")
        return worded([
            Command("topic alias", N_("Let another word or phrase find a topic."), self.alias,
                    (NAMED, ALIAS), "topic alias varrp assisted return", role=Role.ADMIN,
                    denied=DENIED, hint=N_("Give the topic, then the new alias.")),
            Command("topic unalias", N_("Stop an alias finding its topic."), self.unalias,
                    (ALIAS_ONLY,), "topic unalias money", role=Role.ADMIN, denied=DENIED),
            Command("topic rename", N_("Give a topic a new name (its aliases stay)."),
                    self.rename, (OLD, NEW), "topic rename iau gmiau-refusal", role=Role.ADMIN,
                    denied=DENIED, hint=rename_hint),
            Command("topic history", N_("Every change to a topic: who, when, what."),
                    self.history, (WHOLE_NAME,), "topic history varrp", role=Role.ADMIN,
                    denied=DENIED),
            Command("topic undo", N_("Revert a topic's last change (itself recorded)."),
                    self.undo, (WHOLE_NAME,), "topic undo varrp", role=Role.ADMIN,
                    denied=DENIED),
        ])  # fmt: skip

    async def alias(self, ctx: Context) -> Reply:
        """!topic alias <topic> <alias>."""
        topic, alias = ctx[NAMED], ctx[ALIAS]
        outcome = await self.writer.alias(ctx.person.id, topic, alias)
        name = outcome.after.name if outcome.after else topic
        return Reply.say(ctx.lang._("'{alias}' now finds {topic}: try {command}.", alias=alias,
                                    topic=name, command=f"{ctx.prefix}facts {name}"))  # fmt: skip

    async def unalias(self, ctx: Context) -> Reply:
        """!topic unalias <alias>."""
        alias = ctx[ALIAS_ONLY]
        outcome = await self.writer.unalias(ctx.person.id, alias)
        if outcome.after is None:
            return Reply.say(ctx.lang._("'{alias}' no longer finds its topic.", alias=alias))
        return Reply.say(ctx.lang._("'{alias}' no longer finds {topic}.", alias=alias,
                                    topic=outcome.after.name))  # fmt: skip

    async def rename(self, ctx: Context) -> Reply:
        """!topic rename <old> <new>."""
        old, new = ctx[OLD], ctx[NEW]
        outcome = await self.writer.rename(ctx.person.id, old, new)
        before = outcome.before.name if outcome.before else old
        return Reply.say(ctx.lang._("Renamed the topic {old} to {new}.", old=before, new=new))

    async def history(self, ctx: Context) -> Reply:
        """!topic history <topic>."""
        lang = ctx.lang
        name, revisions = await self.facts.topic_history(ctx[WHOLE_NAME])
        if not revisions:
            return Reply.say(
                lang._("The topic {topic} has not been changed since it was loaded.", topic=name)
            )
        heading = lang.n_("History of the topic {topic} ({count} change):",
                          "History of the topic {topic} ({count} changes):", len(revisions),
                          topic=name)  # fmt: skip
        lines = [Line(heading, Style.HEADING)]
        lines += [Line(describe(revision, self.zone, lang)) for revision in revisions]
        return Reply(tuple(lines))

    async def undo(self, ctx: Context) -> Reply:
        """!topic undo <topic>."""
        lang = ctx.lang
        undone = await self.writer.undo(ctx.person.id, ctx[WHOLE_NAME])
        if undone.after is None:
            name = undone.before.name if undone.before else ctx[WHOLE_NAME]
            return Reply.say(lang._("Undid r{revision}: the topic {topic} is removed again.",
                                    revision=undone.undid, topic=name))  # fmt: skip
        return Reply.say(lang._("Undid r{revision} on the topic {topic}.", revision=undone.undid,
                                topic=undone.after.name))  # fmt: skip
