"""The web face in a real headless Chromium (Debian's), as a newcomer and as an admin."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, Dialog, Page, async_playwright

from bot.app import App
from bot.config import Settings, WebSettings
from bot.core.clock import ManualClock
from bot.facts.fact_writer import FactEdit, FactWriter
from bot.web.site import WebServer
from tests.webkit import LINK, START, Site

# Where the screenshots go; CI keeps this folder (named in the README) as its artefacts.
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "web"
XSS = "<img src=x onerror=alert(1)>"


@dataclass
class Live:
    """The bot with its web face served on a free port, and a browser page."""

    site: Site
    server: WebServer
    page: Page
    dialogs: list[str]

    def url(self, path: str) -> str:
        """An address on the live site."""
        return f"http://127.0.0.1:{self.server.port}{path}"

    async def login_link(self) -> str:
        """A fresh login link from !web login, pointing at the live site."""
        found = LINK.search(await self.site.say("!web login"))
        assert found, "no login link"
        return self.url(f"/login/{found.group(1)}")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless (installed by .ci/run: never skipped)."""
    executable = shutil.which("chromium")
    assert executable, "chromium is not installed: .ci/run installs Debian's chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"]
        )
        yield launched
        await launched.close()


@pytest.fixture
async def live(tmp_path: Path, browser: Browser) -> AsyncIterator[Live]:
    """The site on 127.0.0.1 and a fresh browser context (no cookies)."""
    clock = ManualClock(START)
    settings = replace(Settings(), web=WebSettings(port=0))
    app = await App.open(settings, tmp_path / "bot.db", clock=clock, wake=False, serve_web=True)
    assert app.web is not None
    await app.web.start()
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    dialogs: list[str] = []

    async def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        yield Live(Site(app, None, clock), app.web, page, dialogs)  # type: ignore[arg-type]
    finally:
        await context.close()
        await app.web.stop()
        await app.close()


async def test_a_newcomer_finds_a_quote_and_sees_it_in_its_source(live: Live) -> None:
    page = live.page
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.goto(live.url("/"))
    assert await page.locator("h1").inner_text() == "Topics"
    await page.get_by_label("Search the quotes").fill("waiver")
    await page.get_by_role("button", name="Search").click()
    await page.wait_for_url("**/search?q=waiver")
    first = page.locator("article.fact .fact-id a").first
    fact_path = await first.get_attribute("href")
    assert fact_path and fact_path.startswith("/facts/")
    fact_id = fact_path.rsplit("/", 1)[1]
    await first.click()
    await page.wait_for_url(f"**{fact_path}")
    quote = (await page.locator("blockquote").inner_text()).strip("“”")
    await page.screenshot(path=SHOTS / "fact-page.png", full_page=True)
    await page.get_by_role("link", name="See it in the source").click()
    await page.wait_for_url(f"**/sources/*#fact-{fact_id}")
    target = page.locator(":target")
    assert await target.get_attribute("id") == f"fact-{fact_id}"
    passage = page.locator(f"#fact-{fact_id} ~ mark").first
    assert quote[:40] in await passage.inner_text()
    assert await passage.is_visible()
    box = await passage.bounding_box()
    assert box is not None and 0 <= box["y"] < 844, "the passage is not on the screen"
    await page.screenshot(path=SHOTS / "source-in-context.png")
    card = await page.context.request.get(live.url(f"/facts/{fact_id}/card.png"))
    assert card.status == 200
    (SHOTS / "card.png").write_bytes(await card.body())
    assert not live.dialogs


async def test_an_admin_edits_is_refused_sees_history_and_undoes(live: Live) -> None:
    page = live.page
    await page.goto(await live.login_link())
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url("**/admin")
    await page.get_by_label("Edit fact #").fill("8")
    await page.get_by_role("button", name="Open").click()
    await page.wait_for_url("**/admin/facts/8")
    quote = page.get_by_label("Quote (word for word from the source)")
    original = await quote.input_value()
    await quote.fill(original.replace("voluntary", "willing"))
    await page.get_by_role("button", name="Save").click()
    refusal = page.get_by_role("alert")
    assert "not word for word in the source a-fake-friend" in await refusal.inner_text()
    assert "voluntary" in await page.locator(".closest").inner_text()
    assert "willing" not in await live.site.say("!fact 8")

    await quote.fill(original)
    await page.get_by_label("Note", exact=True).fill("Checked by the browser test.")
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_url("**/admin/facts/8?done=r*")
    history = page.locator("table.history tbody tr").first
    assert "Checked by the browser test." in await history.locator("ins").inner_text()
    assert "test:alice" in await history.inner_text()
    await page.get_by_role("button", name="Undo the last change").click()
    await page.wait_for_url("**/admin/facts/8?done=r*")
    assert "undid r" in await page.locator("table.history tbody tr").first.inner_text()
    assert "Checked by the browser test." not in await live.site.say("!fact 8")
    assert not live.dialogs


async def test_a_used_or_expired_link_is_refused(live: Live) -> None:
    page = live.page
    link = await live.login_link()
    await page.goto(link)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url("**/admin")
    await page.context.clear_cookies()
    await page.goto(link)
    assert "used already" in await page.locator("main").inner_text()
    stale = await live.login_link()
    live.site.clock.advance(timedelta(minutes=11))
    await page.goto(stale)
    assert "expired" in await page.locator("main").inner_text()
    await page.goto(live.url("/admin"))
    assert await page.locator("h1").inner_text() == "Log in first"


async def test_a_form_without_its_csrf_token_is_refused(live: Live) -> None:
    page = live.page
    await page.goto(await live.login_link())
    await page.get_by_role("button", name="Log in").click()
    await page.goto(live.url("/admin/facts/8"))
    await page.get_by_label("Note", exact=True).fill("Posted without the token.")
    # As a forged form would arrive: the hidden token taken out before it is sent.
    await page.locator("form[action='/admin/facts/8'] input[name=csrf]").evaluate("e => e.remove()")
    await page.get_by_role("button", name="Save").click()
    assert await page.locator("h1").inner_text() == "Form refused"
    assert "Posted without the token." not in await live.site.say("!fact 8")


async def test_a_quote_with_markup_shows_as_text_and_runs_nothing(live: Live) -> None:
    writer = FactWriter(live.site.app.database)
    await writer.edit("test:alice", 8, FactEdit(quote=f"IOM {XSS} runs", note=XSS), force=True)
    page = live.page
    for path in ("/facts/8", "/topics/varrp", "/search?q=onerror"):
        await page.goto(live.url(path))
        assert XSS in await page.locator("main").inner_text()
        assert await page.locator("main img").count() == 0
    await page.goto(live.url("/facts/8"))
    await page.wait_for_timeout(300)
    assert live.dialogs == [], "an injected script ran"
