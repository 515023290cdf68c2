"""The admin editor over HTTP: one-time login links, the session cookie, CSRF, and edits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.recording import person
from bot.config import WebSettings
from bot.core.model import Incoming, Role
from bot.render.text import to_plain
from bot.web.sessions import COOKIE
from tests.webkit import LINK, ROOM, Site, admin, open_site

EDITED_NOTE = "VARRP is for asylum seekers."


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    """The bot and its web face on a new seeded database."""
    async for opened in open_site(tmp_path / "bot.db"):
        yield opened


async def edit_form(site: Site, csrf: str, **changes: str) -> dict[str, str]:
    """The edit form of fact 8 as shown, with ``changes``."""
    form = {"csrf": csrf, "quote": "", "note": "", "as_of": "", "topics": ""}
    page = await site.text("/admin/facts/8")
    form["quote"] = page.split('name="quote" dir="auto" required>', 1)[1].split("</textarea>")[0]
    form["quote"] = form["quote"].replace("&#39;", "'").replace("&amp;", "&")
    form["topics"] = "varrp"
    form["as_of"] = "2008-12-11"
    form.update(changes)
    return form


async def test_members_and_strangers_get_no_link(site: Site) -> None:
    for role in (Role.MEMBER, Role.ORGANISER):
        answer = await site.say("!web login", person(role, "test:mallory"))
        assert answer == "Only admins can log in to the web editor."


async def test_no_link_where_others_read_it(site: Site) -> None:
    answer = await site.say("!web login", admin(), direct=False)
    assert "only in a direct message" in answer
    assert "/login/" not in answer


async def test_where_the_adapter_answers_privately_the_link_is_marked_private(site: Site) -> None:
    asked = Incoming("!web login", admin(), ROOM, "m1")
    reply = await site.app.answer(asked, privately=True)
    assert reply is not None and reply.private and LINK.search(to_plain(reply))
    mallory = person(Role.MEMBER, "test:mallory")
    refused = await site.app.answer(replace(asked, author=mallory), privately=True)
    assert refused is not None and not refused.private, "a refusal is said in the room"
    assert to_plain(refused) == "Only admins can log in to the web editor."


async def test_opening_the_link_does_not_use_it_a_click_does(site: Site) -> None:
    token = await site.login_token()
    for _ in range(2):  # a link preview fetching the page logs nobody in
        page = await site.text(f"/login/{token}")
        assert '<button type="submit">Log in</button>' in page
    response = await site.client.post(f"/login/{token}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/admin"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here
    assert "test:alice" in await site.text("/admin")


async def test_a_link_works_once(site: Site) -> None:
    token = await site.login_token()
    assert (await site.client.post(f"/login/{token}", allow_redirects=False)).status == 303
    site.client.session.cookie_jar.clear()
    again = await site.client.post(f"/login/{token}", allow_redirects=False)
    assert again.status == 403
    assert "used already" in await again.text()
    assert COOKIE not in again.cookies
    assert "used already" in await site.text(f"/login/{token}", 403)
    await site.text("/admin", 403)


async def test_a_link_expires_after_ten_minutes(site: Site) -> None:
    token = await site.login_token()
    site.clock.advance(timedelta(minutes=10, seconds=1))
    refused = await site.client.post(f"/login/{token}", allow_redirects=False)
    assert refused.status == 403 and "expired" in await refused.text()
    assert "not valid" in await site.text("/login/not-a-token", 403)


async def test_cookie_is_secure_behind_https_only_when_told(tmp_path: Path) -> None:
    cases = [
        (WebSettings(port=0, base_url="https://facts.example.org"), {}, True),
        (WebSettings(port=0, trust_forwarded=True), {"X-Forwarded-Proto": "https"}, True),
        (WebSettings(port=0), {"X-Forwarded-Proto": "https"}, False),
    ]
    for number, (web, headers, secure) in enumerate(cases):
        async for site in open_site(tmp_path / f"bot{number}.db", web):
            token = await site.login_token()
            response = await site.client.post(
                f"/login/{token}", allow_redirects=False, headers=headers
            )
            assert response.status == 303
            assert ("Secure" in response.headers["Set-Cookie"]) is secure


async def test_editor_pages_need_a_session(site: Site) -> None:
    for path in ("/admin", "/admin/facts/8", "/admin/sources/new", "/admin/topics/alias"):
        assert "Log in first" in await site.text(path, 403)
    response = await site.post("/admin/facts/8", {"note": "x", "csrf": "x"})
    assert response.status == 403
    assert "Note" not in await site.say("!fact 8") or EDITED_NOTE not in await site.say("!fact 8")


async def test_a_form_without_the_csrf_token_changes_nothing(site: Site) -> None:
    csrf = await site.log_in()
    form = await edit_form(site, csrf, note=EDITED_NOTE)
    for bad in ("", "wrong", csrf[:-1]):
        response = await site.post("/admin/facts/8", {**form, "csrf": bad})
        assert response.status == 403
        assert "Form refused" in await response.text()
    del form["csrf"]
    assert (await site.post("/admin/facts/8", form)).status == 403
    assert EDITED_NOTE not in await site.say("!fact 8")


async def test_a_form_from_another_site_changes_nothing(site: Site) -> None:
    csrf = await site.log_in()
    form = await edit_form(site, csrf, note=EDITED_NOTE)
    response = await site.client.post(
        "/admin/facts/8", data=form, headers={"Origin": "https://evil.example"}
    )
    assert response.status == 403
    assert EDITED_NOTE not in await site.say("!fact 8")


async def test_a_note_edit_is_a_revision_in_the_admins_name(site: Site) -> None:
    csrf = await site.log_in(admin("test:alice"))
    response = await site.post("/admin/facts/8", await edit_form(site, csrf, note=EDITED_NOTE))
    assert response.status == 303
    assert response.headers["Location"].startswith("/admin/facts/8?done=r")
    assert EDITED_NOTE in await site.say("!fact 8")
    history = await site.say("!fact history 8")
    assert "test:alice · edited: note: (none) → “VARRP is for asylum seekers.”" in history
    page = await site.text(response.headers["Location"])
    assert "Saved as r" in page and f'<ins dir="auto">{EDITED_NOTE}</ins>' in page


async def test_a_quote_not_in_the_source_is_refused_with_the_closest_passage(site: Site) -> None:
    csrf = await site.log_in()
    form = await edit_form(site, csrf)
    form["quote"] = form["quote"].replace("voluntary", "willing")
    response = await site.post("/admin/facts/8", form)
    assert response.status == 422
    page = await response.text()
    assert "not word for word in the source a-fake-friend" in page
    assert "Closest passage in the source" in page and "voluntary" in page
    assert "willing" in page  # what was typed is kept in the form
    assert "willing" not in await site.say("!fact 8")


async def test_unverified_choice_keeps_the_quote_marked(site: Site) -> None:
    csrf = await site.log_in()
    form = await edit_form(site, csrf, unverified="yes")
    form["quote"] = form["quote"].replace("voluntary", "willing")
    response = await site.post("/admin/facts/8", form)
    assert response.status == 303 and "note=forced" in response.headers["Location"]
    answer = await site.say("!fact 8")
    assert "willing" in answer and "Unverified" in answer


async def test_other_refusals_are_worded_as_in_chat(site: Site) -> None:
    csrf = await site.log_in()
    nothing = await site.post("/admin/facts/8", await edit_form(site, csrf))
    assert nothing.status == 422 and "That changes nothing on #8." in await nothing.text()
    topic = await site.post("/admin/facts/8", await edit_form(site, csrf, topics="nope"))
    assert "There is no topic &#39;nope&#39;." in await topic.text()
    day = await site.post("/admin/facts/8", await edit_form(site, csrf, as_of="2999-01-01"))
    assert "is in the future" in await day.text()


async def test_undo_reverts_the_last_change(site: Site) -> None:
    csrf = await site.log_in()
    await site.post("/admin/facts/8", await edit_form(site, csrf, note=EDITED_NOTE))
    response = await site.post("/admin/facts/8/undo", {"csrf": csrf})
    assert response.status == 303
    assert EDITED_NOTE not in await site.say("!fact 8")
    assert "undid r" in await site.say("!fact history 8")
    refused = await site.post("/admin/facts/8/undo", {"csrf": "nope"})
    assert refused.status == 403


async def test_logging_out_ends_the_session(site: Site) -> None:
    csrf = await site.log_in()
    cookie = site.client.session.cookie_jar.filter_cookies(site.client.make_url("/"))[COOKIE]
    assert (await site.post("/logout", {"csrf": csrf})).status == 303
    await site.text("/admin", 403)
    replayed = await site.client.get("/admin", cookies={COOKIE: cookie.value})
    assert replayed.status == 403


async def test_adding_a_source_with_its_text_and_an_alias(site: Site) -> None:
    csrf = await site.log_in()
    form = {
        "csrf": csrf,
        "title": "A test article",
        "author": "A. Writer",
        "publication": "Test Weekly",
        "date": "2020-01-02",
        "url": "https://example.org/a",
        "id": "",
        "text": "First line of the article.\n\nThe second paragraph says something true.",
    }
    response = await site.post("/admin/sources/new", form)
    assert response.status == 303 and response.headers["Location"] == "/sources/a-test-article"
    assert "Full text stored" in await site.say("!source a-test-article")
    again = await site.post("/admin/sources/new", form)
    assert again.status == 422 and "already stored as a-test-article" in await again.text()
    alias = await site.post("/admin/topics/alias", {"csrf": csrf, "topic": "varrp", "alias": "avr"})
    assert "now finds varrp" in await alias.text()
    assert "VARRP" in await site.say("!facts avr")
    taken = await site.post("/admin/topics/alias", {"csrf": csrf, "topic": "iom", "alias": "avr"})
    assert taken.status == 422


async def test_two_clicks_racing_on_one_link_open_one_session(site: Site) -> None:
    token = await site.login_token()
    first, second = await asyncio.gather(
        site.client.post(f"/login/{token}", allow_redirects=False),
        site.client.post(f"/login/{token}", allow_redirects=False),
    )
    assert sorted([first.status, second.status]) == [303, 403]


async def test_the_database_keeps_no_usable_link_or_session(site: Site) -> None:
    token = await site.login_token()
    await site.client.post(f"/login/{token}", allow_redirects=False)
    cookie = site.client.session.cookie_jar.filter_cookies(site.client.make_url("/"))[COOKIE]
    raw = site.app.database.path.read_bytes() + Path(f"{site.app.database.path}-wal").read_bytes()
    assert token.encode() not in raw and cookie.value.encode() not in raw
