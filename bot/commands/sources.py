"""!sources, !source <id> (everyone) and !source add (admins)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.registry import Command, Context
from bot.commands.router import shorten
from bot.commands.values import parse_day, today
from bot.core.errors import UsageError, UserError
from bot.core.model import Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.core.words import plural
from bot.storage.factfile import SourceEntry
from bot.storage.facts import FactRepository
from bot.storage.source_writer import RepeatedSource, SourceWriter


class SourceCommands:
    """Listing the sources quotes come from, and adding new ones."""

    def __init__(
        self, facts: FactRepository, writer: SourceWriter, clock: Clock, zone: ZoneInfo
    ) -> None:
        self.facts = facts
        self.writer = writer
        self.clock = clock
        self.zone = zone

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return [
            Command("sources", "Every source the quotes come from.", "sources", self.list_all,
                    "sources"),
            Command("source", "One source in full: citation, link, whether its text is stored.",
                    "source <id>", self.show, "source a-fake-friend"),
            Command(
                "source add",
                "Add a source that quotes can cite.",
                'source add "<title>" author:"..." publication:"..." date:YYYY-MM-DD [url:...]'
                " [--duplicate]",
                self.add,
                'source add "A fake friend" author:"Andrea D\'Cruz" publication:"Red Pepper" '
                "date:2008-12-11",
                role=Role.ADMIN,
                denied="Only admins can add sources.",
                options=frozenset({"author", "publication", "date", "url", "id"}),
                flags=frozenset({"duplicate"}),
            ),
        ]  # fmt: skip

    async def list_all(self, ctx: Context) -> Reply:
        """!sources."""
        sources = await self.facts.sources()
        if not sources:
            return Reply.say("There are no sources yet.")
        counts = await self.facts.source_fact_counts()
        lines = [Line("Sources (facts quoting each):", Style.HEADING)]
        lines += [Line(f"{s.id} ({counts.get(s.id, 0)}): {s.citation().text()}") for s in sources]
        lines.append(Line(f"More on one: {ctx.prefix}source <id>", Style.HINT))
        return Reply(tuple(lines))

    async def show(self, ctx: Context) -> Reply:
        """!source <id>."""
        if len(ctx.args.words) != 1:
            raise UsageError("Give one source id.")
        source_id = ctx.args.words[0]
        source = await self.facts.source(source_id)
        if source is None:
            raise UserError(
                f"There is no source '{shorten(source_id, 40)}'. "
                f"See the ids with {ctx.prefix}sources."
            )
        text = await self.facts.source_text(source.id)
        count = (await self.facts.source_fact_counts()).get(source.id, 0)
        lines = [Line(f"{source.id}: {source.citation().text()}", Style.HEADING)]
        if source.standfirst:
            lines.append(Line(source.standfirst))
        if text:
            lines.append(Line(f"Full text stored ({len(text):,} characters): quotes are checked."))
        else:
            lines.append(Line("No text stored: quotes from it are marked unverified."))
        lines.append(Line(f"{plural(count, 'fact quotes', 'facts quote')} it."))
        return Reply(tuple(lines))

    async def add(self, ctx: Context) -> Reply:
        """!source add "<title>" author:... publication:... date:... [url:...]."""
        if len(ctx.args.words) != 1:
            raise UsageError("Give the title in quotes.")
        options = ctx.args.options
        missing = [key for key in ("author", "publication", "date") if not options.get(key)]
        if missing:
            raise UsageError("Also give " + ", ".join(f"{key}:" for key in missing) + ".")
        entry = SourceEntry(
            id=options.get("id", ""),
            title=ctx.args.words[0],
            author=options["author"],
            publication=options["publication"],
            published=parse_day(options["date"], "the date", today(self.clock, self.zone)),
            url=options.get("url", ""),
        )
        try:
            added = await self.writer.add(
                ctx.person.id, entry, duplicate="duplicate" in ctx.args.flags
            )
        except RepeatedSource as repeated:
            raise UserError(
                f"{repeated} See it with {ctx.prefix}source {repeated.source_id};"
                " to add it anyway, add --duplicate."
            ) from None
        return Reply.say(
            f"Added source {added.id}: {added.title}. It has no stored text yet, so quotes "
            f"citing it (source:{added.id}) are marked unverified."
        )
