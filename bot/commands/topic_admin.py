"""Admin commands that change topics: !topic alias, unalias, rename, history and undo."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.fact_texts import worded
from bot.commands.history_text import describe
from bot.commands.kinds import TEXT, TOPIC
from bot.commands.params import word, words
from bot.commands.registry import Command, Context
from bot.core.model import Line, Reply, Role, Style
from bot.core.words import plural
from bot.facts.store import FactStore
from bot.facts.topic_writer import TopicWriter

DENIED = "Only admins can change topics."

NAMED = word("topic", TOPIC)
ALIAS = words("alias", TEXT, about="another word or phrase for the topic")
ALIAS_ONLY = words("alias", TEXT, missing="Give the alias to remove.")
OLD = word("old", TOPIC, about="the topic's name now")
NEW = word("new", TEXT, about="its new name: lower-case letters, digits and dashes")
WHOLE_NAME = words("topic", TOPIC, missing="Give the topic.")


class TopicAdminCommands:
    """Changing topic names and aliases in chat; every change is recorded and can be undone."""

    def __init__(self, facts: FactStore, writer: TopicWriter, zone: ZoneInfo) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        rename_hint = "Give the topic's name, then its new name."
        return worded([
            Command("topic alias", "Let another word or phrase find a topic.", self.alias,
                    (NAMED, ALIAS), "topic alias varrp assisted return", role=Role.ADMIN,
                    denied=DENIED, hint="Give the topic, then the new alias."),
            Command("topic unalias", "Stop an alias finding its topic.", self.unalias,
                    (ALIAS_ONLY,), "topic unalias money", role=Role.ADMIN, denied=DENIED),
            Command("topic rename", "Give a topic a new name (its aliases stay).", self.rename,
                    (OLD, NEW), "topic rename iau gmiau-refusal", role=Role.ADMIN, denied=DENIED,
                    hint=rename_hint),
            Command("topic history", "Every change to a topic: who, when, what.", self.history,
                    (WHOLE_NAME,), "topic history varrp", role=Role.ADMIN, denied=DENIED),
            Command("topic undo", "Revert a topic's last change (itself recorded).", self.undo,
                    (WHOLE_NAME,), "topic undo varrp", role=Role.ADMIN, denied=DENIED),
        ])  # fmt: skip

    async def alias(self, ctx: Context) -> Reply:
        """!topic alias <topic> <alias>."""
        topic, alias = ctx[NAMED], ctx[ALIAS]
        outcome = await self.writer.alias(ctx.person.id, topic, alias)
        name = outcome.after.name if outcome.after else topic
        return Reply.say(f"'{alias}' now finds {name}: try {ctx.prefix}facts {name}.")

    async def unalias(self, ctx: Context) -> Reply:
        """!topic unalias <alias>."""
        alias = ctx[ALIAS_ONLY]
        outcome = await self.writer.unalias(ctx.person.id, alias)
        name = outcome.after.name if outcome.after else "its topic"
        return Reply.say(f"'{alias}' no longer finds {name}.")

    async def rename(self, ctx: Context) -> Reply:
        """!topic rename <old> <new>."""
        old, new = ctx[OLD], ctx[NEW]
        outcome = await self.writer.rename(ctx.person.id, old, new)
        before = outcome.before.name if outcome.before else old
        return Reply.say(f"Renamed the topic {before} to {new}.")

    async def history(self, ctx: Context) -> Reply:
        """!topic history <topic>."""
        name, revisions = await self.facts.topic_history(ctx[WHOLE_NAME])
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
        undone = await self.writer.undo(ctx.person.id, ctx[WHOLE_NAME])
        if undone.after is None:
            name = undone.before.name if undone.before else ctx[WHOLE_NAME]
            return Reply.say(f"Undid r{undone.undid}: the topic {name} is removed again.")
        return Reply.say(f"Undid r{undone.undid} on the topic {undone.after.name}.")
