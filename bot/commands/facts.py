"""Commands that answer with facts: !iom, !facts, !facts search, !fact <id>."""

from __future__ import annotations

from bot.commands.fact_texts import worded
from bot.commands.kinds import FACT_ID, PAGE, TEXT, TOPIC
from bot.commands.params import word, words
from bot.commands.registry import Command, Context, Handler
from bot.commands.router import shorten
from bot.commands.values import nearest_topics
from bot.commands.wording import quoted
from bot.core.cache import VersionedCache
from bot.core.links import WebLinks
from bot.core.model import Block, Line, Reply, Style
from bot.facts.paging import PageBudget
from bot.facts.store import FactStore
from bot.i18n.language import N_, Language

OVERVIEW_TOPIC = "iom"
OVERVIEW_SIZE = 5
SEARCH_LIMIT = 5
# A page of a topic: as many quotes as read well in one reply.
PAGE_BUDGET = PageBudget(facts=5, chars=1600)

FACT = word("id", FACT_ID, missing=N_("Give one fact id."))
TOPIC_NAMED = words("topic", TOPIC, required=False)
PAGE_NUMBER = word("page", PAGE, required=False)
SEARCHED = words(
    "words", TEXT, missing=N_("Say what to search for."), about=N_("words to look for")
)


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
            values = tuple(sorted(ctx.invocation.values.items()))
            key = (handler, ctx.prefix, ctx.lang.code, values)
            return await cache.get(key, lambda: handler(ctx))

        return answer

    def commands(self) -> list[Command]:
        """The commands this group provides."""
        return worded(
            [
                Command(
                    "iom",
                    N_("A short overview of the IOM, with sources."),
                    self.cached(self.overview),
                    example="iom",
                ),
                Command(
                    "facts",
                    N_("List topics, or show the quotes on one topic."),
                    self.cached(self.topic),
                    (TOPIC_NAMED, PAGE_NUMBER),
                    example="facts varrp",
                    aliases=("topic", "topics"),
                ),
                Command(
                    "facts search",
                    N_("Search every quote, note and translation for words."),
                    self.cached(self.search),
                    (SEARCHED,),
                    example="facts search waiver",
                    aliases=("search",),
                ),
                Command(
                    "fact",
                    N_("Show one fact in full, with its source."),
                    self.cached(self.show),
                    (FACT,),
                    example="fact 8",
                ),
            ]
        )

    async def overview(self, ctx: Context) -> Reply:
        """!iom: a few key quotes, cited once at the foot."""
        lang = ctx.lang
        found = await self.facts.topic_facts(OVERVIEW_TOPIC, OVERVIEW_SIZE)
        if found is None or not found[1]:
            return Reply.oops(lang._("No overview yet. Try {command} for the topics.",
                                     command=f"{ctx.prefix}facts"))  # fmt: skip
        topic, facts = found
        one_source = len({fact.source for fact in facts}) == 1
        blocks: list[Block] = [Line(topic.title or topic.name, Style.HEADING)]
        blocks += [quoted(fact, lang, cited=not one_source) for fact in facts]
        return Reply(tuple(blocks), footer=facts[0].citation if one_source else None)

    async def topic(self, ctx: Context) -> Reply:
        """!facts [topic] [page]: the topic list, or one page of a topic's quotes."""
        lang, prefix = ctx.lang, ctx.prefix
        wanted = ctx.get(TOPIC_NAMED)
        if wanted is None:
            return await self._topic_list(prefix, lang)
        page = ctx.get(PAGE_NUMBER)
        page_number = 1 if page is None else page
        found = await self.facts.topic_page(wanted, page_number, self.page)
        if found is None:
            return await self._no_such_topic(wanted, prefix, lang)
        topic, pages = found.topic, found.pages
        if not pages:
            return Reply.say(lang._("No facts on {topic} yet.", topic=topic.name))
        if not 1 <= page_number <= pages:
            return Reply.oops(
                lang.n_("There is no page {page}: {topic} has {count} page.",
                        "There is no page {page}: {topic} has {count} pages.", pages,
                        page=lang.number(page_number), topic=topic.name)
            )  # fmt: skip
        title, count = topic.title or topic.name, topic.fact_count
        if pages > 1:
            heading = lang.n_("{title} ({topic}): {count} fact, page {page} of {pages}",
                              "{title} ({topic}): {count} facts, page {page} of {pages}", count,
                              title=title, topic=topic.name, page=lang.number(page_number),
                              pages=lang.number(pages))  # fmt: skip
        else:
            heading = lang.n_("{title} ({topic}): {count} fact", "{title} ({topic}): {count} facts",
                              count, title=title, topic=topic.name)  # fmt: skip
        blocks: list[Block] = [Line(heading, Style.HEADING)]
        blocks += [quoted(fact, lang) for fact in found.facts]
        if self.links is not None:
            link = self.links.topic(topic.name, page_number)
            blocks.append(Line(lang._("On the web: {link}", link=link)))
        if page_number < pages:
            following = f"{prefix}facts {topic.name} {page_number + 1}"
            blocks.append(Line(lang._("Next: {command}", command=following)))
        return Reply(tuple(blocks))

    async def _topic_list(self, prefix: str, lang: Language) -> Reply:
        """Every topic with its count."""
        topics = await self.facts.topics()
        if not topics:
            return Reply.say(lang._("There are no facts yet."))
        lines = [Line(lang._("Topics (facts on each):"), Style.HEADING)]
        lines += [Line(f"{t.name} ({lang.number(t.fact_count)}): {t.title}") for t in topics]
        hint = lang._("Try {example} or {search}", example=f"{prefix}facts varrp",
                      search=f"{prefix}facts search <words>")  # fmt: skip
        lines.append(Line(hint, Style.HINT))
        return Reply(tuple(lines))

    async def _no_such_topic(self, wanted: str, prefix: str, lang: Language) -> Reply:
        """The answer for an unknown topic, with the nearest ones."""
        suggestions = await nearest_topics(self.facts, wanted)
        shown = shorten(wanted, 40)
        if suggestions:
            return Reply.oops(lang._("No facts on '{topic}'. Did you mean: {nearest}?",
                                     topic=shown, nearest=", ".join(suggestions)))  # fmt: skip
        return Reply.oops(
            lang._("No facts on '{topic}'. See {topics} for topics, or {search}.", topic=shown,
                   topics=f"{prefix}facts", search=f"{prefix}facts search <words>")
        )  # fmt: skip

    async def search(self, ctx: Context) -> Reply:
        """!facts search <words>: the best matching quotes."""
        lang = ctx.lang
        searched = ctx[SEARCHED]
        shown = shorten(searched, 40)
        found = await self.facts.search(searched, limit=SEARCH_LIMIT + 1)
        if not found:
            return Reply.oops(lang._("Nothing found for '{words}'. Try fewer words.", words=shown))
        heading = lang._("Best matches for '{words}':", words=shown)
        blocks: list[Block] = [Line(heading, Style.HEADING)]
        blocks += [quoted(fact, lang) for fact in found[:SEARCH_LIMIT]]
        if len(found) > SEARCH_LIMIT:
            blocks.append(Line(lang._("More match: add a word to narrow it down."), Style.HINT))
        return Reply(tuple(blocks))

    async def show(self, ctx: Context) -> Reply:
        """!fact <id>: one fact in full."""
        lang = ctx.lang
        fact_id = ctx[FACT]
        fact = await self.facts.fact(fact_id)
        if fact is None:
            return Reply.oops(lang._("There is no fact #{id}. Find ids with {command}.",
                                     id=fact_id, command=f"{ctx.prefix}facts <topic>"))  # fmt: skip
        shown = quoted(fact, lang, full=True)
        if self.links is None:
            return Reply((shown,))
        link = Line(lang._("On the web: {link}", link=self.links.fact(fact.id)))
        return Reply((shown, link))
