"""The public pages over HTTP: every route, its status, and hostile text shown as text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import WebSettings
from bot.facts.fact_writer import FactEdit, FactWriter
from tests.webkit import Site, open_site

HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \u202egnp.exe"


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    """The web face on a new seeded database."""
    async for opened in open_site(tmp_path / "bot.db"):
        yield opened


async def test_index_lists_topics_with_counts_and_a_search_box(site: Site) -> None:
    page = await site.text("/")
    assert 'href="/topics/varrp"' in page
    assert "(varrp: 5 facts)" in page
    assert '<input id="q" name="q" type="search"' in page
    assert '<html lang="en" dir="ltr">' in page


async def test_topic_pages_like_the_chat(site: Site) -> None:
    first = await site.text("/topics/varrp")
    assert "5 facts, page 1 of 2" in first
    assert 'rel="next" href="/topics/varrp?page=2"' in first
    second = await site.text("/topics/varrp?page=2")
    assert "page 2 of 2" in second and 'rel="prev"' in second
    chat = await site.say("!facts varrp 2")
    for fact_id in ("#10", "#11"):
        assert (fact_id in chat) == (fact_id in second)


async def test_topic_found_by_alias_and_refusals(site: Site) -> None:
    assert "VARRP" in await site.text("/topics/voluntary%20return")
    await site.text("/topics/varp", 404)
    await site.text("/topics/varrp?page=3", 404)
    await site.text("/topics/varrp?page=0", 404)
    await site.text("/topics/varrp?page=x", 404)


async def test_search_is_the_chats_search(site: Site) -> None:
    page = await site.text("/search?q=waiver")
    chat = await site.say("!facts search waiver")
    first = chat.split("#", 1)[1].split(" ", 1)[0]
    assert f'href="/facts/{first}"' in page
    assert "Nothing found" in await site.text("/search?q=zzzqqq")
    assert "Type words to find" in await site.text("/search?q=")


async def test_fact_page_has_preview_meta_and_the_way_to_its_source(site: Site) -> None:
    page = await site.text("/facts/8")
    assert '<link rel="canonical" href="http://' in page
    for meta in ('property="og:title"', 'property="og:image"', 'name="twitter:card"'):
        assert meta in page
    assert "Andrea D&#39;Cruz, &#39;A fake friend&#39;, Red Pepper, 11 December 2008" in page
    assert 'href="/sources/a-fake-friend#fact-8">See it in the source' in page
    assert "<dt>As of</dt><dd>11 December 2008</dd>" in page


async def test_a_fact_page_shows_its_translations_as_translations(site: Site) -> None:
    await site.say('!fact translate 9 ar "ترتّب النقل «حتى عتبة البيت» <b>"')
    page = await site.text("/facts/9")
    assert "<dt>Translation (ar)</dt>" in page
    assert '<span lang="ar" dir="auto">ترتّب النقل «حتى عتبة البيت» &lt;b&gt;</span>' in page
    assert "translated by <bdi>alice</bdi>; not the source's words" in page
    assert page.index("“It arranges transport") < page.index("ترتّب النقل")


async def test_base_url_makes_the_canonical_address(tmp_path: Path) -> None:
    web = WebSettings(port=0, base_url="https://facts.example.org")
    async for site in open_site(tmp_path / "bot.db", web):
        page = await site.text("/facts/8")
        assert '<link rel="canonical" href="https://facts.example.org/facts/8">' in page
        assert 'content="https://facts.example.org/facts/8/card.png"' in page


async def test_source_page_highlights_and_anchors_every_quote(site: Site) -> None:
    page = await site.text("/sources/a-fake-friend")
    shown = await site.say("!facts varrp")
    assert '<span class="anchor" id="fact-8"></span><mark' in page
    assert page.count('<span class="anchor" id="fact-') == 22
    assert "#8" in shown
    assert "Not found word for word" not in page


async def test_deleted_and_missing_facts_are_404(site: Site) -> None:
    await site.say("!fact delete 8")
    await site.text("/facts/8", 404)
    await site.text("/facts/8/card.png", 404)
    await site.text("/facts/999999", 404)
    await site.text("/facts/abc", 404)
    source = await site.text("/sources/a-fake-friend")
    assert 'id="fact-8"' not in source
    await site.say("!fact restore 8")
    await site.text("/facts/8")


async def test_unknown_source_and_path_are_404(site: Site) -> None:
    await site.text("/sources/nope", 404)
    body = await site.text("/no/such/page", 404)
    assert "There is no page at this address." in body


async def test_every_page_forbids_scripts_and_framing(site: Site) -> None:
    for path in ("/", "/facts/8", "/nope"):
        response = await site.client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_hostile_quote_is_text_everywhere(site: Site) -> None:
    # As a fact file could bring it: the chat drops format characters like U+202E.
    writer = FactWriter(site.app.database)
    await writer.edit("test:alice", 8, FactEdit(quote=HOSTILE, note=HOSTILE), force=True)
    for path in ("/facts/8", "/topics/varrp", "/search?q=onerror"):
        page = await site.text(path)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
    page = await site.text("/facts/8")
    head = page.split("</head>", 1)[0]
    assert "\u202e" not in head, "a right-to-left override in the title or preview"
    assert '<blockquote><p dir="auto">“&lt;/script&gt;' in page
    assert "\u202egnp.exe</bdi>" in page or "\u202egnp.exe”</p>" in page


async def test_card_is_a_square_png(site: Site) -> None:
    response = await site.client.get("/facts/8/card.png")
    assert response.status == 200
    assert response.content_type == "image/png"
    data = await response.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == int.from_bytes(data[20:24], "big") == 1080


async def test_search_and_cards_are_rate_limited_per_address(tmp_path: Path) -> None:
    web = WebSettings(port=0, searches_per_minute=3, cards_per_minute=2)
    async for site in open_site(tmp_path / "bot.db", web):
        statuses = [(await site.client.get("/search?q=iom")).status for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        cards = [(await site.client.get("/facts/8/card.png")).status for _ in range(3)]
        assert cards == [200, 200, 429]
        limited = await site.client.get("/facts/9/card.png")
        assert limited.status == 429 and int(limited.headers["Retry-After"]) >= 1
        assert (await site.client.get("/facts/8")).status == 200


async def test_forwarded_for_counts_only_when_trusted(tmp_path: Path) -> None:
    for trusted in (False, True):
        web = WebSettings(port=0, searches_per_minute=1, trust_forwarded=trusted)
        async for site in open_site(tmp_path / f"bot-{trusted}.db", web):
            statuses = []
            for address in ("203.0.113.1", "203.0.113.2"):
                headers = {"X-Forwarded-For": address}
                statuses.append((await site.client.get("/search?q=iom", headers=headers)).status)
            # Trusted, the proxy's word makes two clients; untrusted, one client faked it.
            assert statuses == ([200, 200] if trusted else [200, 429])


async def test_chat_answers_link_to_the_pages_with_a_base_url(tmp_path: Path) -> None:
    web = WebSettings(port=0, base_url="https://facts.example.org")
    async for site in open_site(tmp_path / "bot.db", web):
        assert "On the web: https://facts.example.org/facts/8" in await site.say("!fact 8")
        page = await site.say("!facts varrp 2")
        assert "On the web: https://facts.example.org/topics/varrp?page=2" in page


async def test_chat_answers_have_no_link_without_a_base_url(site: Site) -> None:
    assert "On the web" not in await site.say("!fact 8")
