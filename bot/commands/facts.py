"""Commands that answer with facts: !iom, !facts, !facts search, !fact <id>."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.commands.registry import Command, Context, Handler
from bot.commands.router import shorten
from bot.core.cache import VersionedCache
from bot.core.errors import UsageError
from bot.core.model import Block, Line, Reply, Style
from bot.core.words import plural
from bot.facts.store import FactRepository

OVERVIEW_TOPIC = "iom"
OVERVIEW_SIZE = 5
SEARCH_LIMIT = 5


def paginate(sizes: list[tuple[int, int]], per_page: int, max_chars: int) -> list[list[int]]:
    """Fact ids (with quote lengths) in pages of at most ``per_page`` and about ``max_chars``."""
    pages: list[list[int]] = []
    page: list[int] = []
    size = 0
    for fact, length in sizes:
        cost = length + 120
        if page and (len(page) >= per_page or size + cost > max_chars):
            pages.append(page)
            page, size = [], 0
        page.append(fact)
        size += cost
    if page:
        pages.append(page)
    return pages


def parse_fact_id(text: str) -> int:
    """The fact id in ``text`` ('12' or '#12')."""
    digits = text.strip().removeprefix("#")
    if not digits.isdecimal() or len(digits) > 9:
        raise UsageError(f"'{shorten(text, 20)}' is not a fact id: fact ids are numbers like 12.")
    return int(digits)


class FactCommands:
    """The read-only fact commands, over one fact repository."""

    def __init__(
        self,
        facts: FactRepository,
        cache: VersionedCache | None = None,
        per_page: int = 5,
        page_chars: int = 1600,
    ) -> None:
        self.facts = facts
        self.cache = cache
        self.per_page = per_page
        self.page_chars = page_chars

    def cached(self, handler: Handler) -> Handler:
        """``handler`` answering from the cache while the database is unchanged."""
        if self.cache is None:
            return handler
        cache = self.cache

        async def answer(ctx: Context) -> Reply:
            args = ctx.args
            key = (handler, ctx.prefix, args.words, tuple(sorted(args.options.items())), args.flags)
            return await cache.get(key, lambda: handler(ctx))

        return answer

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return [
            Command(
                "iom",
                "A short overview of the IOM, with sources.",
                "iom",
                self.cached(self.overview),
                example="iom",
            ),
            Command(
                "facts",
                "List topics, or show the quotes on one topic.",
                "facts [topic] [page]",
                self.cached(self.topic),
                example="facts varrp",
                aliases=("topic", "topics"),
            ),
            Command(
                "facts search",
                "Search every quote and note for words.",
                "facts search <words>",
                self.cached(self.search),
                example="facts search waiver",
                aliases=("search",),
            ),
            Command(
                "fact",
                "Show one fact in full, with its source.",
                "fact <id>",
                self.cached(self.show),
                example="fact 8",
            ),
        ]

    async def overview(self, ctx: Context) -> Reply:
        """!iom: a few key quotes, cited once at the foot."""
        topic = await self.facts.find_topic(OVERVIEW_TOPIC)
        facts = await self.facts.facts_for_topic(topic.id, OVERVIEW_SIZE) if topic else []
        if not topic or not facts:
            return Reply.oops(f"No overview yet. Try {ctx.prefix}facts for the topics.")
        one_source = len({fact.source.id for fact in facts}) == 1
        blocks: list[Block] = [Line(topic.title or topic.name, Style.HEADING)]
        blocks += [fact.as_quote(cited=not one_source) for fact in facts]
        return Reply(tuple(blocks), footer=facts[0].source.citation() if one_source else None)

    async def topic(self, ctx: Context) -> Reply:
        """!facts [topic] [page]: the topic list, or one page of a topic's quotes."""
        words = list(ctx.args.words)
        if not words:
            return await self._topic_list(ctx.prefix)
        page_number = 1
        if len(words) > 1 and words[-1].isdecimal():
            page_number = int(words.pop()[:6])
        wanted = " ".join(words)
        pages: list[list[int]] = []

        def pick(sizes: list[tuple[int, int]]) -> list[int]:
            pages.extend(paginate(sizes, self.per_page, self.page_chars))
            return pages[page_number - 1] if 1 <= page_number <= len(pages) else []

        found = await self.facts.topic_page(wanted, pick)
        if found is None:
            return await self._no_such_topic(wanted, ctx.prefix)
        topic, _, facts = found
        if not pages:
            return Reply.say(f"No facts on {topic.name} yet.")
        if not 1 <= page_number <= len(pages):
            return Reply.oops(
                f"There is no page {page_number}: {topic.name} has {plural(len(pages), 'page')}."
            )
        count = sum(len(page) for page in pages)
        heading = f"{topic.title or topic.name} ({topic.name}): {plural(count, 'fact')}"
        if len(pages) > 1:
            heading += f", page {page_number} of {len(pages)}"
        blocks: list[Block] = [Line(heading, Style.HEADING)]
        blocks += [fact.as_quote() for fact in facts]
        if page_number < len(pages):
            blocks.append(Line(f"Next: {ctx.prefix}facts {topic.name} {page_number + 1}"))
        return Reply(tuple(blocks))

    async def _topic_list(self, prefix: str) -> Reply:
        """Every topic with its count."""
        topics = await self.facts.topics()
        if not topics:
            return Reply.say("There are no facts yet.")
        lines = [Line("Topics (facts on each):", Style.HEADING)]
        lines += [Line(f"{t.name} ({t.fact_count}): {t.title}") for t in topics]
        lines.append(Line(f"Try {prefix}facts varrp or {prefix}facts search <words>", Style.HINT))
        return Reply(tuple(lines))

    async def _no_such_topic(self, wanted: str, prefix: str) -> Reply:
        """The answer for an unknown topic, with the nearest ones."""
        labels = await self.facts.topic_labels()
        matches = process.extract(
            wanted.lower()[:60], list(labels), scorer=fuzz.WRatio, limit=8, score_cutoff=75
        )
        suggestions = list(dict.fromkeys(labels[label] for label, _, _ in matches))[:3]
        shown = shorten(wanted, 40)
        if suggestions:
            return Reply.oops(f"No facts on '{shown}'. Did you mean: {', '.join(suggestions)}?")
        return Reply.oops(
            f"No facts on '{shown}'. See {prefix}facts for topics, or {prefix}facts search <words>."
        )

    async def search(self, ctx: Context) -> Reply:
        """!facts search <words>: the best matching quotes."""
        words = ctx.args.rest
        if not words.strip():
            raise UsageError("Say what to search for.")
        found = await self.facts.search(words, limit=SEARCH_LIMIT + 1)
        if not found:
            return Reply.oops(f"Nothing found for '{shorten(words, 40)}'. Try fewer words.")
        blocks: list[Block] = [Line(f"Best matches for '{shorten(words, 40)}':", Style.HEADING)]
        blocks += [fact.as_quote() for fact in found[:SEARCH_LIMIT]]
        if len(found) > SEARCH_LIMIT:
            blocks.append(Line("More match: add a word to narrow it down.", Style.HINT))
        return Reply(tuple(blocks))

    async def show(self, ctx: Context) -> Reply:
        """!fact <id>: one fact in full."""
        if len(ctx.args.words) != 1:
            raise UsageError("Give one fact id.")
        fact_id = parse_fact_id(ctx.args.words[0])
        fact = await self.facts.fact(fact_id)
        if fact is None:
            return Reply.oops(
                f"There is no fact #{fact_id}. Find ids with {ctx.prefix}facts <topic>."
            )
        return Reply((fact.as_quote(full=True),))
