"""Commands that answer with facts: !iom, !facts, !facts search, !fact <id>."""

from __future__ import annotations

from bot.commands.fact_texts import worded
from bot.commands.kinds import FACT_ID, PAGE, TEXT, TOPIC
from bot.commands.params import word, words
from bot.commands.registry import Command, Context, Handler
from bot.commands.router import shorten
from bot.commands.values import nearest_topics
from bot.core.cache import VersionedCache
from bot.core.links import WebLinks
from bot.core.model import Block, Line, Reply, Style
from bot.core.words import plural
from bot.facts.paging import PageBudget
from bot.facts.store import FactStore

OVERVIEW_TOPIC = "iom"
OVERVIEW_SIZE = 5
SEARCH_LIMIT = 5
# A page of a topic: as many quotes as read well in one reply.
PAGE_BUDGET = PageBudget(facts=5, chars=1600)

FACT = word("id", FACT_ID, missing="Give one fact id.")
TOPIC_NAMED = words("topic", TOPIC, required=False)
PAGE_NUMBER = word("page", PAGE, required=False)
SEARCHED = words("words", TEXT, missing="Say what to search for.", about="words to look for")


class FactCommands:
    """The read-only fact commands, over the fact store."""

    def __init__(
        self,
        facts: FactStore,
        cache: VersionedCache | None = None,
        page: PageBudget = PAGE_BUDGET,
        links: WebLinks | None = None,
    ) -> None:
        self.facts = facts
        self.cache = cache
        self.page = page
        # With [web] base_url: answers link to the fact's or topic's page.
        self.links = links

    def cached(self, handler: Handler) -> Handler:
        """``handler`` answering from the cache while the database is unchanged."""
        if self.cache is None:
            return handler
        cache = self.cache

        async def answer(ctx: Context) -> Reply:
            key = (handler, ctx.prefix, tuple(sorted(ctx.invocation.values.items())))
            return await cache.get(key, lambda: handler(ctx))

        return answer

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return worded(
            [
                Command(
                    "iom",
                    "A short overview of the IOM, with sources.",
                    self.cached(self.overview),
                    example="iom",
                ),
                Command(
                    "facts",
                    "List topics, or show the quotes on one topic.",
                    self.cached(self.topic),
                    (TOPIC_NAMED, PAGE_NUMBER),
                    example="facts varrp",
                    aliases=("topic", "topics"),
                ),
                Command(
                    "facts search",
                    "Search every quote and note for words.",
                    self.cached(self.search),
                    (SEARCHED,),
                    example="facts search waiver",
                    aliases=("search",),
                ),
                Command(
                    "fact",
                    "Show one fact in full, with its source.",
                    self.cached(self.show),
                    (FACT,),
                    example="fact 8",
                ),
            ]
        )

    async def overview(self, ctx: Context) -> Reply:
        """!iom: a few key quotes, cited once at the foot."""
        found = await self.facts.topic_facts(OVERVIEW_TOPIC, OVERVIEW_SIZE)
        if found is None or not found[1]:
            return Reply.oops(f"No overview yet. Try {ctx.prefix}facts for the topics.")
        topic, facts = found
        one_source = len({fact.source for fact in facts}) == 1
        blocks: list[Block] = [Line(topic.title or topic.name, Style.HEADING)]
        blocks += [fact.as_quote(cited=not one_source) for fact in facts]
        return Reply(tuple(blocks), footer=facts[0].citation if one_source else None)

    async def topic(self, ctx: Context) -> Reply:
        """!facts [topic] [page]: the topic list, or one page of a topic's quotes."""
        wanted = ctx.get(TOPIC_NAMED)
        if wanted is None:
            return await self._topic_list(ctx.prefix)
        page = ctx.get(PAGE_NUMBER)
        page_number = 1 if page is None else page
        found = await self.facts.topic_page(wanted, page_number, self.page)
        if found is None:
            return await self._no_such_topic(wanted, ctx.prefix)
        topic, pages = found.topic, found.pages
        if not pages:
            return Reply.say(f"No facts on {topic.name} yet.")
        if not 1 <= page_number <= pages:
            return Reply.oops(
                f"There is no page {page_number}: {topic.name} has {plural(pages, 'page')}."
            )
        heading = f"{topic.title or topic.name} ({topic.name}): {plural(topic.fact_count, 'fact')}"
        if pages > 1:
            heading += f", page {page_number} of {pages}"
        blocks: list[Block] = [Line(heading, Style.HEADING)]
        blocks += [fact.as_quote() for fact in found.facts]
        if self.links is not None:
            blocks.append(Line(f"On the web: {self.links.topic(topic.name, page_number)}"))
        if page_number < pages:
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
        suggestions = await nearest_topics(self.facts, wanted)
        shown = shorten(wanted, 40)
        if suggestions:
            return Reply.oops(f"No facts on '{shown}'. Did you mean: {', '.join(suggestions)}?")
        return Reply.oops(
            f"No facts on '{shown}'. See {prefix}facts for topics, or {prefix}facts search <words>."
        )

    async def search(self, ctx: Context) -> Reply:
        """!facts search <words>: the best matching quotes."""
        words = ctx[SEARCHED]
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
        fact_id = ctx[FACT]
        fact = await self.facts.fact(fact_id)
        if fact is None:
            return Reply.oops(
                f"There is no fact #{fact_id}. Find ids with {ctx.prefix}facts <topic>."
            )
        if self.links is None:
            return Reply((fact.as_quote(full=True),))
        return Reply((fact.as_quote(full=True), Line(f"On the web: {self.links.fact(fact.id)}")))
