"""Admin commands that change topics: !topic alias, unalias, rename, history and undo."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.fact_texts import worded
from bot.commands.history_text import describe
from bot.commands.registry import Command, Context
from bot.core.errors import UsageError
from bot.core.model import Line, Reply, Role, Style
from bot.core.words import plural
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter

DENIED = "Only admins can change topics."


class TopicAdminCommands:
    """Changing topic names and aliases in chat; every change is recorded and can be undone."""

    def __init__(self, facts: FactStore, writer: TopicWriter, zone: ZoneInfo) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return worded([
            Command("topic alias", "Let another word or phrase find a topic.",
                    "topic alias <topic> <alias>", self.alias, "topic alias varrp assisted return",
                    role=Role.ADMIN, denied=DENIED),
            Command("topic unalias", "Stop an alias finding its topic.", "topic unalias <alias>",
                    self.unalias, "topic unalias money", role=Role.ADMIN, denied=DENIED),
            Command("topic rename", "Give a topic a new name (its aliases stay).",
                    "topic rename <old> <new>", self.rename, "topic rename iau gmiau-refusal",
                    role=Role.ADMIN, denied=DENIED),
            Command("topic history", "Every change to a topic: who, when, what.",
                    "topic history <topic>", self.history, "topic history varrp",
                    role=Role.ADMIN, denied=DENIED),
            Command("topic undo", "Revert a topic's last change (itself recorded).",
                    "topic undo <topic>", self.undo, "topic undo varrp",
                    role=Role.ADMIN, denied=DENIED),
        ])  # fmt: skip

    async def alias(self, ctx: Context) -> Reply:
        """!topic alias <topic> <alias>."""
        if len(ctx.args.words) < 2:
            raise UsageError("Give the topic, then the new alias.")
        topic, *alias = ctx.args.words
        outcome = await self.writer.alias(ctx.person.id, topic, " ".join(alias))
        name = outcome.after.name if outcome.after else topic
        return Reply.say(f"'{' '.join(alias)}' now finds {name}: try {ctx.prefix}facts {name}.")

    async def unalias(self, ctx: Context) -> Reply:
        """!topic unalias <alias>."""
        if not ctx.args.words:
            raise UsageError("Give the alias to remove.")
        alias = ctx.args.rest
        outcome = await self.writer.unalias(ctx.person.id, alias)
        name = outcome.after.name if outcome.after else "its topic"
        return Reply.say(f"'{alias}' no longer finds {name}.")

    async def rename(self, ctx: Context) -> Reply:
        """!topic rename <old> <new>."""
        if len(ctx.args.words) != 2:
            raise UsageError("Give the topic's name, then its new name.")
        old, new = ctx.args.words
        outcome = await self.writer.rename(ctx.person.id, old, new)
        before = outcome.before.name if outcome.before else old
        return Reply.say(f"Renamed the topic {before} to {new}.")

    async def history(self, ctx: Context) -> Reply:
        """!topic history <topic>."""
        if not ctx.args.words:
            raise UsageError("Give the topic.")
        name, revisions = await self.facts.topic_history(ctx.args.rest)
        if not revisions:
            return Reply.say(f"The topic {name} has not been changed since it was loaded.")
        lines = [
            Line(
                f"History of the topic {name} ({plural(len(revisions), 'change')}):", Style.HEADING
            )
        ]
        lines += [Line(describe(revision, self.zone)) for revision in revisions]
        return Reply(tuple(lines))

    async def undo(self, ctx: Context) -> Reply:
        """!topic undo <topic>."""
        if not ctx.args.words:
            raise UsageError("Give the topic.")
        undone = await self.writer.undo(ctx.person.id, ctx.args.rest)
        if undone.after is None:
            name = undone.before.name if undone.before else ctx.args.rest
            return Reply.say(f"Undid r{undone.undid}: the topic {name} is removed again.")
        return Reply.say(f"Undid r{undone.undid} on the topic {undone.after.name}.")
