"""!sources, !source <id> (everyone) and !source add (admins)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.fact_texts import worded
from bot.commands.kinds import QUOTED, SOURCE_ID, TEXT, day
from bot.commands.params import flag, option, word
from bot.commands.registry import Command, Context
from bot.core.model import Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.core.words import plural
from bot.facts.errors import NoSuchSource
from bot.facts.records import Source
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore

ONE = word("id", SOURCE_ID, missing="Give one source id.")
TITLE = word("title", QUOTED, about="the title of the article, book or page")
AUTHOR = option("author", QUOTED, required=True, about="who wrote it")
PUBLICATION = option("publication", QUOTED, required=True, about="where it was published")
LINK = option("url", TEXT, shape="...", about="a link to it (http:// or https://)")
CHOSEN_ID = option("id", SOURCE_ID, about="the id quotes will cite (made from the title if not)")
DUPLICATE = flag("duplicate", "add it even if the same source is stored")


class SourceCommands:
    """Listing the sources quotes come from, and adding new ones."""

    def __init__(
        self, facts: FactStore, writer: SourceWriter, zone: ZoneInfo, clock: Clock
    ) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone
        self.clock = clock
        self.published = option("date", day("the date", clock, zone), required=True)

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return worded([
            Command("sources", "Every source the quotes come from.", self.list_all,
                    example="sources"),
            Command("source", "One source in full: citation, link, whether its text is stored.",
                    self.show, (ONE,), "source a-fake-friend"),
            Command(
                "source add",
                "Add a source that quotes can cite.",
                self.add,
                (TITLE, AUTHOR, PUBLICATION, self.published, LINK, CHOSEN_ID, DUPLICATE),
                'source add "A fake friend" author:"Andrea D\'Cruz" publication:"Red Pepper" '
                "date:2008-12-11",
                role=Role.ADMIN,
                denied="Only admins can add sources.",
                hint="Give the title in quotes.",
            ),
        ])  # fmt: skip

    async def list_all(self, ctx: Context) -> Reply:
        """!sources."""
        sources = await self.facts.sources()
        if not sources:
            return Reply.say("There are no sources yet.")
        lines = [Line("Sources (facts quoting each):", Style.HEADING)]
        lines += [Line(f"{s.id} ({count}): {s.citation().text()}") for s, count in sources]
        lines.append(Line(f"More on one: {ctx.prefix}source <id>", Style.HINT))
        return Reply(tuple(lines))

    async def show(self, ctx: Context) -> Reply:
        """!source <id>."""
        source_id = ctx[ONE]
        found = await self.facts.source(source_id)
        if found is None:
            raise NoSuchSource(source_id)
        source = found.source
        lines = [Line(f"{source.id}: {source.citation().text()}", Style.HEADING)]
        if source.standfirst:
            lines.append(Line(source.standfirst))
        if found.text_chars:
            lines.append(
                Line(f"Full text stored ({found.text_chars:,} characters): quotes are checked.")
            )
        else:
            lines.append(Line("No text stored: quotes from it are marked unverified."))
        lines.append(Line(f"{plural(found.fact_count, 'fact quotes', 'facts quote')} it."))
        return Reply(tuple(lines))

    async def add(self, ctx: Context) -> Reply:
        """!source add "<title>" author:... publication:... date:... [url:...]."""
        source = Source(
            id=ctx.get(CHOSEN_ID) or "",
            title=ctx[TITLE],
            author=ctx[AUTHOR],
            publication=ctx[PUBLICATION],
            published=ctx[self.published],
            url=ctx.get(LINK) or "",
        )
        added = await self.writer.add(ctx.person.id, source, duplicate=ctx[DUPLICATE])
        return Reply.say(
            f"Added source {added.id}: {added.title}. It has no stored text yet, so quotes "
            f"citing it (source:{added.id}) are marked unverified."
        )
