"""!sources, !source <id> (everyone) and !source add (admins)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.commands.fact_texts import worded
from bot.commands.kinds import QUOTED, SOURCE_ID, TEXT, day
from bot.commands.params import flag, option, word
from bot.commands.registry import Command, Context
from bot.core.model import Line, Reply, Role, Style
from bot.core.ports import Clock
from bot.facts.errors import NoSuchSource
from bot.facts.records import Source
from bot.facts.source_writer import SourceWriter
from bot.facts.store import FactStore
from bot.i18n.language import N_

ONE = word("id", SOURCE_ID, missing=N_("Give one source id."))
TITLE = word("title", QUOTED, about=N_("the title of the article, book or page"))
AUTHOR = option("author", QUOTED, required=True, about=N_("who wrote it"))
PUBLICATION = option("publication", QUOTED, required=True, about=N_("where it was published"))
LINK = option("url", TEXT, shape="...", about=N_("a link to it (http:// or https://)"))
CHOSEN_ID = option(
    "id", SOURCE_ID, about=N_("the id quotes will cite (made from the title if not)")
)
DUPLICATE = flag("duplicate", N_("add it even if the same source is stored"))


class SourceCommands:
    """Listing the sources quotes come from, and adding new ones."""

    def __init__(
        self, facts: FactStore, writer: SourceWriter, zone: ZoneInfo, clock: Clock
    ) -> None:
        self.facts = facts
        self.writer = writer
        self.zone = zone
        self.clock = clock
        self.published = option("date", day("published", clock, zone), required=True)

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return worded([
            Command("sources", N_("Every source the quotes come from."), self.list_all,
                    example="sources"),
            Command("source",
                    N_("One source in full: citation, link, whether its text is stored."),
                    self.show, (ONE,), "source a-fake-friend"),
            Command(
                "source add",
                N_("Add a source that quotes can cite."),
                self.add,
                (TITLE, AUTHOR, PUBLICATION, self.published, LINK, CHOSEN_ID, DUPLICATE),
                'source add "A fake friend" author:"Andrea D\'Cruz" publication:"Red Pepper" '
                "date:2008-12-11",
                role=Role.ADMIN,
                denied=N_("Only admins can add sources."),
                hint=N_("Give the title in quotes."),
            ),
        ])  # fmt: skip

    async def list_all(self, ctx: Context) -> Reply:
        """!sources."""
        lang = ctx.lang
        sources = await self.facts.sources()
        if not sources:
            return Reply.say(lang._("There are no sources yet."))
        lines = [Line(lang._("Sources (facts quoting each):"), Style.HEADING)]
        lines += [
            Line(f"{s.id} ({lang.number(count)}): {s.citation().text(lang.dates.long_date)}")
            for s, count in sources
        ]
        more = lang._("More on one: {command}", command=f"{ctx.prefix}source <id>")
        lines.append(Line(more, Style.HINT))
        return Reply(tuple(lines))

    async def show(self, ctx: Context) -> Reply:
        """!source <id>."""
        source_id = ctx[ONE]
        found = await self.facts.source(source_id)
        if found is None:
            raise NoSuchSource(source_id)
        lang = ctx.lang
        source = found.source
        cited = source.citation().text(lang.dates.long_date)
        lines = [Line(f"{source.id}: {cited}", Style.HEADING)]
        if source.standfirst:
            lines.append(Line(source.standfirst))
        if found.text_chars:
            stored = lang._("Full text stored ({count} characters): quotes are checked.",
                            count=lang.number(found.text_chars))  # fmt: skip
            lines.append(Line(stored))
        else:
            lines.append(Line(lang._("No text stored: quotes from it are marked unverified.")))
        lines.append(Line(lang.n_("{count} fact quotes it.", "{count} facts quote it.",
                                  found.fact_count)))  # fmt: skip
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
            ctx.lang._("Added source {id}: {title}. It has no stored text yet, so quotes citing "
                       "it ({option}) are marked unverified.", id=added.id, title=added.title,
                       option=f"source:{added.id}")
        )  # fmt: skip
